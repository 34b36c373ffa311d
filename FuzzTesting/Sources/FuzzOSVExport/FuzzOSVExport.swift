import Audit
import Foundation

/// Feeds arbitrary bytes, written to a file as an OSV export (`all.zip`), to the archive reader with small
/// limits, through the same file-path form `seal advisories update` uses. Refusals are expected; a crash, a
/// trap, an ASan report, or an accepted record larger than the limit is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOSVExport(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-osv-export-\(getpid()).zip").path
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: count)) else { return 0 }
    defer { try? FileManager.default.removeItem(atPath: path) }
    let limits = OSVExportLimits(
        maximumArchiveBytes: 1 << 20,
        maximumEntries: 64,
        maximumRecordBytes: 64 << 10,
        maximumTotalBytes: 1 << 20,
        maximumRatio: 200
    )
    guard let export = try? OSVExportArchive(path: path, limits: limits) else { return 0 }
    for entry in export.entries {
        precondition(entry.bytes.count <= limits.maximumRecordBytes, "a record above the limit was accepted")
        precondition(!entry.id.contains("/"), "an id with a path separator was accepted")
    }
    return 0
}
