import JSON
import SBOM

/// Feeds arbitrary bytes to the Package.resolved reader (and through it the JSON parser), and to the SBOM
/// document reader. Parse errors are expected; a crash, a trap or an ASan report is a bug. Every pin of a
/// parsed file must give a component whose purl re-parses to itself, and canonical JSON must re-parse to the
/// same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPackageResolved(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    if let resolved = try? PackageResolved.parse(bytes, file: "fuzz") {
        for pin in resolved.pins {
            if let purl = pin.component.purl {
                let again = try? PackageURL(parsing: purl.description)
                precondition(again == purl, "purl \(purl) does not round-trip")
            }
        }
    }
    if let json = try? JSONParser.parse(bytes, file: "fuzz") {
        let again = try? JSONParser.parse(JSONWriter.bytes(json), file: "fuzz")
        precondition(again.map { JSONWriter.bytes($0) } == JSONWriter.bytes(json), "canonical JSON does not round-trip")
    }
    _ = try? SBOMDocumentReader.parse(bytes, file: "fuzz")
    return 0
}
