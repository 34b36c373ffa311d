import Audit

/// Feeds arbitrary bytes to the Debian control-file readers: apt's Release/InRelease header, a `Packages` list
/// and the dpkg database, then asks for the pending update of every listed package. Parse errors are expected;
/// a crash, a trap or an ASan report is a bug. A pending update must be newer than the installed version.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAptLists(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    let suite = (try? AptSecurityLists.parseRelease(bytes, source: "fuzz"))??.name ?? "fuzz-security"
    _ = try? DpkgStatus.parse(String(decoding: bytes, as: UTF8.self), source: "fuzz")
    guard let entries = try? AptSecurityLists.parsePackages(bytes, source: "fuzz", suite: suite) else { return 0 }
    var lists = AptSecurityLists(suites: [.init(name: suite, version: "12", releaseFile: "fuzz", lists: [])])
    for entry in entries { lists.offers[entry.package, default: []].append(entry.offer) }
    for entry in entries.prefix(64) {
        for installed in ["0", entry.offer.version, "1:0"] {
            let package = AuditedPackage(
                ecosystem: .debian12,
                name: entry.package,
                displayName: entry.package,
                version: installed,
                architecture: entry.offer.architecture
            )
            if let offer = lists.pendingUpdate(for: package) {
                precondition(
                    (VersionScheme.dpkg.compare(offer.version, installed) ?? 0) > 0,
                    "a pending update is not newer than the installed version"
                )
            }
        }
    }
    return 0
}
