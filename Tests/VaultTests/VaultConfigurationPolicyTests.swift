import Foundation
import Testing
import Vault

/// `VaultConfiguration(policy:environment:)`: what a secrets.toml plus the environment mean, decided once.
@Suite struct VaultConfigurationPolicyTests {
    static func policy(_ toml: String, requiringSecrets: Bool = true) throws -> SecretsPolicy {
        try SecretsPolicy(toml: toml, source: "secrets.toml", requiringSecrets: requiringSecrets)
    }

    @Test func theTableWinsOverTheEnvironment() throws {
        let policy = try Self.policy(
            """
            [vault]
            address = "https://vault.internal:8200"
            namespace = "trading"
            [env]
            BOT4_API_KEY = "secret/bot4/api#key"
            """
        )
        let environment = [
            "VAULT_ADDR": "http://127.0.0.1:8200", "VAULT_NAMESPACE": "other", "VAULT_TOKEN": "tok-value",
            "VAULT_MAX_RETRIES": "4",
        ]
        let configuration = try VaultConfiguration(policy: policy, environment: environment)
        #expect(configuration.address == "https://vault.internal:8200")
        #expect(configuration.namespace == "trading")
        #expect(configuration.token != nil, "auth = token keeps VAULT_TOKEN")
        #expect(configuration.maxRetries == 4, "what the table does not say comes from the environment")
    }

    @Test func appRoleStartsWithoutTheEnvironmentsToken() throws {
        let policy = try Self.policy(
            """
            [vault]
            auth = "approle"
            role_id_file = "/run/bot4/role-id"
            secret_id_file = "/run/bot4/secret-id"
            [env]
            BOT4_API_KEY = "secret/bot4/api#key"
            """
        )
        let configuration = try VaultConfiguration(
            policy: policy,
            environment: ["VAULT_ADDR": "http://127.0.0.1:8200", "VAULT_TOKEN": "tok-value"]
        )
        #expect(configuration.token == nil)
        #expect(configuration.address == "http://127.0.0.1:8200")
    }

    @Test func aVaultOnlyFileIsValidForSigningButNotForExec() throws {
        let text = "[vault]\naddress = \"http://127.0.0.1:8200\"\n"
        let settingsOnly = try Self.policy(text, requiringSecrets: false)
        #expect(settingsOnly.references.isEmpty)
        #expect(try VaultConfiguration(policy: settingsOnly, environment: [:]).address == "http://127.0.0.1:8200")
        let error = #expect(throws: VaultError.self) { try Self.policy(text) }
        #expect(error?.message.contains("no secret is mapped") == true)
    }

    /// The token would cross the network in clear: plain http is for loopback hosts only, unless allowed.
    @Test func plainHTTPIsRefusedOffLoopbackFromEitherSource() throws {
        for address in [
            "http://127.0.0.1:8200", "http://127.8.9.10:8200", "http://localhost:8200", "http://LOCALHOST",
            "http://[::1]:8200", "https://vault.internal:8200", "https://10.0.0.5:8200",
        ] {
            #expect(try VaultConfiguration(environment: ["VAULT_ADDR": address]).address == address)
            let policy = try Self.policy("[vault]\naddress = \"\(address)\"\n", requiringSecrets: false)
            #expect(try VaultConfiguration(policy: policy, environment: [:]).address == address)
        }
        for address in [
            "http://vault.internal:8200", "http://10.0.0.5:8200", "http://128.0.0.1", "http://[::2]:8200",
            "http://localhost.evil.example", "http://127.0.0.1.nip.io:8200", "HTTP://vault.internal",
        ] {
            let fromEnvironment = #expect(throws: VaultError.self) {
                try VaultConfiguration(environment: ["VAULT_ADDR": address, "VAULT_TOKEN": "tok-value"])
            }
            #expect(fromEnvironment?.code == .configuration)
            #expect(fromEnvironment?.message.contains("VAULT_ADDR is plain http") == true)
            #expect(fromEnvironment?.description.contains("tok-value") == false)
            let policy = try Self.policy("[vault]\naddress = \"\(address)\"\n", requiringSecrets: false)
            let fromTable = #expect(throws: VaultError.self) {
                try VaultConfiguration(policy: policy, environment: [:])
            }
            #expect(fromTable?.message.contains("[vault] address is plain http") == true)

            let allowed = try VaultConfiguration(environment: ["VAULT_ADDR": address, "VAULT_ALLOW_INSECURE_HTTP": "1"])
            #expect(allowed.address == address && allowed.warnings.contains { $0.contains("in clear") })
            let allowedTable = try VaultConfiguration(
                policy: policy,
                environment: ["VAULT_ALLOW_INSECURE_HTTP": "true"]
            )
            #expect(allowedTable.address == address)
            #expect(allowedTable.warnings.count == 1 && allowedTable.warnings[0].contains("[vault] address"))
        }
        #expect(throws: VaultError.self) {
            try VaultConfiguration(environment: ["VAULT_ADDR": "http://10.0.0.5", "VAULT_ALLOW_INSECURE_HTTP": "0"])
        }
        #expect(throws: VaultError.self) {
            try VaultConfiguration(environment: ["VAULT_ALLOW_INSECURE_HTTP": "yes"])
        }
    }

    @Test func aBadAddressInTheTableIsNamed() throws {
        let policy = try Self.policy("[vault]\naddress = \"vault.internal\"\n", requiringSecrets: false)
        let error = #expect(throws: VaultError.self) { try VaultConfiguration(policy: policy, environment: [:]) }
        #expect(error?.code == .configuration)
        #expect(error?.message.contains("[vault] address") == true)
    }
}
