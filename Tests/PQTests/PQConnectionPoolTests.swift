import Bot4TestSupport
import Foundation
import PQ
import Testing

/// Leases bounded by the pool's size, and a login swapped while connections are lent.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct PQConnectionPoolTests {
    @Test func leasesWaitWhileEveryConnectionIsLent() async throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let pool = PQConnectionPool(
            PQConfiguration(
                url: server.url(database: database),
                user: "postgres",
                password: PQPassword(server.superuserPassword)
            ),
            size: 2
        )
        let clock = ContinuousClock()
        let start = clock.now
        let pids = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await pool.withConnection { connection in
                        try await connection.query("SELECT pg_backend_pid() AS pid, pg_sleep(0.5)").first?.int("pid")
                            ?? 0
                    }
                }
            }
            return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        let elapsed = clock.now - start
        #expect(pids.count == 2, "four leases used \(pids.count) server sessions")
        #expect(elapsed >= .milliseconds(950), "four 0.5 s statements on two connections took \(elapsed)")
    }

    @Test func aNewLoginIsUsedByNewConnectionsWhileLentOnesFinish() async throws {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let (old, new) = ("lease_old_\(suffix)", "lease_new_\(suffix)")
        let password = UUID().uuidString
        try server.psql(
            "CREATE ROLE \(old) LOGIN PASSWORD '\(password)'; CREATE ROLE \(new) LOGIN PASSWORD '\(password)';"
        )
        func configuration(_ user: String) -> PQConfiguration {
            PQConfiguration(url: server.url(database: database), user: user, password: PQPassword(password))
        }
        let pool = PQConnectionPool(configuration(old), size: 2)
        try await pool.withConnection { lent in
            #expect(try await lent.query("SELECT current_user AS u").first?.string("u") == old)
            pool.updateConfiguration(configuration(new))
            let freshUser = try await pool.withConnection { fresh in
                try await fresh.query("SELECT current_user AS u").first?.string("u")
            }
            #expect(freshUser == new)
            // The connection lent before the swap finishes its work with the old login.
            #expect(try await lent.query("SELECT current_user AS u").first?.string("u") == old)
        }
        // Returned, the old-login connection was retired: both connections now log in as the new user.
        let users = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    try await pool.withConnection { connection in
                        try await connection.query("SELECT current_user AS u, pg_sleep(0.2)").first?.string("u") ?? ""
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(users == [new, new])
    }
}
