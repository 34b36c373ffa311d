/// An exchangeInfo document that cannot be used: not JSON, or a field missing or malformed.
///
/// The message names the field by its JSON path (`symbols[12].filters[0].tickSize`) and says what was wrong.
public struct ExchangeInfoError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case notJSON, missingField, malformedField }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The bytes are not a JSON document.
        public static let notJSON = Code(.notJSON)
        /// A required field is absent or null.
        public static let missingField = Code(.missingField)
        /// A field has the wrong type or an invalid value (a malformed decimal string, say).
        public static let malformedField = Code(.malformedField)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .notJSON: "not JSON"
            case .missingField: "missing field"
            case .malformedField: "malformed field"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong and where (the JSON path), without the underlying error's text.
    public let message: String
    /// The error this one wraps (the decoder's), when there is one; not part of equality.
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
        return "\(message): \(underlying)"
    }
    /// Errors compare on their code only.
    public static func == (lhs: ExchangeInfoError, rhs: ExchangeInfoError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
