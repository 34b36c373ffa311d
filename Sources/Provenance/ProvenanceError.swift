/// A failure to read, write or sign provenance: a DSSE envelope, an in-toto Statement, a SLSA predicate.
///
/// A signature or subject that does not match is not an error: it is a ``ProvenanceVerdict``. Errors are for
/// input that cannot be used at all, and for the environment. Messages name the source and the field, never
/// key bytes.
public struct ProvenanceError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case malformedEnvelope, malformedStatement, signerFailed, io }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A DSSE envelope (or a line of a `.intoto.jsonl` file) cannot be parsed.
        public static let malformedEnvelope = Code(.malformedEnvelope)
        /// An in-toto Statement cannot be parsed, or is not a v1 Statement.
        public static let malformedStatement = Code(.malformedStatement)
        /// The signer could not sign.
        public static let signerFailed = Code(.signerFailed)
        /// A file could not be read.
        public static let io = Code(.io)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .malformedEnvelope: "malformed DSSE envelope"
            case .malformedStatement: "malformed in-toto statement"
            case .signerFailed: "signer failed"
            case .io: "I/O failure"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong and where, without the underlying error's text (empty when that says it all).
    public let message: String
    /// The error this one wraps, when there is one; not part of equality.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message, then the underlying error's text (the latter alone when the message is empty), as the user
    /// reads it.
    public var description: String {
        guard let underlying else { return message }
        return message.isEmpty ? "\(underlying)" : "\(message): \(underlying)"
    }
    /// Errors compare on their code only.
    public static func == (lhs: ProvenanceError, rhs: ProvenanceError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
