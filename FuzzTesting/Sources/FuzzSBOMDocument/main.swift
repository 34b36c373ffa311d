import Audit
import SBOM

/// Feeds arbitrary bytes to the SBOM document reader `seal audit` uses (CycloneDX and SPDX JSON), then maps
/// what it read to the packages the audit matches. Parse errors are expected; a crash, a trap or an ASan
/// report is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSBOMDocument(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    guard let (_, bom) = try? SBOMDocumentReader.parse(bytes, file: "fuzz.json") else { return 0 }
    let input = AuditInput.from(
        components: bom.components,
        file: "fuzz.json",
        text: String(decoding: bytes, as: UTF8.self),
        hasLicenseData: true
    )
    _ = Auditor(database: AdvisoryDatabase(records: []), policy: AuditPolicy()).audit(input)
    return 0
}
