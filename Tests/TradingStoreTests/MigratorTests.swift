import Bot4TestSupport
import Foundation
import PQ
import Testing
import TradingStore

/// Versioned migrations against a real PostgreSQL: once each, serialised, owned by a stable role.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct MigratorTests {
    @Test func migrationsApplyOnceAndAreRecorded() async throws {
        let connection = try StoreFixture.empty().connection
        #expect(try await Migrator().migrate(connection) == [1, 2])
        #expect(try await Migrator().migrate(connection) == [])
        #expect(try await Migrator.appliedVersions(connection) == [1, 2])
        let tables = try await connection.query(
            "SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'"
        ).first?.int("n")
        #expect(tables == 7)  // six store tables and schema_migrations
    }

    @Test func concurrentMigratorsApplyEachMigrationOnce() async throws {
        let fixture = try StoreFixture.empty()
        let (first, second) = (fixture.connection, fixture.connect())
        async let a = Migrator().migrate(first)
        async let b = Migrator().migrate(second)
        let applied = try await a + b
        #expect(applied.sorted() == [1, 2], "each migration applied once, by one of the two")
        #expect(try await Migrator.appliedVersions(first) == [1, 2])
    }

    @Test func anEditedMigrationIsRefusedAsDrift() async throws {
        let fixture = try await StoreFixture.migrated()
        let edited = Migration(version: 1, name: "edited", sql: Migration.all[0].sql + "\n-- edited")
        let error = await #expect(throws: TradingStoreError.self) {
            try await Migrator(migrations: [edited]).migrate(fixture.connection)
        }
        #expect(error?.code == .migrationDrift)
        #expect(error?.message.contains("migration 1") == true)
    }

    @Test func aFailingMigrationIsRolledBackWhole() async throws {
        let connection = try StoreFixture.empty().connection
        let broken = Migration(version: 1, name: "broken", sql: "CREATE TABLE half (n int); SELECT no_such_function();")
        let error = await #expect(throws: TradingStoreError.self) {
            try await Migrator(migrations: [broken]).migrate(connection)
        }
        #expect(error?.code == .database)
        #expect((error?.underlying as? PQError)?.sqlState == "42883")
        let half = try await connection.query("SELECT to_regclass('half') IS NULL AS absent").first?.bool("absent")
        #expect(half == true)
    }

    @Test func badMigrationListsAndRoleNamesAreRefused() {
        #expect(throws: TradingStoreError.self) {
            try Migrator(migrations: [Migration(version: 2, name: "skips one", sql: "SELECT 1")])
        }
        for role in ["Bot4", "owner; DROP TABLE accounts", "", "1role", "\"quoted\""] {
            #expect(throws: TradingStoreError.self) { try Migrator(ownerRole: role) }
        }
    }

    @Test func tablesBelongToTheStableRoleSoLeasedLoginsCanComeAndGo() async throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let owner = "bot4_owner_\(suffix)"
        let (first, second) = ("lease_a_\(suffix)", "lease_b_\(suffix)")
        let password = UUID().uuidString
        try server.psql(
            """
            CREATE ROLE \(owner) NOLOGIN;
            ALTER DATABASE \(database) OWNER TO \(owner);
            CREATE ROLE \(first) LOGIN PASSWORD '\(password)' IN ROLE \(owner);
            CREATE ROLE \(second) LOGIN PASSWORD '\(password)' IN ROLE \(owner);
            """
        )
        let leasedA = StoreFixture.login(server, database: database, user: first, password: password)
        #expect(try await Migrator(ownerRole: owner).migrate(leasedA) == [1, 2])
        let owners = try await leasedA.query(
            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
        ).map { try $0.string("tableowner") }
        #expect(owners == [owner])
        await leasedA.close()

        // The first lease ends: its login owns nothing, so it can be dropped.
        try server.psql("DROP ROLE \(first)")
        let leasedB = StoreFixture.login(server, database: database, user: second, password: password)
        #expect(try await Migrator(ownerRole: owner).migrate(leasedB) == [])
        let account = try await Accounts.ensure(apiKey: "key-b", on: leasedB)
        #expect(account > 0)
    }
}
