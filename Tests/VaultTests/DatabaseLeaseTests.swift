import Bot4TestSupport
import Foundation
import Sodium
import Testing

@testable import Vault

/// Real leased credentials: OpenBao's database secrets engine against a throwaway PostgreSQL 15.
@Suite(.serialized)
struct DatabaseLeaseTests {
    /// A throwaway PostgreSQL cluster run as the `postgres` user, stopped after the test.
    struct Postgres {
        let directory: URL
        let port: Int
        let bin: String

        static func start() throws -> Postgres {
            let pgConfig = try TestEnvironment.requireTool("pg_config")
            let bin = try ProcessRunner.run(pgConfig, ["--bindir"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
            let runuser = try TestEnvironment.requireTool("runuser")
            let dir = try TestEnvironment.temporaryDirectory("bot4-pg")
            try ProcessRunner.run("/bin/chown", ["postgres", dir.path])
            let port = OpenBaoServer.freePort()
            let initdb = try ProcessRunner.run(
                runuser,
                [
                    "-u", "postgres", "--", "\(bin)/initdb", "-D", "\(dir.path)/data", "-U", "postgres", "-A", "trust",
                    "--no-sync", "-E", "UTF8", "--locale=C.UTF-8",
                ]
            )
            guard initdb.status == 0 else { throw OpenBaoServerError("initdb failed: \(initdb.err)") }
            // pg_ctl's server inherits the output: give it a file, never a pipe that a reader waits on.
            let started = try PostgresServer.detached(
                runuser,
                [
                    "-u", "postgres", "--", "\(bin)/pg_ctl", "-D", "\(dir.path)/data", "-l", "\(dir.path)/server.log",
                    "-w",
                    "-t", "30", "-o", "-c listen_addresses=127.0.0.1 -p \(port) -k \(dir.path)", "start",
                ],
                log: dir.appendingPathComponent("pg_ctl.log")
            )
            guard started == 0 else { throw OpenBaoServerError("pg_ctl start failed (see \(dir.path)/pg_ctl.log)") }
            return Postgres(directory: dir, port: port, bin: bin)
        }

        func stop() {
            _ = try? PostgresServer.detached(
                "/usr/sbin/runuser",
                ["-u", "postgres", "--", "\(bin)/pg_ctl", "-D", "\(directory.path)/data", "-m", "fast", "-w", "stop"],
                log: directory.appendingPathComponent("pg_ctl.log")
            )
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao") && TestEnvironment.canRun("pg_config")))
    func leasedDatabaseCredentialsAreReadAndRenewed() async throws {
        let postgres = try Postgres.start()
        defer { postgres.stop() }
        let server = try OpenBaoServer.startDev()
        defer { server.tearDown() }
        // Ten minutes: OpenBao drops the role when the lease expires, and on a loaded machine the psql below may
        // run more than a minute after the read.
        try SealExecLeaseTests.configureDatabase(server, postgres, ttl: "10m", maxTTL: "20m")
        var configuration = VaultConfiguration(
            address: server.address,
            token: try SecureBytes(copying: Array(server.rootToken.utf8))
        )
        configuration.maxRetries = 0
        let client = try VaultClient(configuration: configuration)
        let (response, values) = try await client.readLeased("database/creds/bot4")
        #expect(response.leaseID.hasPrefix("database/creds/bot4/"))
        #expect(response.renewable)
        #expect(response.leaseDuration == 600)
        #expect(!response.description.contains(response.leaseID))
        let user = try #require(values["username"].map { $0.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } })
        let password = try #require(values["password"])
        // PostgreSQL itself accepts the leased credentials (psql, over TCP with the password).
        let psql = try ProcessRunner.run(
            "\(postgres.bin)/psql",
            ["-h", "127.0.0.1", "-p", "\(postgres.port)", "-U", user, "-d", "postgres", "-tAc", "select current_user"],
            environment: ["PGPASSWORD": password.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }]
        )
        #expect(psql.status == 0, "\(psql.err)")
        #expect(psql.out.trimmingCharacters(in: .whitespacesAndNewlines) == user)
        // Renewal asks for 5 minutes and gets exactly them (under max_ttl).
        let renewed = try await client.renewLease(response.leaseID, increment: 300)
        #expect(renewed.renewable)
        #expect(renewed.leaseDuration == 300)
        // An unknown lease is refused (400), named without values.
        let unknown = await #expect(throws: VaultError.self) {
            try await client.renewLease("database/creds/bot4/not-a-lease")
        }
        #expect(unknown?.code == .badRequest)
        await client.shutdown()
    }
}
