import Minisign

/// Feeds arbitrary bytes to the public key, secret key and signature parsers. Parse errors are expected;
/// a crash, a trap or an ASan report is a bug. A parsed signature must re-serialise and parse to itself, and
/// no file is both a minisign and a signify signature (the downgrade `--signify` exists to prevent).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMinisign(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    if let signature = try? Signature(fileContents: bytes, source: "fuzz") {
        let again = try? Signature(fileContents: Array(signature.fileContents.utf8), source: "fuzz")
        precondition(again == signature, "a parsed signature does not round-trip")
    }
    if let signify = try? Signature(signifyFileContents: bytes, source: "fuzz") {
        precondition(signify.isSignify, "the signify reader returned a minisign signature")
        precondition((try? Signature(fileContents: bytes, source: "fuzz")) == nil, "read both as minisign and signify")
        let again = try? Signature(signifyFileContents: Array(signify.fileContents.utf8), source: "fuzz")
        precondition(again == signify, "a parsed signify signature does not round-trip")
    }
    if let key = try? PublicKey(fileContents: bytes, source: "fuzz") {
        let again = try? PublicKey(base64: key.base64)
        precondition(again == key, "a parsed public key does not round-trip")
    }
    _ = try? SecretKey.isEncrypted(fileContents: bytes, source: "fuzz")
    // Unencrypted keys only: an encrypted one would run scrypt with attacker-chosen limits on every input.
    if (try? SecretKey.isEncrypted(fileContents: bytes, source: "fuzz")) == false {
        _ = try? SecretKey.load(fileContents: bytes, source: "fuzz") { throw MinisignError(.usage, "no password") }
    }
    return 0
}
