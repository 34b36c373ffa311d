/// A decimal string that cannot be a ``FixedDecimal``, or arithmetic whose exact result does not fit.
///
/// Messages quote the offending text (truncated) and say what was wrong, so that a caller can prefix the field
/// or file it came from.
public struct DecimalError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case empty, invalidCharacter, exponent, tooManyDigits, outOfRange, negative, overflow
            case divisionByZero, inexact
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The string is empty (or only a sign).
        public static let empty = Code(.empty)
        /// A character that is not a digit, a leading `-` or one `.` between digits.
        public static let invalidCharacter = Code(.invalidCharacter)
        /// Scientific notation (`1e-8`): Binance never sends it and it is refused rather than guessed.
        public static let exponent = Code(.exponent)
        /// More fractional digits than ``FixedDecimal/maxScale``.
        public static let tooManyDigits = Code(.tooManyDigits)
        /// The value does not fit the 64-bit raw value at its scale.
        public static let outOfRange = Code(.outOfRange)
        /// A negative value where only non-negative values are allowed.
        public static let negative = Code(.negative)
        /// An arithmetic result does not fit.
        public static let overflow = Code(.overflow)
        /// Division by zero.
        public static let divisionByZero = Code(.divisionByZero)
        /// Rounding was needed but the caller asked for an exact result.
        public static let inexact = Code(.inexact)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .empty: "empty"
            case .invalidCharacter: "invalid character"
            case .exponent: "exponent"
            case .tooManyDigits: "too many digits"
            case .outOfRange: "out of range"
            case .negative: "negative"
            case .overflow: "overflow"
            case .divisionByZero: "division by zero"
            case .inexact: "inexact"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong, quoting the input; when wrapping another error, only where it happened.
    public let message: String
    /// The error this one wraps (the decimal error of one field of a line), when there is one; not part of
    /// equality.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message, then the underlying error's text, as the user reads it.
    public var description: String {
        guard let underlying else { return message }
        return "\(message): \(underlying)"
    }
    /// Errors compare on their code only.
    public static func == (lhs: DecimalError, rhs: DecimalError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
