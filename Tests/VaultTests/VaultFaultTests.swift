import Bot4TestSupport
import Foundation
import Sodium
import Testing

@testable import Vault

/// Faults between the client and the real OpenBao: a fault-injecting proxy for malformed bodies, 429/5xx and
/// resets, and a raft server restarted under a running `seal exec`.
@Suite(.serialized)
struct VaultFaultTests {
    static func client(_ address: String, token: String, retries: Int) throws -> VaultClient {
        var configuration = VaultConfiguration(address: address, token: try SecureBytes(copying: Array(token.utf8)))
        configuration.maxRetries = retries
        configuration.minRetryWait = .milliseconds(20)
        configuration.maxRetryWait = .milliseconds(40)
        configuration.connectTimeout = .milliseconds(500)
        return try VaultClient(configuration: configuration)
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao") && TestEnvironment.canRun("python")))
    func malformedAndTruncatedBodiesAreNamedWithoutValues() async throws {
        let server = try OpenBaoServer.startDev()
        defer { server.tearDown() }
        let value = "value-" + UUID().uuidString
        try server.putKV2("bot4/db", #"{"password":"\#(value)"}"#)
        let proxy = try FaultProxy(
            upstream: server.address,
            rules: [
                ["path": "/v1/secret/data/bot4/db", "action": "malformed", "times": 1],
                ["path": "/v1/secret/data/bot4/db", "action": "truncate", "times": 1],
            ],
            directory: server.directory
        )
        defer { proxy.stop() }
        let client = try Self.client(proxy.address, token: server.rootToken, retries: 2)
        for _ in 0..<2 {
            let error = await #expect(throws: VaultError.self) { try await client.readKV("secret/bot4/db") }
            #expect(error?.code == .malformedResponse)
            #expect(error?.description.contains("byte") == true)
            #expect(error.map { !String(describing: $0).contains(value) } == true)
        }
        // A malformed body is not retried (it is not a transient status): one request each.
        #expect(proxy.log.filter { $0.contains("secret/data/bot4/db") }.count == 2)
        #expect(
            try await client.readKV("secret/bot4/db").values["password"].map {
                $0.constantTimeEquals(Array(value.utf8))
            } == true
        )
        await client.shutdown()

        // seal exec fails closed on it, naming the reference and printing no value.
        let config = server.directory.appendingPathComponent("s.toml")
        try "[env]\nDB = \"secret/bot4/db#password\"\n".write(to: config, atomically: true, encoding: .utf8)
        let proxy2 = try FaultProxy(
            upstream: server.address,
            rules: [["path": "/v1/secret/data/bot4/db", "action": "malformed", "times": -1]],
            directory: server.directory
        )
        defer { proxy2.stop() }
        let result = try ProcessRunner.run(
            TestEnvironment.product("seal"),
            ["exec", "--config", config.path, "--", "/bin/true"],
            environment: ["VAULT_ADDR": proxy2.address, "VAULT_TOKEN": server.rootToken]
        )
        #expect(result.status == 125)
        #expect(result.err.contains("secret/bot4/db#password"))
        #expect(result.err.contains("malformed"))
        #expect(!(result.out + result.err).contains(value))
        #expect(!(result.out + result.err).contains(server.rootToken))
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao") && TestEnvironment.canRun("python")))
    func retriesFollowTheGoPolicy() async throws {
        let server = try OpenBaoServer.startDev()
        defer { server.tearDown() }
        try server.putKV2("r", #"{"k":"v"}"#)
        let proxy = try FaultProxy(
            upstream: server.address,
            rules: [
                ["path": "/v1/secret/data/r429", "action": "status:429", "times": 2],
                ["path": "/v1/secret/data/r500", "action": "status:502", "times": 1],
                ["path": "/v1/secret/data/r412", "action": "status:412", "times": 1],
                ["path": "/v1/secret/data/r501", "action": "status:501", "times": 1],
                ["path": "/v1/secret/data/rreset", "action": "reset", "times": 1],
                ["path": "/v1/secret/data/rnever", "action": "status:503", "times": -1],
            ],
            directory: server.directory
        )
        defer { proxy.stop() }
        for name in ["r429", "r500", "r412", "rreset"] {
            try server.putKV2(name, #"{"k":"v"}"#)
        }
        try server.putKV2("r501", #"{"k":"v"}"#)
        let client = try Self.client(proxy.address, token: server.rootToken, retries: 2)
        _ = try await client.kvMount(for: "secret/r")
        for name in ["r429", "r500", "r412", "rreset"] {
            let secret = try await client.readKV("secret/\(name)")
            #expect(secret.values["k"]?.constantTimeEquals(Array("v".utf8)) == true, "\(name)")
        }
        #expect(proxy.log.filter { $0.contains("/r429 ") }.count == 3)
        #expect(proxy.log.filter { $0.contains("/r500 ") }.count == 2)
        // 501 is never retried.
        let notImplemented = await #expect(throws: VaultError.self) { try await client.readKV("secret/r501") }
        #expect(notImplemented?.status == 501)
        #expect(proxy.log.filter { $0.contains("/r501 ") }.count == 1)
        // Always 503: three tries in all (VAULT_MAX_RETRIES = 2), then a server error.
        let never = await #expect(throws: VaultError.self) { try await client.readKV("secret/rnever") }
        #expect(never?.code == .server)
        #expect(proxy.log.filter { $0.contains("/rnever ") }.count == 3)
        await client.shutdown()
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func serverRestartedMidRunKeepsTheChildAndRecovers() throws {
        let (server, unsealKey) = try OpenBaoServer.startRaft()
        defer { server.tearDown() }
        try server.call("POST", "sys/mounts/secret", body: #"{"type":"kv","options":{"version":"2"}}"#)
        let value = "raft-" + UUID().uuidString
        try server.putKV2("bot4/db", #"{"password":"\#(value)"}"#)
        let dir = server.directory
        let config = dir.appendingPathComponent("s.toml")
        try """
        [env]
        DB = "secret/bot4/db#password"
        [watch]
        interval = "200ms"
        on_loss = "stop"
        """.write(to: config, atomically: true, encoding: .utf8)
        let starts = dir.appendingPathComponent("starts").path
        let stop = dir.appendingPathComponent("stop").path
        let run = try SealExecTests.Run(
            config: config,
            command: ["/bin/sh", "-c", "echo start >> \(starts); while [ ! -e \(stop) ]; do sleep 0.05; done; exit 5"],
            environment: ["VAULT_ADDR": server.address, "VAULT_TOKEN": server.rootToken, "VAULT_MAX_RETRIES": "0"],
            directory: dir
        )
        try SealExecTests.waitFor { FileManager.default.fileExists(atPath: starts) }
        try server.restart()
        try SealExecTests.waitFor { run.output.contains("unavailable") }
        try server.unseal(unsealKey)
        try SealExecTests.waitFor { run.output.contains("readable again") }
        #expect(run.process.isRunning)
        _ = FileManager.default.createFile(atPath: stop, contents: nil)
        #expect(run.wait() == 5)
        #expect(try String(contentsOfFile: starts, encoding: .utf8) == "start\n")
        #expect(!run.output.contains(value))
        #expect(!run.output.contains(server.rootToken))
    }
}
