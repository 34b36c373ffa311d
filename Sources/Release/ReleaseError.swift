/// A failure of a release step (checksums, choosing a signer, the audit gate) that the step itself detects.
///
/// Failures of the parts it calls (a key file, a digest, a write, the Vault server, the audit) keep their own
/// error types; when a step has to say more, it wraps them and keeps the original as ``underlying``. Messages
/// name the file or the flag, never a key, password or token.
public struct ReleaseError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case badInput, io, negative
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The request or an input file cannot be used (a name a manifest cannot hold, a malformed config).
        public static let badInput = Code(.badInput)
        /// A file cannot be read or written, a server cannot be reached.
        public static let io = Code(.io)
        /// The verdict is negative: a fresh signature does not verify with the given public key.
        public static let negative = Code(.negative)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .badInput: "bad input"
            case .io: "I/O failure"
            case .negative: "negative verdict"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong and where, without the underlying error's text (empty when that says it all).
    public let message: String
    /// The error this one wraps, when there is one.
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
}
