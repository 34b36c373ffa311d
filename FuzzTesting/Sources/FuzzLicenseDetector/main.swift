import SBOM

/// Feeds arbitrary text to the licence detector (normalisation and comparison with every SPDX text Bot4
/// knows). A crash, a trap or an ASan report is a bug; a match must carry a confidence in 0...1.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLicenseDetector(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    if let match = LicenseDetector.shared.match(text: text) {
        precondition((0...1).contains(match.confidence), "confidence \(match.confidence) out of range")
    }
    return 0
}
