/// A credential that cannot be loaded. Messages say what is wrong, never key material.
public struct APICredentialError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case malformedPEM, notEd25519, invalidKeyName }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The text is not one PEM block of base64.
        public static let malformedPEM = Code(.malformedPEM)
        /// The key is not an Ed25519 public key.
        public static let notEd25519 = Code(.notEd25519)
        /// An API key name that clients could not send in `X-MBX-APIKEY`.
        public static let invalidKeyName = Code(.invalidKeyName)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .malformedPEM: "malformed PEM"
            case .notEd25519: "not Ed25519"
            case .invalidKeyName: "invalid key name"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// Two errors are equal when their codes are.
    public static func == (lhs: APICredentialError, rhs: APICredentialError) -> Bool { lhs.code == rhs.code }

    /// Hashes the code.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
