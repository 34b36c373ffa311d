import SBOM

/// Feeds arbitrary bytes to the Debian copyright (DEP-5) reader and derives the licence. A malformed file is
/// an expected error; a crash, a trap or an expression that is not plain SPDX syntax is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDebianCopyright(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    guard let copyright = try? DebianCopyright.parse(bytes, file: "fuzz") else { return 0 }
    if let expression = copyright.spdxExpression {
        precondition(!expression.isEmpty && !copyright.files.isEmpty, "an empty expression")
        precondition(!expression.contains("\n") && !expression.contains(","), "not SPDX syntax: \(expression)")
        precondition(copyright.unmappedLicenses.isEmpty, "a licence despite unmapped names")
    }
    return 0
}
