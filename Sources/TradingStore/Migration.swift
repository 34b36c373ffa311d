/// One versioned change of the store's schema: applied once, in its own transaction, and recorded with a
/// checksum of its text in `schema_migrations`.
public struct Migration: Hashable, Sendable {
    /// The version, from 1, increasing without gaps.
    public let version: Int
    /// A short name.
    public let name: String
    /// The SQL script (several statements).
    public let sql: String

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
