/// A named statement with `$n` placeholders, prepared on a connection the first time it is used there (and
/// again after a reconnect, since prepared statements live as long as the server session).
public struct PQPreparedStatement: Hashable, Sendable {
    /// The statement's name on the server session.
    public let name: String
    /// The statement text with `$1…$n` placeholders.
    public let sql: String

    /// A statement whose text is a literal in the source.
    public init(name: String, sql: StaticString) {
        self.name = name
        self.sql = sql.description
    }

    /// A statement whose text the caller vouches for.
    public init(name: String, unsafeSQL sql: String) {
        self.name = name
        self.sql = sql
    }
}
