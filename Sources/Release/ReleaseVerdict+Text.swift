extension ReleaseVerdict {
    /// The verdict as `seal verify-release` prints it: a summary line when the bundle verifies, else a heading
    /// and one `kind: file: message` line per problem. No final newline.
    public var textReport: String {
        guard isVerified else {
            let lines = problems.map { "\($0.kind): \($0)" }
            return (["\(directory): the bundle does not verify"] + lines).joined(separator: "\n")
        }
        return "\(directory): \(files.count) files verified (signatures, checksums, SBOMs, provenance)"
    }
}
