import Vault

/// Feeds arbitrary bytes to the `policy/secrets.toml` parser (TOMLKit, then the strict schema).
/// Errors are expected; a crash, a trap or an ASan report is a bug. Every reference parsed must print back
/// to a string that parses to the same reference.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSecretsPolicy(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    guard let policy = try? SecretsPolicy(toml: text, source: "fuzz") else { return 0 }
    for reference in policy.references {
        precondition((try? SecretReference(reference.description)) == reference, "a reference does not round-trip")
    }
    return 0
}
