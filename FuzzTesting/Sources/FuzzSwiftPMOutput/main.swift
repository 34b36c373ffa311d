import SBOM

/// Feeds arbitrary bytes to the readers of SwiftPM's JSON output the SBOM is built from: `swift package
/// dump-package` (the manifest) and `swift package show-dependencies --format json` (the dependency tree).
/// Parse errors are expected; a crash, a trap or an ASan report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSwiftPMOutput(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    _ = try? SwiftPMManifest.parse(bytes)
    _ = try? DependencyTree.parse(bytes)
    return 0
}
