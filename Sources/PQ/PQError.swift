/// A failure to connect to PostgreSQL or to run a statement on it.
///
/// Errors carry the server's SQLSTATE when there is one (``sqlState``), so that callers decide on the class of
/// failure (`23505` unique violation, `40001` serialization failure, class `08` connection failures) instead of
/// parsing text. ``description`` gives the code, the SQLSTATE and the server's primary message; the server's
/// detail (which may quote row values) and the statement text are only in ``debugDescription``. No error ever
/// holds the password: the connection never puts it into a string, and connection messages are scrubbed of it
/// before they are stored.
public struct PQError: Error, Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case connectionFailed, connectionLost, backingOff, closed, server, pipelineAborted, invalidQuery
            case invalidConfiguration, unexpectedResult, typeMismatch
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A connection could not be opened (server unreachable, authentication refused, TLS refused).
        public static let connectionFailed = Code(.connectionFailed)
        /// An open connection broke while a statement was in flight: its outcome is unknown.
        public static let connectionLost = Code(.connectionLost)
        /// The connection is down and the next attempt is not due yet: the call failed fast, without waiting.
        public static let backingOff = Code(.backingOff)
        /// The connection was closed by its owner.
        public static let closed = Code(.closed)
        /// The server refused a statement; ``PQError/sqlState`` says why.
        public static let server = Code(.server)
        /// A statement was not run because an earlier one in the same pipeline batch failed.
        public static let pipelineAborted = Code(.pipelineAborted)
        /// A statement cannot be sent as given (for example a bind that is not valid text).
        public static let invalidQuery = Code(.invalidQuery)
        /// The connection's configuration is unusable (for example a malformed URL).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The server answered in a way the caller did not expect (a wrong result status or shape).
        public static let unexpectedResult = Code(.unexpectedResult)
        /// A column could not be read as the requested Swift type.
        public static let typeMismatch = Code(.typeMismatch)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .connectionFailed: "connection failed"
            case .connectionLost: "connection lost"
            case .backingOff: "reconnect backing off"
            case .closed: "connection closed"
            case .server: "server error"
            case .pipelineAborted: "pipeline aborted"
            case .invalidQuery: "invalid query"
            case .invalidConfiguration: "invalid configuration"
            case .unexpectedResult: "unexpected result"
            case .typeMismatch: "type mismatch"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// The five-character SQLSTATE the server (or libpq) reported, when there is one.
    public let sqlState: String?
    /// What was wrong: the server's or libpq's primary message, or this library's own.
    public let message: String
    /// The server's detail and hint lines, when there are any (may quote row values: kept out of `description`).
    public let detail: String?
    /// The statement text the error belongs to, when there is one (kept out of `description`).
    public let query: String?
    /// The error this one wraps (the failure of one statement of a batch), when there is one; not part of
    /// equality.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(
        _ code: Code,
        _ message: String,
        sqlState: String? = nil,
        detail: String? = nil,
        query: String? = nil,
        underlying: (any Error)? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.query = query
        self.underlying = underlying
    }

    /// Whether the failure was the server's unique-constraint check (SQLSTATE `23505`).
    public var isUniqueViolation: Bool { sqlState == "23505" }

    /// Whether retrying the whole transaction may succeed (`40001` serialization failure, `40P01` deadlock).
    public var isRetryableTransactionFailure: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// The code, the SQLSTATE and the primary message, then the underlying error's (a wrapped `PQError` by its
    /// message and cause, its code and SQLSTATE being this error's).
    public var description: String {
        var text = "PostgreSQL \(code)"
        if let sqlState { text += " [\(sqlState)]" }
        return text + ": " + reason
    }

    /// The message followed by the underlying error's.
    private var reason: String {
        guard let underlying else { return message }
        return message + ": " + ((underlying as? PQError)?.reason ?? "\(underlying)")
    }

    /// The description plus the server's detail and the statement.
    public var debugDescription: String {
        var text = description
        if let detail { text += "\n" + detail }
        if let query { text += "\nquery: " + query }
        return text
    }

    /// Errors compare on their code and SQLSTATE only.
    public static func == (lhs: PQError, rhs: PQError) -> Bool {
        lhs.code == rhs.code && lhs.sqlState == rhs.sqlState
    }

    /// Hashes the code and SQLSTATE only.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(sqlState)
    }
}
