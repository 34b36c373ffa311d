import PQ

/// A failure of the trading store: bad input to it, a schema it cannot work with, or a database error.
///
/// Verdicts are not errors: a reused `newClientOrderId` is ``IdempotencyClaim/duplicate(orderID:)``. Errors are
/// for input that cannot be stored, for a log that is not whole, and for the database (``cause``).
public struct TradingStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidInput, sequenceGap, staleSequence, insufficientBalance, migrationDrift, database
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A value handed to the store is malformed (a decimal, an asset, a symbol, a JSON file).
        public static let invalidInput = Code(.invalidInput)
        /// The event log of a symbol has a hole: a sequence number is missing.
        public static let sequenceGap = Code(.sequenceGap)
        /// Events were to be appended after a sequence number that is no longer the last one.
        public static let staleSequence = Code(.staleSequence)
        /// A balance change would make a free or locked amount negative.
        public static let insufficientBalance = Code(.insufficientBalance)
        /// An applied migration differs from the one this build carries.
        public static let migrationDrift = Code(.migrationDrift)
        /// The database refused or failed; ``TradingStoreError/cause`` has the SQLSTATE.
        public static let database = Code(.database)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .invalidInput: "invalid input"
            case .sequenceGap: "sequence gap"
            case .staleSequence: "stale sequence"
            case .insufficientBalance: "insufficient balance"
            case .migrationDrift: "migration drift"
            case .database: "database"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong and where.
    public let message: String
    /// The error behind it (a ``PQ/PQError`` from the database, the JSON parser's), if any; not part of
    /// equality.
    public let underlying: (any Error)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message (and the underlying error's description; a database error's holds no row values).
    public var description: String {
        guard let underlying else { return message }
        return "\(message): \(underlying)"
    }

    /// Errors compare on their code only.
    public static func == (lhs: TradingStoreError, rhs: TradingStoreError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
