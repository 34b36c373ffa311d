import Audit

/// Feeds arbitrary text to the `policy/audit.toml` parser (TOMLKit underneath). Errors are expected; a
/// crash, a trap or an ASan report is a bug. Every error must name the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAuditPolicy(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    do {
        let policy = try AuditPolicy.parse(text, source: "fuzz.toml")
        for ban in policy.bans { _ = ban.versions?.matches("1.2.3", scheme: .semver) }
    } catch {
        precondition(error.message.hasPrefix("fuzz.toml"), "an error does not name the file")
    }
    return 0
}
