/// A failure to read an event or to apply an event log.
///
/// Messages name the event (its index in the log when applying) and the field, e.g.
/// `event.order.price: "1e5" is not a decimal`.
public struct BookEventError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case malformed, unsupportedVersion, divergence
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The bytes are not an event of the documented encoding: bad JSON, a missing, unknown or ill-typed field.
        public static let malformed = Code(.malformed)
        /// The event was written in an encoding version this build does not read.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// Applying the log does not reproduce its reports: it belongs to another book or another engine.
        public static let divergence = Code(.divergence)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .malformed: "malformed event"
            case .unsupportedVersion: "unsupported event version"
            case .divergence: "event log divergence"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong and where, without the underlying error's text.
    public let message: String
    /// The error this one wraps (the JSON parser's), when there is one; not part of equality.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// `<code>: <message>`, then the underlying error's text.
    public var description: String {
        guard let underlying else { return "\(code): \(message)" }
        return "\(code): \(message): \(underlying)"
    }
    /// Errors compare on their code and message.
    public static func == (lhs: BookEventError, rhs: BookEventError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
    /// Hashes the code and the message.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(message)
    }
}
