/// The outcome of verifying a provenance envelope against a public key and the files it is about.
///
/// A value, not an error: ``isVerified`` is true only when a signature by the expected key verifies, the
/// payload type is in-toto's, the payload is a v1 Statement, and every checked file matches a subject by
/// SHA-256.
public struct ProvenanceVerdict: Hashable, Sendable {
    /// One reason the envelope does not verify.
    public enum Problem: Hashable, Sendable, CustomStringConvertible {
        /// No signature carries the expected key id (the envelope was signed by another key).
        case keyIDMismatch(expected: String, found: [String])
        /// A signature with the expected key id does not verify over the PAE.
        case badSignature(keyID: String)
        /// The payload type is not `application/vnd.in-toto+json`.
        case wrongPayloadType(String)
        /// The payload is not an in-toto Statement v1 (the reason).
        case malformedStatement(String)
        /// A file's SHA-256 differs from its subject's.
        case digestMismatch(name: String, expected: String, actual: String)
        /// A subject has no SHA-256 digest.
        case noSHA256(name: String)
        /// A file to check is not among the subjects.
        case notASubject(name: String)
        /// A subject names no file that was given.
        case missingFile(name: String)

        /// A sentence naming what failed.
        public var description: String {
            switch self {
            case .keyIDMismatch(let expected, let found):
                "signed by another key: expected key id \(expected), found \(found.isEmpty ? "none" : found.joined(separator: ", "))"
            case .badSignature(let keyID): "the signature by key \(keyID) does not verify"
            case .wrongPayloadType(let type): "payloadType is '\(type)', expected '\(DSSEEnvelope.inTotoPayloadType)'"
            case .malformedStatement(let reason): "the payload is not an in-toto Statement v1: \(reason)"
            case .digestMismatch(let name, let expected, let actual):
                "\(name): SHA-256 \(actual) does not match the subject's \(expected)"
            case .noSHA256(let name): "subject \(name) has no sha256 digest"
            case .notASubject(let name): "\(name) is not a subject of the provenance"
            case .missingFile(let name): "subject \(name) names no file of the bundle"
            }
        }
    }

    /// The problems found; empty when the envelope verifies.
    public var problems: [Problem]
    /// The statement, when the signature verified and the payload parsed.
    public var statement: InTotoStatement?

    /// Creates a verdict.
    public init(problems: [Problem], statement: InTotoStatement?) {
        self.problems = problems
        self.statement = statement
    }

    /// Whether everything checked out.
    public var isVerified: Bool { problems.isEmpty && statement != nil }
}
