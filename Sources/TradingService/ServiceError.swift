/// Why `bot4 serve` could not start or stopped: bad input (a flag, a file), or the environment (a missing
/// variable, an unreadable file, the database, the listening socket).
///
/// Messages name the variable, file or address at fault, never a secret value. When another error is behind
/// it, ``underlying`` holds it instead of its text being pasted into the message.
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case invalidInput, environment }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A flag or file is malformed (exit code 2).
        public static let invalidInput = Code(.invalidInput)
        /// A variable is missing, a file cannot be read, the database or the socket failed (exit code 3).
        public static let environment = Code(.environment)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .invalidInput: "invalid input"
            case .environment: "environment"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What was being done and what was wrong.
    public let message: String
    /// The error behind this one, if any.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message, then the underlying error's description.
    public var description: String {
        guard let underlying else { return message }
        return "\(message): \(underlying)"
    }
}
