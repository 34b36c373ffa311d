import Release

/// Feeds arbitrary bytes to the reader of `SHA256SUMS`/`SHA512SUMS` that `seal verify-release` uses. Every
/// entry it accepts must have a digest of the asked length and a name, and the entries written back in
/// `sha256sum`'s format must read to the same entries.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChecksumManifest(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    for length in [64, 128] {
        let (lines, _) = ChecksumManifest.read(bytes, digestLength: length)
        for line in lines {
            precondition(line.hex.utf8.count == length && !line.name.isEmpty, "an entry without digest or name")
        }
        let written = lines.map { "\($0.hex)  \($0.name)\n" }.joined()
        let again = ChecksumManifest.read(Array(written.utf8), digestLength: length).lines
        precondition(again.map(\.hex) == lines.map(\.hex), "digests do not survive writing back")
        precondition(again.map(\.name) == lines.map(\.name), "names do not survive writing back")
    }
    return 0
}
