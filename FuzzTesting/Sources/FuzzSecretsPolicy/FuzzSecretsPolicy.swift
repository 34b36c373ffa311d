import Vault

/// Feeds arbitrary bytes to the `policy/secrets.toml` parser (TOMLKit, then the strict schema).
/// Errors are expected; a crash, a trap or an ASan report is a bug. Every reference parsed must print back
/// to a string that parses to the same reference. The `[vault]`-only reading of `--vault-config` (no secret
/// mapped) and ``VaultConfiguration/init(policy:environment:)`` run over the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSecretsPolicy(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    if let settingsOnly = try? SecretsPolicy(toml: text, source: "fuzz", requiringSecrets: false) {
        _ = try? VaultConfiguration(policy: settingsOnly, environment: ["VAULT_ADDR": "http://127.0.0.1:8200"])
    }
    guard let policy = try? SecretsPolicy(toml: text, source: "fuzz") else { return 0 }
    for reference in policy.references {
        precondition((try? SecretReference(reference.description)) == reference, "a reference does not round-trip")
    }
    return 0
}

/// TOMLKit 0.6.0 leaks: it never frees the `strdup`s of `tableGetKeys` and `nodeAsString`
/// (CTOML/Sources/Table.cpp, Node.cpp) nor the root table of `TOMLTable(string:)`. A configuration is parsed
/// once per process, so `seal exec` loses a few hundred bytes once. The suppression names only allocations
/// whose stack passes through TOMLKit's sources, so a leak in Bot4's own code still fails the run.
@_cdecl("__lsan_default_suppressions")
public func lsanDefaultSuppressions() -> UnsafePointer<CChar> {
    UnsafePointer(lsanSuppressions.baseAddress!)
}

nonisolated(unsafe) private let lsanSuppressions: UnsafeMutableBufferPointer<CChar> = {
    let text = Array("leak:checkouts/TOMLKit/Sources/\n".utf8CString)
    let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: text.count)
    _ = buffer.initialize(from: text)
    return buffer
}()
