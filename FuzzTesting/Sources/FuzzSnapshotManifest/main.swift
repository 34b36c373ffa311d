import Audit

/// Feeds arbitrary bytes to the advisory snapshot manifest readers (`snapshot.json`). Parse errors are
/// expected; a crash, a trap or an ASan report is a bug. A manifest read must write back to JSON that reads
/// to the same manifest, and the list a load without a package index reads must be, sorted, what the full
/// reader reads.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshotManifest(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    let manifest = try? SnapshotManifest(bytes: bytes, source: "snapshot.json")
    if let listed = try? SnapshotManifest.listedFiles(bytes, source: "snapshot.json") {
        precondition(manifest != nil, "a manifest the full reader refuses gives a file list")
        precondition(zip(listed, listed.dropFirst()).allSatisfy { $0.path < $1.path }, "a file list out of order")
        let files = Dictionary(listed.map { ($0.path, $0.digest) }, uniquingKeysWith: { first, _ in first })
        precondition(files == manifest?.files, "the file list and the manifest differ")
    }
    guard let manifest else { return 0 }
    let again = try? SnapshotManifest(bytes: Array(manifest.json.utf8), source: "again")
    precondition(again?.files == manifest.files, "a manifest does not round-trip")
    return 0
}
