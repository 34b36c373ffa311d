import Bot4TestSupport
import Foundation
import SecretsExec
import Testing
import Vault

/// `ExecSupervisor.start`, the part of `seal exec` that fails closed: the configuration, the login and every
/// secret are read before any child exists, and each failure is a `SecretsExecError` naming the reference or
/// the setting, with the cause kept as `underlying` (`seal exec` turns all of them into exit 125). Against the
/// real OpenBao; no process is started.
@Suite struct SecretsExecStartTests {
    static func start(_ config: URL, _ environment: [String: String]) async throws(SecretsExecError) {
        let supervisor = try await ExecSupervisor.start(
            SecretsExecRequest(configPath: config.path, command: ["/bin/true"], environment: environment)
        )
        Issue.record("started although it should not: \(supervisor.policy.references)")
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func everyFailureBeforeTheChildIsAnErrorNamingItsCause() async throws {
        let fixture = try SecretsFixture()
        defer { fixture.tearDown() }
        let address = fixture.server.address
        let cases: [(String, URL, [String: String]?, SecretsExecError.Code?, String)] = [
            (
                "missing key", try fixture.config(env: #"A = "secret/bot4/db#nokey""#), nil, .vault,
                "secret/bot4/db#nokey"
            ),
            (
                "missing secret", try fixture.config(env: #"A = "secret/bot4/none#password""#), nil, .vault,
                "secret/bot4/none#password"
            ),
            ("unknown mount", try fixture.config(env: #"A = "nomount/x#k""#), nil, .vault, "nomount/x#k"),
            (
                "bad token", try fixture.config(), ["VAULT_ADDR": address, "VAULT_TOKEN": "bogus-token-1"], .vault,
                "invalid"
            ),
            ("no token", try fixture.config(), ["VAULT_ADDR": address], nil, "VAULT_TOKEN"),
            (
                "malformed config", try fixture.config("[watch]\non_change = \"explode\""), nil, .configuration,
                "on_change"
            ),
        ]
        for (name, config, environment, code, expected) in cases {
            let error = await #expect(throws: SecretsExecError.self, "\(name)") {
                try await Self.start(config, environment ?? fixture.environment)
            }
            if let code { #expect(error?.code == code, "\(name)") }
            #expect(error.map { [.configuration, .vault].contains($0.code) } == true, "\(name)")
            #expect(error?.underlying != nil, "\(name): the cause is kept")
            #expect(error?.description.contains(expected) == true, "\(name): \(String(describing: error))")
            #expect(!FileManager.default.fileExists(atPath: fixture.keyFile), "\(name): no secret file is written")
            let said = error?.description ?? ""
            #expect(fixture.leaks(in: said, extra: ["bogus-token-1"]) == [], "\(name)")
        }
        // Sealed, then down: the cause is the server's state, and still no value is said.
        try fixture.server.call("PUT", "sys/seal")
        let sealed = await #expect(throws: SecretsExecError.self) {
            try await Self.start(try fixture.config(), fixture.environment)
        }
        #expect(sealed?.code == .vault)
        #expect((sealed?.underlying as? VaultError)?.code == .sealed)
        #expect(sealed?.description.contains("sealed") == true)
        fixture.server.stop()
        let down = await #expect(throws: SecretsExecError.self) {
            try await Self.start(try fixture.config(), fixture.environment)
        }
        #expect(down?.code == .vault)
        #expect((down?.underlying as? VaultError)?.code == .unreachable)
        #expect(down?.description.contains("cannot reach") == true)
        let said = (sealed?.description ?? "") + (down?.description ?? "")
        #expect(fixture.leaks(in: said) == [])
    }
}
