/// A statement and its parameters, built so that values can never become SQL.
///
/// Every interpolated value becomes a `$n` placeholder and a bind:
/// ```swift
/// let query: PQQuery = "SELECT free FROM balances WHERE account_id = \(account) AND asset = \(asset)"
/// // sql: "SELECT free FROM balances WHERE account_id = $1 AND asset = $2", binds: [account, asset]
/// ```
/// SQL text that is not a literal in the source (a table name chosen at run time, a migration read from
/// somewhere) can only be added through a spelling that says so: ``init(unsafeSQL:binds:)`` or
/// `\(unsafeSQL: text)` inside an interpolation.
public struct PQQuery: Hashable, Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The statement text with `$1…$n` placeholders.
    public private(set) var sql: String
    /// The parameters, in placeholder order.
    public private(set) var binds: [PQBind]

    /// A statement whose text the caller vouches for; `binds` fill its `$n` placeholders in order.
    public init(unsafeSQL sql: String, binds: [PQBind] = []) {
        self.sql = sql
        self.binds = binds
    }

    /// A statement from a literal with no interpolation.
    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    /// A statement from a literal with interpolated binds.
    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// The statement text only (binds may be secret or personal, so they are never part of a description).
    public var description: String { sql }

    /// Builds a ``PQQuery`` from an interpolated literal: literal parts are SQL, values are binds.
    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var binds: [PQBind] = []

        /// Reserves room for the literal parts.
        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds.reserveCapacity(interpolationCount)
        }

        /// Appends literal SQL from the source.
        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// Appends a value as the next `$n` placeholder.
        public mutating func appendInterpolation(_ value: some PQBindable) {
            binds.append(value.pqBind)
            sql += "$\(binds.count)"
        }

        /// Appends an optional value as the next `$n` placeholder (`NULL` when it is nil).
        public mutating func appendInterpolation(_ value: (some PQBindable)?) {
            appendInterpolation(value.pqBind)
        }

        /// Appends SQL text that did not come from a literal; the caller vouches that it is not user input.
        public mutating func appendInterpolation(unsafeSQL text: String) {
            sql += text
        }
    }
}
