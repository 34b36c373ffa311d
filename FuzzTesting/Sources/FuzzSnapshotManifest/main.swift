import Audit

/// Feeds arbitrary bytes to the advisory snapshot manifest reader (`snapshot.json`). Parse errors are
/// expected; a crash, a trap or an ASan report is a bug. A manifest read must write back to JSON that reads
/// to the same manifest.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshotManifest(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    guard let manifest = try? SnapshotManifest(bytes: bytes, source: "snapshot.json") else { return 0 }
    let again = try? SnapshotManifest(bytes: Array(manifest.json.utf8), source: "again")
    precondition(again?.files == manifest.files, "a manifest does not round-trip")
    return 0
}
