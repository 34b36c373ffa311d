/// A failure to read, write or use a minisign or signify file.
///
/// A signature that does not verify is not an error: it is a ``Verification`` verdict. Errors are for input
/// that cannot be used at all, and for the environment. Messages name the file and the field, never key bytes
/// or passwords.
public struct MinisignError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case malformedPublicKey, malformedSecretKey, malformedSignature, unsupportedAlgorithm
            case wrongPassword, corruptedSecretKey, invalidComment, io, usage, signerFailed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A public key file or string is not a minisign/signify public key.
        public static let malformedPublicKey = Code(.malformedPublicKey)
        /// A secret key file cannot be parsed.
        public static let malformedSecretKey = Code(.malformedSecretKey)
        /// A signature file cannot be parsed.
        public static let malformedSignature = Code(.malformedSignature)
        /// A signature, key or KDF algorithm this implementation does not support.
        public static let unsupportedAlgorithm = Code(.unsupportedAlgorithm)
        /// The password does not decrypt the secret key.
        public static let wrongPassword = Code(.wrongPassword)
        /// The key decrypted consistently but its stored checksum does not match: the file is damaged.
        public static let corruptedSecretKey = Code(.corruptedSecretKey)
        /// A comment has a line break, an unprintable character or is too long.
        public static let invalidComment = Code(.invalidComment)
        /// A file could not be read or written.
        public static let io = Code(.io)
        /// The request itself is inconsistent (for example `-x` with several files).
        public static let usage = Code(.usage)
        /// The signer (a key file, or a remote key service) could not sign.
        public static let signerFailed = Code(.signerFailed)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .malformedPublicKey: "malformed public key"
            case .malformedSecretKey: "malformed secret key"
            case .malformedSignature: "malformed signature"
            case .unsupportedAlgorithm: "unsupported algorithm"
            case .wrongPassword: "wrong password"
            case .corruptedSecretKey: "corrupted secret key"
            case .invalidComment: "invalid comment"
            case .io: "I/O failure"
            case .usage: "usage"
            case .signerFailed: "signer failed"
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
    public static func == (lhs: MinisignError, rhs: MinisignError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
