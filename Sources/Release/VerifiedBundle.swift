/// A release bundle as ``ReleaseVerification/read(_:)`` checked it: the verdict, and the exact bytes of the
/// documents the checks parsed (the manifests, the provenance, the SBOMs), taken from the same read that was
/// hashed and whose signature was verified.
///
/// A consumer of a document (the deploy gate auditing the CycloneDX SBOM) uses these bytes instead of opening
/// the file again, so a file replaced on disk after the check cannot be what is used.
public struct VerifiedBundle: Sendable {
    /// The verdict of every check.
    public let verdict: ReleaseVerdict
    /// The bytes of each document read whole, by file name; a document missing here was not read (absent,
    /// larger than its limit, or the bundle's folder could not hold it).
    public let documents: [String: [UInt8]]

    /// Creates a verified bundle.
    public init(verdict: ReleaseVerdict, documents: [String: [UInt8]]) {
        self.verdict = verdict
        self.documents = documents
    }

    /// The bundle folder.
    public var directory: String { verdict.directory }

    /// Whether every check passed.
    public var isVerified: Bool { verdict.isVerified }
}
