import PQ

/// Applies ``Migration/all`` (or any list) to a database: each migration once, each in its own transaction,
/// recorded in `schema_migrations` with the MD5 of its text so that an edited migration is caught.
///
/// Several instances may migrate at once: a transaction-level advisory lock serialises them, and the
/// second finds the work done.
///
/// **Ownership.** With an `ownerRole`, every migration runs under `SET LOCAL ROLE owner`, so the tables
/// belong to that stable role (typically `NOLOGIN`), not to the login that ran the migration. Logins leased
/// from OpenBao's database engine are created as members of that role (`IN ROLE bot4_owner`): they can use
/// and migrate the tables, and they can be dropped when their lease ends because they own nothing.
public struct Migrator: Sendable {
    /// The advisory lock key the migrators share (one 64-bit key; symbol locks use the two-key form).
    static let lockKey: Int64 = 0x626F_7434_6D69_6772  // "bot4migr"

    /// The migrations to apply, in version order.
    public let migrations: [Migration]
    /// The role that owns what migrations create, or `nil` for the login itself.
    public let ownerRole: String?

    /// Creates a migrator; `ownerRole` must be a plain lowercase identifier.
    public init(migrations: [Migration] = Migration.all, ownerRole: String? = nil) throws(TradingStoreError) {
        for (index, migration) in migrations.enumerated() where migration.version != index + 1 {
            throw TradingStoreError(
                .invalidInput,
                "migration \"\(migration.name)\" has version \(migration.version), expected \(index + 1)"
            )
        }
        if let ownerRole {
            let valid =
                !ownerRole.isEmpty && ownerRole.utf8.count <= 63
                && ownerRole.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
                && !(ownerRole.utf8.first! >= 0x30 && ownerRole.utf8.first! <= 0x39)
            guard valid else {
                throw TradingStoreError(
                    .invalidInput,
                    "owner role \"\(ownerRole.prefix(63))\" is not a plain identifier (a-z, 0-9, _)"
                )
            }
        }
        self.migrations = migrations
        self.ownerRole = ownerRole
    }

    /// Applies the migrations not yet applied; returns the versions applied now (empty when up to date).
    /// - Throws: ``TradingStoreError`` with ``TradingStoreError/Code/migrationDrift`` when an applied migration's
    ///   text differs from this build's, or ``TradingStoreError/Code/database`` when one fails (it is rolled back).
    @discardableResult
    public func migrate(_ connection: PQConnection) async throws(TradingStoreError) -> [Int] {
        var applied: [Int] = []
        for migration in migrations {
            let role = ownerRole
            do {
                let didApply = try await connection.transaction { connection in
                    try Self.apply(migration, ownerRole: role, on: connection)
                }
                if didApply { applied.append(migration.version) }
            } catch let error as TradingStoreError {
                throw error
            } catch let error as PQError {
                throw TradingStoreError(
                    .database,
                    "migration \(migration.version) (\(migration.name)) failed and was rolled back",
                    underlying: error
                )
            } catch {
                throw TradingStoreError(.database, "migration \(migration.version) failed", underlying: error)
            }
        }
        return applied
    }

    /// The versions recorded as applied.
    public static func appliedVersions(_ connection: PQConnection) async throws(PQError) -> [Int] {
        let exists = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
        guard try exists.first?.bool("present") == true else { return [] }
        return try await connection.query("SELECT version FROM schema_migrations ORDER BY version").map {
            row throws(PQError) in
            try row.int("version")
        }
    }

    private static func apply(
        _ migration: Migration,
        ownerRole: String?,
        on connection: isolated PQConnection
    ) throws
        -> Bool
    {
        if let ownerRole { try connection.execute("SET LOCAL ROLE \(unsafeSQL: ownerRole)") }
        try connection.execute("SELECT pg_advisory_xact_lock(\(lockKey))")
        try connection.runScript(
            unsafeSQL: """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    checksum TEXT NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """
        )
        let recorded = try connection.query(
            "SELECT checksum = md5(\(migration.sql)) AS same FROM schema_migrations WHERE version = \(migration.version)"
        )
        if let row = recorded.first {
            guard try row.bool("same") else {
                throw TradingStoreError(
                    .migrationDrift,
                    "migration \(migration.version) (\(migration.name)) was applied with different text; "
                        + "add a new migration instead of editing an applied one"
                )
            }
            return false
        }
        try connection.runScript(unsafeSQL: migration.sql)
        try connection.execute(
            """
            INSERT INTO schema_migrations (version, name, checksum)
            VALUES (\(migration.version), \(migration.name), md5(\(migration.sql)))
            """
        )
        return true
    }
}
