/// A failure of `seal exec` before or while it starts the child: the configuration, the login, a missing
/// secret, a secret file, or the command itself.
///
/// When it wraps another error (a ``Vault/VaultError``, a ``Vault/SecretSet/ResolutionError``) that error is
/// ``underlying`` and its text is not repeated in ``message``; ``description`` joins both for the user, as
/// `seal exec` has always printed them.
public struct SecretsExecError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case configuration, vault, secretFile, cannotStart, invalidSecret
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The configuration file cannot be read or used.
        public static let configuration = Code(.configuration)
        /// Logging in or reading the secrets failed.
        public static let vault = Code(.vault)
        /// A `[files]` entry cannot be written.
        public static let secretFile = Code(.secretFile)
        /// The command cannot be started.
        public static let cannotStart = Code(.cannotStart)
        /// A secret value cannot be delivered as it is (a NUL byte in an environment variable's value).
        public static let invalidSecret = Code(.invalidSecret)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .configuration: "configuration"
            case .vault: "vault"
            case .secretFile: "secret file"
            case .cannotStart: "cannot start"
            case .invalidSecret: "invalid secret"
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

    /// The message, then the underlying error's text.
    public var description: String {
        guard let underlying else { return message }
        let inner = String(describing: underlying)
        return message.isEmpty ? inner : "\(message): \(inner)"
    }
}
