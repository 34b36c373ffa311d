import Audit

/// Feeds arbitrary bytes to the VEX reader (OpenVEX and CycloneDX VEX), then asks every statement whether it
/// covers a few packages. Parse errors are expected; a crash, a trap or an ASan report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVEX(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    guard let (statements, _) = try? VEXStatement.parse(bytes, source: "fuzz.json") else { return 0 }
    let packages = [
        AuditedPackage(ecosystem: .swiftURL, name: "https://github.com/apple/swift-nio", version: "2.40.0"),
        AuditedPackage(ecosystem: .debian12, name: "openssl", displayName: "libssl3", version: "3.0.15-1~deb12u1"),
    ]
    for statement in statements {
        for package in packages { _ = statement.covers(package) }
    }
    return 0
}
