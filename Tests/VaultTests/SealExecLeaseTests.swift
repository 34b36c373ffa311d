import Bot4TestSupport
import Foundation
import Testing

/// `seal exec` keeping credentials alive while the child runs, against the real OpenBao: leased database
/// credentials from the database secrets engine against a throwaway PostgreSQL (renewed, replaced at their
/// max TTL, revoked at exit), and a short-lived token renewed at 2/3 of its TTL.
@Suite(.serialized)
struct SealExecLeaseTests {
    typealias Postgres = DatabaseLeaseTests.Postgres

    /// Mounts the database engine over `postgres` with a role whose credentials live `ttl`, at most `maxTTL`.
    static func configureDatabase(_ server: OpenBaoServer, _ postgres: Postgres, ttl: String, maxTTL: String) throws {
        try server.call("POST", "sys/mounts/database", body: #"{"type":"database"}"#)
        let configured = try server.call(
            "POST",
            "database/config/bot4",
            body: """
                {"plugin_name":"postgresql-database-plugin","allowed_roles":"bot4",
                 "connection_url":"postgresql://{{username}}@127.0.0.1:\(postgres.port)/postgres?sslmode=disable",
                 "username":"postgres","verify_connection":true}
                """
        )
        guard configured.status == 204 || configured.status == 200 else {
            throw OpenBaoServerError("database config: \(configured.body)")
        }
        try server.call(
            "POST",
            "database/roles/bot4",
            body: """
                {"db_name":"bot4","default_ttl":"\(ttl)","max_ttl":"\(maxTTL)","creation_statements":["CREATE ROLE \
                \\"{{name}}\\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';"]}
                """
        )
    }

    /// The roles PostgreSQL has among `names`.
    static func existingRoles(_ postgres: Postgres, _ names: [String]) throws -> [String] {
        let list = names.map { "'\($0)'" }.joined(separator: ",")
        let result = try ProcessRunner.run(
            "/usr/sbin/runuser",
            [
                "-u", "postgres", "--", "\(postgres.bin)/psql", "-h", postgres.directory.path, "-p", "\(postgres.port)",
                "-d", "postgres", "-tAc", "select rolname from pg_roles where rolname in (\(list)) order by 1",
            ]
        )
        guard result.status == 0 else { throw OpenBaoServerError("psql: \(result.err)") }
        return result.out.split(separator: "\n").map(String.init)
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao") && TestEnvironment.canRun("pg_config")))
    func leasedDatabaseCredentialsAreRenewedReplacedAndRevoked() throws {
        let postgres = try Postgres.start()
        defer { postgres.stop() }
        let fixture = try SealExecTests.Fixture()
        defer { fixture.tearDown() }
        let server = fixture.server
        // Credentials live 6 s and at most 20 s: without renewal a login after 6 s fails; at the max TTL
        // seal must read new ones and restart the child with them.
        try Self.configureDatabase(server, postgres, ttl: "6s", maxTTL: "20s")
        // A narrow token, as in production: read the role's credentials, renew and revoke leases, read KV.
        try server.writePolicy(
            "bot4-db",
            """
            path "database/creds/bot4" { capabilities = ["read"] }
            path "sys/leases/renew" { capabilities = ["update"] }
            path "sys/leases/revoke" { capabilities = ["update"] }
            path "secret/data/bot4/*" { capabilities = ["read"] }
            """
        )
        let token = try server.createToken(policies: ["bot4-db"])
        let out = fixture.outDir.path
        // Each start logs in at once and again after 9 s (past the 6 s TTL: only a renewed lease still works).
        let login =
            "PGPASSWORD=\"$BOT4_DATABASE_PASSWORD\" \(postgres.bin)/psql -h 127.0.0.1 -p \(postgres.port) "
            + "-U \"$BOT4_DATABASE_USER\" -d postgres -tAc 'select current_user'"
        let script = """
            printf '%s\\n' "$BOT4_DATABASE_USER" >> \(out)/users
            printf '%s\\n' "$BOT4_DATABASE_PASSWORD" >> \(out)/passwords
            trap 'exit 0' TERM
            echo "first:$(\(login))" >> \(out)/logins
            sleep 9 & wait $!
            echo "late:$(\(login))" >> \(out)/logins
            while :; do sleep 0.1 & wait $!; done
            """
        let run = try SealExecTests.Run(
            config: try fixture.config(
                "[watch]\ninterval = \"1s\"\non_change = \"restart\"\non_loss = \"stop\"",
                env: """
                    BOT4_DATABASE_USER = "database/creds/bot4#username"
                    BOT4_DATABASE_PASSWORD = "database/creds/bot4#password"
                    BOT4_API_HMAC_SECRET = "secret/bot4/api#hmac_secret"
                    """
            ),
            command: ["/bin/sh", "-c", script],
            environment: ["VAULT_ADDR": server.address, "VAULT_TOKEN": token, "VAULT_MAX_RETRIES": "0"],
            directory: fixture.directory
        )
        // The first credentials outlive their 6 s TTL (renewed), then new ones replace them at the max TTL.
        try SealExecTests.waitFor(seconds: 60) {
            (fixture.read("logins") ?? "").split(separator: "\n").filter { $0.hasPrefix("first:") }.count >= 2
        }
        kill(run.process.processIdentifier, SIGTERM)
        #expect(run.wait() == 0)
        let users = (fixture.read("users") ?? "").split(separator: "\n").map(String.init)
        let passwords = (fixture.read("passwords") ?? "").split(separator: "\n").map(String.init)
        let logins = (fixture.read("logins") ?? "").split(separator: "\n").map(String.init)
        #expect(users.count >= 2 && Set(users).count == users.count, "each start has its own user: \(users)")
        #expect(logins.starts(with: ["first:\(users[0])", "late:\(users[0])", "first:\(users[1])"]), "\(logins)")
        let output = run.output
        #expect(output.contains("read database/creds/bot4 with a lease(database/creds/bot4/…, 6s, renewable)"))
        #expect(output.contains("reaches its max TTL"))
        #expect(output.contains("database/creds/bot4 has new credentials"))
        #expect(output.contains("(replaced)"))
        #expect(output.contains("(the child has exited)"))
        // Revoked: the database engine dropped every user it made for this run.
        try SealExecTests.waitFor(seconds: 10) { (try? Self.existingRoles(postgres, users))?.isEmpty == true }
        #expect(try Self.existingRoles(postgres, users) == [])
        fixture.expectNoLeak(output, extra: passwords + [token])
        // Lease ids are credentials of a kind too: only their path prefix is printed.
        let leaseIDs = output.matches(of: /database\/creds\/bot4\/[A-Za-z0-9]{8,}/)
        #expect(leaseIDs.isEmpty)
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao") && TestEnvironment.canRun("pg_config")))
    func unusedLeasesAreRevokedWhenTheChildCannotStart() throws {
        let postgres = try Postgres.start()
        defer { postgres.stop() }
        let fixture = try SealExecTests.Fixture()
        defer { fixture.tearDown() }
        try Self.configureDatabase(fixture.server, postgres, ttl: "1h", maxTTL: "2h")
        // The credentials resolve, a KV key does not: nothing starts, and the lease just made is revoked.
        let result = try SealExecTests.seal(
            [
                "exec", "--config",
                try fixture.config(
                    env: """
                        BOT4_DATABASE_PASSWORD = "database/creds/bot4#password"
                        BOT4_API_HMAC_SECRET = "secret/bot4/api#no_such_key"
                        """
                ).path, "--", "/bin/true",
            ],
            environment: fixture.environment
        )
        #expect(result.status == 125)
        #expect(result.err.contains("secret/bot4/api#no_such_key"))
        #expect(result.err.contains("revoked lease(database/creds/bot4/…"))
        let listed = try fixture.server.call("LIST", "sys/leases/lookup/database/creds/bot4")
        #expect(listed.status == 404, "no lease is left: \(listed.body)")
        // A version pinned on a dynamic secret is a configuration mistake, named.
        let pinned = try SealExecTests.seal(
            [
                "exec", "--config",
                try fixture.config(env: "BOT4_DATABASE_PASSWORD = \"database/creds/bot4#password@2\"").path,
                "--", "/bin/true",
            ],
            environment: fixture.environment
        )
        #expect(pinned.status == 125)
        #expect(pinned.err.contains("database/creds/bot4@2: versions exist only on KV v2"))
        fixture.expectNoLeak(result.out + result.err + pinned.out + pinned.err)
    }

    /// An outage longer than the lease: every `sys/leases/renew` answers 503 (through the fault proxy) until the
    /// 6 s credentials expire, which stops the child (on_loss = "stop", exit 3 from its trap).
    @Test(
        .enabled(
            if: TestEnvironment.canRun("bao") && TestEnvironment.canRun("pg_config") && TestEnvironment.canRun("python")
        )
    )
    func anOutageLongerThanTheLeaseStopsTheChild() throws {
        let postgres = try Postgres.start()
        defer { postgres.stop() }
        let fixture = try SealExecTests.Fixture()
        defer { fixture.tearDown() }
        try Self.configureDatabase(fixture.server, postgres, ttl: "6s", maxTTL: "60s")
        let proxy = try FaultProxy(
            upstream: fixture.server.address,
            rules: [["path": "/v1/sys/leases/renew", "action": "status:503", "times": -1]],
            directory: fixture.directory
        )
        defer { proxy.stop() }
        let done = fixture.outDir.appendingPathComponent("done").path
        let result = try SealExecTests.seal(
            [
                "exec", "--config",
                try fixture.config(
                    "[watch]\ninterval = \"1h\"\non_loss = \"stop\"",
                    env: "BOT4_DATABASE_PASSWORD = \"database/creds/bot4#password\""
                ).path, "--", "/bin/sh", "-c", SealExecTokenTests.waitThirtySeconds(thenTouch: done),
            ],
            environment: [
                "VAULT_ADDR": proxy.address, "VAULT_TOKEN": fixture.server.rootToken, "VAULT_MAX_RETRIES": "0",
            ]
        )
        #expect(result.status == 3, "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: done))
        #expect(
            result.err.contains("database/creds/bot4: lease renewal failed (server error); retrying"),
            "\(result.err)"
        )
        #expect(
            result.err.contains(
                "database/creds/bot4: the lease expired while its renewal kept failing (server error): stopping the child"
            ),
            "\(result.err)"
        )
        fixture.expectNoLeak(result.out + result.err)
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func aShortLivedTokenIsRenewedWhileTheChildRuns() throws {
        let fixture = try SealExecTests.Fixture()
        defer { fixture.tearDown() }
        try fixture.server.writePolicy("bot4", #"path "secret/*" { capabilities = ["read"] }"#)
        // 5 s to live, renewable up to a minute: without renewal the 500 ms poll would find it dead at 5 s
        // and stop the child (on_loss = "stop", exit 3 from its TERM trap).
        let token = try fixture.server.createToken(policies: ["bot4"], ttl: "5s", extra: #","explicit_max_ttl":"60s""#)
        let done = fixture.outDir.appendingPathComponent("done").path
        let result = try SealExecTests.seal(
            [
                "exec", "--config",
                try fixture.config("[watch]\ninterval = \"500ms\"\non_loss = \"stop\"").path, "--",
                "/bin/sh", "-c", "trap 'exit 3' TERM; sleep 12 & wait $!; touch \(done)",
            ],
            environment: ["VAULT_ADDR": fixture.server.address, "VAULT_TOKEN": token, "VAULT_MAX_RETRIES": "0"]
        )
        #expect(result.status == 0, "\(result.err)")
        #expect(FileManager.default.fileExists(atPath: done))
        #expect(!result.err.contains("stopping the child"))
        // The token is still alive after 12 s: it was renewed.
        let looked = try fixture.server.call("POST", "auth/token/lookup", body: #"{"token":"\#(token)"}"#)
        #expect(looked.status == 200)
        fixture.expectNoLeak(result.out + result.err, extra: [token])
    }
}
