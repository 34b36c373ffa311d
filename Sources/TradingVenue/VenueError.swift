/// A failure of the venue to carry out a batch of orders: the outcome is not a Binance verdict.
///
/// A rejected order is not an error: it is a ``VenueVerdict``. Errors are for a commit that failed (the
/// orders of the batch may or may not be durable: the caller answers "unknown execution status" and the
/// venue catches up from the log at its next batch) and for a log that cannot be applied. Messages never carry
/// a password or a row's values.
public struct VenueError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case commitFailed, logUnusable, invalidInput, environment
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The transaction did not commit (connection lost, server down, a statement failed): nothing was
        /// applied in memory; whether the commit reached the server is unknown when the connection was lost.
        public static let commitFailed = Code(.commitFailed)
        /// The event log has a gap, an event this build cannot read, or events that do not reproduce.
        public static let logUnusable = Code(.logUnusable)
        /// Input the venue or the store refuses: a starting-balances file, an owner role, a symbol name.
        public static let invalidInput = Code(.invalidInput)
        /// The environment failed: a variable is missing, a file cannot be read, the database cannot be
        /// reached or a statement failed.
        public static let environment = Code(.environment)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .commitFailed: "commit failed"
            case .logUnusable: "event log unusable"
            case .invalidInput: "invalid input"
            case .environment: "environment"
            }
        }
    }

    /// What went wrong.
    public let code: Code
    /// What was being done and why it failed, without the underlying error's text.
    public let message: String
    /// The error behind it (the store's, the database's, an event's), if any; not part of equality.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The code and the message, then the underlying error's text.
    public var description: String {
        guard let underlying else { return "\(code): \(message)" }
        return "\(code): \(message): \(underlying)"
    }
    /// Errors compare on their code and message.
    public static func == (lhs: VenueError, rhs: VenueError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
    /// Hashes the code and the message.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
    }
}
