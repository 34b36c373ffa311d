import Bot4TestSupport
import Foundation
import PQ
import Testing

/// A server of its own, restarted and stopped under an open connection.
@Suite(.serialized, .enabled(if: TestEnvironment.canRun("pg_config")))
struct PQReconnectTests {
    @Test func reconnectsAfterARestart() async throws {
        let server = try PostgresServer.start()
        defer { server.stop() }
        let connection = PQConnection(
            PQConfiguration(url: server.url(), user: "postgres", password: PQPassword(server.superuserPassword))
        )
        let before = try await connection.query("SELECT pg_backend_pid() AS pid").first?.int("pid")
        let prepared = PQPreparedStatement(name: "twice", sql: "SELECT $1::int * 2 AS n")
        #expect(try await connection.query(prepared, [21]).first?.int("n") == 42)
        try server.restart()
        // The statement in flight when the server went away fails, saying so; it is not silently retried.
        let lost = await #expect(throws: PQError.self) { try await connection.query("SELECT 1 AS one") }
        #expect(lost?.code == .connectionLost)
        // The next one reconnects by itself, on a new server process.
        let after = try await connection.query("SELECT pg_backend_pid() AS pid").first?.int("pid")
        #expect(after != nil && after != before)
        #expect(await connection.state == .connected)
        // Prepared statements died with the old session; the connection prepares them again.
        #expect(try await connection.query(prepared, [4]).first?.int("n") == 8)
    }

    @Test func duringAnOutageCallsFailFastThenRecover() async throws {
        let server = try PostgresServer.start()
        defer { server.stop() }
        let connection = PQConnection(
            PQConfiguration(
                url: server.url(),
                user: "postgres",
                password: PQPassword(server.superuserPassword),
                connectTimeoutSeconds: 2,
                // Long enough that a busy machine (the suite runs tests in parallel) cannot stall the next call
                // past it, so the call below certainly falls inside the backoff window.
                backoff: .init(initial: .seconds(10), maximum: .seconds(10))
            )
        )
        try await connection.connect()
        try server.halt()
        let lost = await #expect(throws: PQError.self) { try await connection.query("SELECT 1 AS one") }
        #expect(lost?.code == .connectionLost)
        let refused = await #expect(throws: PQError.self) { try await connection.query("SELECT 1 AS one") }
        #expect(refused?.code == .connectionFailed)
        // Backing off means no connection attempt is made: the call fails at once instead of waiting for the
        // 2 s connect timeout (the code says which path it took; no wall-clock bound is asserted).
        let fast = await #expect(throws: PQError.self) { try await connection.query("SELECT 1 AS one") }
        #expect(fast?.code == .backingOff)
        try server.startAgain()
        // It recovers by itself once the backoff has passed: poll (bounded) until a query succeeds.
        var recovered: Int?
        for _ in 0..<120 where recovered == nil {
            try await Task.sleep(for: .milliseconds(250))
            recovered = try? await connection.query("SELECT 1 AS one").first?.int("one")
        }
        #expect(recovered == 1)
    }
}
