import Bot4TestSupport
import Foundation
import Testing

/// `seal exec` end to end against the real OpenBao: delivery, fail-closed exits, signals, watching, and that
/// no value ever appears in what `seal` prints.
@Suite(.serialized)
struct SealExecTests {
    /// A `seal exec` run in the background with its output captured to files.
    final class Run: @unchecked Sendable {
        // @unchecked Sendable: used from one test at a time.
        let process = Process()
        let outFile: URL
        let errFile: URL
        init(config: URL, command: [String], environment: [String: String], directory: URL) throws {
            outFile = directory.appendingPathComponent("seal.out")
            errFile = directory.appendingPathComponent("seal.err")
            _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
            process.executableURL = URL(fileURLWithPath: TestEnvironment.product("seal"))
            process.arguments = ["exec", "--config", config.path, "--"] + command
            var env = ProcessInfo.processInfo.environment
            for key in env.keys where key.hasPrefix("VAULT_") || key.hasPrefix("BAO_") { env[key] = nil }
            for (key, value) in environment { env[key] = value }
            process.environment = env
            process.standardOutput = try FileHandle(forWritingTo: outFile)
            process.standardError = try FileHandle(forWritingTo: errFile)
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        func wait() -> Int32 {
            process.waitUntilExit()
            return process.terminationReason == .uncaughtSignal
                ? 128 + process.terminationStatus : process.terminationStatus
        }
        var output: String {
            ((try? String(contentsOf: outFile, encoding: .utf8)) ?? "")
                + ((try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
        }
    }

    /// The OpenBao server and secrets every `seal exec` test reads.
    typealias Fixture = SecretsFixture

    static func seal(_ arguments: [String], environment: [String: String]) throws -> ProcessResult {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("VAULT_") || key.hasPrefix("BAO_") { env[key] = nil }
        for (key, value) in environment { env[key] = value }
        return try ProcessRunner.run(
            TestEnvironment.product("seal"),
            arguments,
            environment: env,
            replaceEnvironment: true
        )
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func deliversEnvAndFilesAndExitsWithTheChildsStatus() throws {
        let fixture = try Fixture()
        defer { fixture.tearDown() }
        let out = fixture.outDir.path
        let script = """
            printf %s "$BOT4_DATABASE_PASSWORD" > \(out)/db; printf %s "$BOT4_API_HMAC_SECRET" > \(out)/hmac
            cat \(fixture.keyFile) > \(out)/key; stat -c %a \(fixture.keyFile) > \(out)/mode
            env | grep -c -E '^(VAULT|BAO)_' > \(out)/vault; exit 7
            """
        let result = try Self.seal(
            ["exec", "--config", try fixture.config().path, "--", "/bin/sh", "-c", script],
            environment: fixture.environment
        )
        #expect(result.status == 7)
        #expect(fixture.read("db") == fixture.password)
        #expect(fixture.read("hmac") == fixture.hmac)
        #expect(fixture.read("key") == fixture.edKey)
        #expect(fixture.read("mode") == "600\n")
        #expect(fixture.read("vault") == "0\n")
        #expect(!FileManager.default.fileExists(atPath: fixture.keyFile), "the secret file is removed after exit")
        fixture.expectNoLeak(result.out + result.err)

        // A command found on PATH, with no option-like argument after `--`.
        let plain = try Self.seal(
            ["exec", "--config", try fixture.config().path, "--", "true"],
            environment: fixture.environment
        )
        #expect(plain.status == 0, "\(plain.err)")

        // A child that dies of a signal: 128 + N.
        let killed = try Self.seal(
            ["exec", "--config", try fixture.config().path, "--", "/bin/sh", "-c", "kill -KILL $$"],
            environment: fixture.environment
        )
        #expect(killed.status == 137)
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func failsClosedWithExit125NamingTheReference() throws {
        let fixture = try Fixture()
        defer { fixture.tearDown() }
        let marker = fixture.outDir.appendingPathComponent("ran").path
        let child = ["/bin/sh", "-c", "touch \(marker)"]
        func run(_ config: URL, _ environment: [String: String]? = nil) throws -> ProcessResult {
            try Self.seal(
                ["exec", "--config", config.path, "--"] + child,
                environment: environment ?? fixture.environment
            )
        }
        // Each kind of failure before the child, and what it names, is `SecretsExecStartTests`' (library
        // calls); here: that a Vault failure, a configuration failure and a command that cannot be started all
        // exit 125, start nothing and print no value.
        let cases: [(String, URL, [String: String]?, String)] = [
            ("missing key", try fixture.config(env: #"A = "secret/bot4/db#nokey""#), nil, "secret/bot4/db#nokey"),
            ("malformed config", try fixture.config("[watch]\non_change = \"explode\""), nil, "on_change"),
            ("not a command", try fixture.config(), nil, "cannot start"),
        ]
        for (name, config, environment, expected) in cases {
            let result: ProcessResult
            if name == "not a command" {
                result = try Self.seal(
                    ["exec", "--config", config.path, "--", "/nonexistent/bot4"],
                    environment: fixture.environment
                )
            } else {
                result = try run(config, environment)
            }
            #expect(result.status == 125, "\(name): \(result.err)")
            #expect(result.err.contains(expected), "\(name): \(result.err)")
            #expect(!FileManager.default.fileExists(atPath: marker), "\(name): the child must not start")
            #expect(!FileManager.default.fileExists(atPath: fixture.keyFile), "\(name): no secret file is left")
            fixture.expectNoLeak(result.out + result.err, extra: ["bogus-token-1"])
        }
    }

    /// A NUL byte would cut an environment value short in the child: it is refused before the child starts,
    /// naming the variable, never the value.
    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func refusesASecretWithANULByteNamingTheVariable() throws {
        let fixture = try Fixture()
        defer { fixture.tearDown() }
        try fixture.server.putKV2("bot4/nul", #"{"token":"nul-head-4711\u0000nul-tail-0815"}"#)
        let marker = fixture.outDir.appendingPathComponent("ran").path
        let config = try fixture.config(env: #"BOT4_NUL_TOKEN = "secret/bot4/nul#token""#)
        let result = try Self.seal(
            ["exec", "--config", config.path, "--", "/bin/sh", "-c", "touch \(marker)"],
            environment: fixture.environment
        )
        #expect(result.status == 125, "\(result.err)")
        #expect(result.err.contains("BOT4_NUL_TOKEN") && result.err.contains("NUL byte"), "\(result.err)")
        #expect(!FileManager.default.fileExists(atPath: marker), "the child must not start")
        #expect(!FileManager.default.fileExists(atPath: fixture.keyFile), "no secret file is written")
        fixture.expectNoLeak(result.out + result.err, extra: ["nul-head-4711", "nul-tail-0815"])
    }

    /// An executable file without a `#!` line, found on PATH, runs under `/bin/sh` with its arguments, as
    /// `execvp` runs it (the kernel alone refuses it with ENOEXEC).
    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func runsAnExecutableScriptWithoutAShebangLineUnderSh() throws {
        let fixture = try Fixture()
        defer { fixture.tearDown() }
        let out = fixture.outDir.path
        let bin = fixture.outDir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let script = bin.appendingPathComponent("bot4-no-shebang").path
        let text = """
            printf %s "$BOT4_DATABASE_PASSWORD" > \(out)/db; printf '%s|' "$0" "$@" > \(out)/args; exit 6

            """
        try text.write(toFile: script, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        var environment = fixture.environment
        environment["PATH"] = bin.path + ":/usr/bin:/bin"
        let result = try Self.seal(
            ["exec", "--config", try fixture.config().path, "--", "bot4-no-shebang", "one two", "-x"],
            environment: environment
        )
        #expect(result.status == 6, "\(result.err)")
        #expect(fixture.read("db") == fixture.password)
        #expect(fixture.read("args") == "\(script)|one two|-x|")
        fixture.expectNoLeak(result.out + result.err)
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func forwardsSignalsToTheChild() throws {
        let fixture = try Fixture()
        defer { fixture.tearDown() }
        let ready = fixture.outDir.appendingPathComponent("ready").path
        let script =
            "trap 'echo hup >> \(fixture.outDir.path)/got' HUP; trap 'exit 42' TERM; touch \(ready); while :; do sleep 0.05; done"
        let run = try Run(
            config: try fixture.config(),
            command: ["/bin/sh", "-c", script],
            environment: fixture.environment,
            directory: fixture.directory
        )
        try Self.waitFor { FileManager.default.fileExists(atPath: ready) }
        kill(run.process.processIdentifier, SIGHUP)
        try Self.waitFor { fixture.read("got") == "hup\n" }
        kill(run.process.processIdentifier, SIGTERM)
        #expect(run.wait() == 42)
        fixture.expectNoLeak(run.output)
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func restartsOnChangeAndStopsWhenTheSecretIsDeleted() throws {
        let fixture = try Fixture()
        defer { fixture.tearDown() }
        let log = fixture.outDir.appendingPathComponent("starts").path
        let script =
            "printf '%s\\n' \"$BOT4_DATABASE_PASSWORD\" >> \(log); trap 'exit 0' TERM; while :; do sleep 0.05; done"
        let run = try Run(
            config: try fixture.config("[watch]\ninterval = \"300ms\"\non_change = \"restart\"\non_loss = \"stop\""),
            command: ["/bin/sh", "-c", script],
            environment: fixture.environment,
            directory: fixture.directory
        )
        try Self.waitFor { fixture.read("starts")?.split(separator: "\n").count == 1 }
        let rotated = "pw-rotated-" + UUID().uuidString
        try fixture.server.putKV2("bot4/db", #"{"password":"\#(rotated)"}"#)
        try Self.waitFor { fixture.read("starts")?.split(separator: "\n").count == 2 }
        #expect(fixture.read("starts") == "\(fixture.password)\n\(rotated)\n")
        // Deleting the secret while the child runs stops it (on_loss = "stop"), naming the path.
        try fixture.server.call("DELETE", "secret/data/bot4/db")
        let status = run.wait()
        #expect(status == 0)
        #expect(run.output.contains("secret/bot4/db"))
        #expect(run.output.contains("stopping the child"))
        fixture.expectNoLeak(run.output, extra: [rotated])
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func signalsOnChangeAndStopsWhenTheTokenIsRevoked() throws {
        let fixture = try Fixture()
        defer { fixture.tearDown() }
        try fixture.server.writePolicy("bot4", #"path "secret/*" { capabilities = ["read"] }"#)
        let token = try fixture.server.createToken(policies: ["bot4"])
        let script = """
            trap 'cat \(fixture.keyFile) > \(fixture.outDir.path)/key' HUP; trap 'exit 3' TERM
            touch \(fixture.outDir.path)/ready; while :; do sleep 0.05; done
            """
        let run = try Run(
            config: try fixture.config("[watch]\ninterval = \"300ms\"\non_change = \"signal\"\nsignal = \"SIGHUP\""),
            command: ["/bin/sh", "-c", script],
            environment: ["VAULT_ADDR": fixture.server.address, "VAULT_TOKEN": token, "VAULT_MAX_RETRIES": "0"],
            directory: fixture.directory
        )
        try Self.waitFor { fixture.read("ready") != nil }
        let newKey = "ed-rotated-" + UUID().uuidString
        try fixture.server.putKV2("bot4/api", #"{"hmac_secret":"\#(fixture.hmac)","ed25519_key":"\#(newKey)"}"#)
        try Self.waitFor { fixture.read("key") == newKey }
        try fixture.server.call("POST", "auth/token/revoke", body: #"{"token":"\#(token)"}"#)
        #expect(run.wait() == 3)
        #expect(run.output.contains("stopping the child"))
        fixture.expectNoLeak(run.output, extra: [newKey, token])
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func appRoleWithAWrappedSecretIDFromTheConfig() throws {
        let fixture = try Fixture()
        defer { fixture.tearDown() }
        let server = fixture.server
        let roleID = try fixture.enableAppRole()
        let wrapped = try server.call(
            "POST",
            "auth/approle/role/bot4/secret-id",
            body: "{}",
            headers: ["X-Vault-Wrap-TTL: 60s"]
        )
        let wrappingToken = try #require((wrapped.json?["wrap_info"] as? [String: Any])?["token"] as? String)
        let roleFile = fixture.directory.appendingPathComponent("role-id")
        let secretFile = fixture.directory.appendingPathComponent("secret-id")
        try roleID.write(to: roleFile, atomically: true, encoding: .utf8)
        try (wrappingToken + "\n").write(to: secretFile, atomically: true, encoding: .utf8)
        let config = try fixture.config(
            vault: """
                auth = "approle"
                role_id_file = "\(roleFile.path)"
                secret_id_file = "\(secretFile.path)"
                secret_id_wrapped = true
                """
        )
        let env = ["VAULT_ADDR": server.address, "VAULT_MAX_RETRIES": "0"]
        let script = "printf %s \"$BOT4_DATABASE_PASSWORD\" > \(fixture.outDir.path)/db"
        let first = try Self.seal(["exec", "--config", config.path, "--", "/bin/sh", "-c", script], environment: env)
        #expect(first.status == 0, "\(first.err)")
        #expect(fixture.read("db") == fixture.password)
        #expect(first.err.contains("logged in with AppRole"))
        // The wrapping token was single use: a second start fails closed and says so.
        let second = try Self.seal(["exec", "--config", config.path, "--", "/bin/true"], environment: env)
        #expect(second.status == 125)
        #expect(second.err.contains("wrapping token"))
        fixture.expectNoLeak(first.out + first.err + second.out + second.err, extra: [wrappingToken])
    }

    static func waitFor(seconds: Double = 20, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw OpenBaoServerError("condition not met within \(seconds) s")
    }
}

extension SecretsFixture {
    /// Asserts that no secret value, root token or `extra` appears in `text`.
    func expectNoLeak(_ text: String, extra: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            leaks(in: text, extra: extra).isEmpty,
            "a secret value leaked into seal's output",
            sourceLocation: sourceLocation
        )
    }
}
