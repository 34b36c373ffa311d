import Bot4TestSupport
import Foundation
import Testing

/// The token `seal exec` runs with, against the real OpenBao: one that cannot be renewed is a loss when it
/// expires, and the AppRole token it made by logging in is revoked when it ends. The token itself never
/// reaches the test: the server's accessor list (as root) shows which tokens exist.
@Suite(.serialized)
struct SealExecTokenTests {
    /// The accessors of every token the server holds.
    static func accessors(_ server: OpenBaoServer) throws -> Set<String> {
        let listed = try server.call("LIST", "auth/token/accessors")
        guard listed.status == 200, let keys = listed.data?["keys"] as? [String] else {
            throw OpenBaoServerError("accessor list: \(listed.status) \(listed.body)")
        }
        return Set(keys)
    }

    /// A child that exits 3 on SIGTERM, else touches `done` after 30 s (short sleeps: a shell waiting on one
    /// long `sleep` may run its trap only once that ends).
    static func waitThirtySeconds(thenTouch done: String) -> String {
        "trap 'exit 3' TERM; i=0; while [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done; touch \(done)"
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func aTokenThatCannotBeRenewedStopsTheChildWhenItExpires() throws {
        let fixture = try SealExecTests.Fixture()
        defer { fixture.tearDown() }
        try fixture.server.writePolicy("bot4", #"path "secret/*" { capabilities = ["read"] }"#)
        let token = try fixture.server.createToken(policies: ["bot4"], ttl: "4s", extra: #","renewable":false"#)
        // The poll is an hour away: the expiry itself stops the child (on_loss = "stop", exit 3 from its trap).
        let done = fixture.outDir.appendingPathComponent("done").path
        let result = try SealExecTests.seal(
            [
                "exec", "--config", try fixture.config("[watch]\ninterval = \"1h\"\non_loss = \"stop\"").path, "--",
                "/bin/sh", "-c", Self.waitThirtySeconds(thenTouch: done),
            ],
            environment: ["VAULT_ADDR": fixture.server.address, "VAULT_TOKEN": token, "VAULT_MAX_RETRIES": "0"]
        )
        #expect(result.status == 3, "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: done))
        #expect(result.err.contains("the token is not renewable: it expires in"), "\(result.err)")
        #expect(result.err.contains("the token expired: it is not renewable: stopping the child"), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: fixture.keyFile), "the secret file is removed")
        fixture.expectNoLeak(result.out + result.err, extra: [token])
    }

    /// An outage of the renewal longer than the token: every `renew-self` answers 503 (through the fault
    /// proxy), the retries are said, and the expiry stops the child.
    @Test(.enabled(if: TestEnvironment.canRun("bao") && TestEnvironment.canRun("python")))
    func anOutageLongerThanTheTokenStopsTheChild() throws {
        let fixture = try SealExecTests.Fixture()
        defer { fixture.tearDown() }
        try fixture.server.writePolicy("bot4", #"path "secret/*" { capabilities = ["read"] }"#)
        let token = try fixture.server.createToken(policies: ["bot4"], ttl: "6s", extra: #","explicit_max_ttl":"60s""#)
        let proxy = try FaultProxy(
            upstream: fixture.server.address,
            rules: [["path": "/v1/auth/token/renew-self", "action": "status:503", "times": -1]],
            directory: fixture.directory
        )
        defer { proxy.stop() }
        let done = fixture.outDir.appendingPathComponent("done").path
        let result = try SealExecTests.seal(
            [
                "exec", "--config", try fixture.config("[watch]\ninterval = \"1h\"\non_loss = \"stop\"").path, "--",
                "/bin/sh", "-c", Self.waitThirtySeconds(thenTouch: done),
            ],
            environment: ["VAULT_ADDR": proxy.address, "VAULT_TOKEN": token, "VAULT_MAX_RETRIES": "0"]
        )
        #expect(result.status == 3, "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: done))
        #expect(result.err.contains("token renewal failed (server error); retrying"), "\(result.err)")
        #expect(
            result.err.contains("the token expired while its renewal kept failing (server error): stopping the child"),
            "\(result.err)"
        )
        #expect(proxy.log.filter { $0.contains("renew-self") }.count >= 2, "\(proxy.log)")
        fixture.expectNoLeak(result.out + result.err, extra: [token])
    }

    /// The login's `lookup-self` passes, the supervisor's own first one is refused: the renewal cannot be
    /// scheduled, which is a loss.
    @Test(.enabled(if: TestEnvironment.canRun("bao") && TestEnvironment.canRun("python")))
    func aFirstLookupThatFailsStopsTheChild() throws {
        let fixture = try SealExecTests.Fixture()
        defer { fixture.tearDown() }
        let proxy = try FaultProxy(
            upstream: fixture.server.address,
            rules: [
                ["path": "/v1/auth/token/lookup-self", "action": "pass", "times": 1],
                ["path": "/v1/auth/token/lookup-self", "action": "status:403", "times": -1],
            ],
            directory: fixture.directory
        )
        defer { proxy.stop() }
        let done = fixture.outDir.appendingPathComponent("done").path
        let result = try SealExecTests.seal(
            [
                "exec", "--config", try fixture.config("[watch]\ninterval = \"1h\"\non_loss = \"stop\"").path, "--",
                "/bin/sh", "-c", Self.waitThirtySeconds(thenTouch: done),
            ],
            environment: [
                "VAULT_ADDR": proxy.address, "VAULT_TOKEN": fixture.server.rootToken, "VAULT_MAX_RETRIES": "0",
            ]
        )
        #expect(result.status == 3, "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: done))
        #expect(
            result.err.contains("the token cannot be looked up (invalid token), so it cannot be renewed: stopping"),
            "\(result.err)"
        )
        #expect(proxy.log.filter { $0.contains("lookup-self") }.count == 2, "\(proxy.log)")
        fixture.expectNoLeak(result.out + result.err)
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func theAppRoleTokenIsRevokedWhenSealExecEnds() throws {
        let fixture = try SealExecTests.Fixture()
        defer { fixture.tearDown() }
        let server = fixture.server
        let roleID = try fixture.enableAppRole()
        let roleFile = fixture.directory.appendingPathComponent("role-id")
        try roleID.write(to: roleFile, atomically: true, encoding: .utf8)
        /// A fresh secret id for each run (not wrapped, so the runs do not depend on one another).
        func secretIDFile() throws -> URL {
            let made = try server.call("POST", "auth/approle/role/bot4/secret-id", body: "{}")
            let secretID = try #require(made.data?["secret_id"] as? String)
            let file = fixture.directory.appendingPathComponent("secret-id-\(UUID().uuidString)")
            try secretID.write(to: file, atomically: true, encoding: .utf8)
            return file
        }
        func config(_ extra: String = "", env: String? = nil) throws -> URL {
            try fixture.config(
                extra,
                env: env,
                vault: """
                    auth = "approle"
                    role_id_file = "\(roleFile.path)"
                    secret_id_file = "\(try secretIDFile().path)"
                    """
            )
        }
        let environment = ["VAULT_ADDR": server.address, "VAULT_MAX_RETRIES": "0"]
        let before = try Self.accessors(server)

        // While the child runs, one more token exists: the one seal exec logged in with.
        let ready = fixture.outDir.appendingPathComponent("ready").path
        let stop = fixture.outDir.appendingPathComponent("stop").path
        let run = try SealExecTests.Run(
            config: try config(),
            command: ["/bin/sh", "-c", "touch \(ready); while [ ! -e \(stop) ]; do sleep 0.05; done"],
            environment: environment,
            directory: fixture.directory
        )
        try SealExecTests.waitFor { FileManager.default.fileExists(atPath: ready) }
        let during = try Self.accessors(server)
        let made = during.subtracting(before)
        #expect(made.count == 1, "\(made)")
        let accessor = try #require(made.first)
        let looked = try server.call("POST", "auth/token/lookup-accessor", body: #"{"accessor":"\#(accessor)"}"#)
        #expect((looked.data?["path"] as? String)?.hasPrefix("auth/approle/login") == true, "\(looked.body)")
        _ = FileManager.default.createFile(atPath: stop, contents: nil)
        #expect(run.wait() == 0)
        #expect(run.output.contains("revoked the token it logged in with"), "\(run.output)")
        // Gone after the exit.
        #expect(try Self.accessors(server) == before)
        let after = try server.call("POST", "auth/token/lookup-accessor", body: #"{"accessor":"\#(accessor)"}"#)
        #expect(after.status != 200)

        // Also when the child never starts (a missing key: exit 125).
        let failed = try SealExecTests.seal(
            ["exec", "--config", try config(env: #"A = "secret/bot4/db#nokey""#).path, "--", "/bin/true"],
            environment: environment
        )
        #expect(failed.status == 125, "\(failed.err)")
        #expect(failed.err.contains("revoked the token it logged in with"), "\(failed.err)")
        #expect(try Self.accessors(server) == before)

        // revoke_on_exit = false leaves the leases to expire, so the token that holds them is left too.
        let kept = try SealExecTests.seal(
            ["exec", "--config", try config("[watch]\nrevoke_on_exit = false").path, "--", "/bin/true"],
            environment: environment
        )
        #expect(kept.status == 0, "\(kept.err)")
        #expect(try Self.accessors(server).subtracting(before).count == 1)
        fixture.expectNoLeak(run.output + failed.out + failed.err + kept.out + kept.err, extra: [roleID])
    }
}
