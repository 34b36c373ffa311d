/// A failure inside libsodium or in how it was called.
///
/// Errors are structs with an extensible ``Code`` so that new failure kinds do not break callers.
/// No error ever carries key material: messages name the operation, never the bytes.
public struct SodiumError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case initialisationFailed, allocationFailed, invalidLength, keyDerivationFailed, signingFailed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// `sodium_init()` reported failure.
        public static let initialisationFailed = Code(.initialisationFailed)
        /// `sodium_malloc` returned no memory.
        public static let allocationFailed = Code(.allocationFailed)
        /// An input had the wrong size for the primitive.
        public static let invalidLength = Code(.invalidLength)
        /// scrypt could not derive the key (usually: not enough memory for the stored limits).
        public static let keyDerivationFailed = Code(.keyDerivationFailed)
        /// Ed25519 signing failed.
        public static let signingFailed = Code(.signingFailed)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .initialisationFailed: "initialisation failed"
            case .allocationFailed: "allocation failed"
            case .invalidLength: "invalid length"
            case .keyDerivationFailed: "key derivation failed"
            case .signingFailed: "signing failed"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// A human-readable explanation free of secret values.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }

    /// Errors compare on their code only.
    public static func == (lhs: SodiumError, rhs: SodiumError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
