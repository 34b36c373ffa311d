import Bot4TestSupport
import PQ
import TradingStore

/// A fresh database on the process's shared PostgreSQL, migrated, with a superuser connection to it.
struct StoreFixture {
    let server: PostgresServer
    let database: String
    let connection: PQConnection

    /// A fresh database, not migrated.
    static func empty() throws -> StoreFixture {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let connection = login(server, database: database, user: "postgres", password: server.superuserPassword)
        return StoreFixture(server: server, database: database, connection: connection)
    }

    /// A fresh database with the store's migrations applied.
    static func migrated() async throws -> StoreFixture {
        let fixture = try empty()
        try await Migrator().migrate(fixture.connection)
        return fixture
    }

    static func login(_ server: PostgresServer, database: String, user: String, password: String) -> PQConnection {
        PQConnection(
            PQConfiguration(url: server.url(database: database), user: user, password: PQPassword(password))
        )
    }

    func connect() -> PQConnection {
        Self.login(server, database: database, user: "postgres", password: server.superuserPassword)
    }
}
