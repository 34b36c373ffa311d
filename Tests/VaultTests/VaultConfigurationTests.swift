import Foundation
import Testing

@testable import Vault

/// The environment variables, the retry policy and the reference grammar, without a server.
@Suite struct VaultConfigurationTests {
    @Test func environmentVariablesAreReadAndCheckedByName() throws {
        let configuration = try VaultConfiguration(environment: [
            "BAO_ADDR": "http://127.0.0.1:8300", "VAULT_TOKEN": "tok-secret-value", "VAULT_NAMESPACE": "trading",
            "VAULT_MAX_RETRIES": "5", "VAULT_CLIENT_TIMEOUT": "90s", "VAULT_CACERT": "/x/ca.pem",
        ])
        #expect(configuration.address == "http://127.0.0.1:8300")
        #expect(configuration.namespace == "trading")
        #expect(configuration.maxRetries == 5)
        #expect(configuration.timeout == .seconds(90))
        #expect(configuration.caCertFile == "/x/ca.pem")
        #expect(configuration.warnings.isEmpty)
        #expect(!configuration.description.contains("tok-secret-value"))
        #expect(try VaultConfiguration(environment: [:]).address == "https://127.0.0.1:8200")

        for (name, value) in [
            ("VAULT_MAX_RETRIES", "many"), ("VAULT_CLIENT_TIMEOUT", "soon"), ("VAULT_SKIP_VERIFY", "yes"),
            ("VAULT_ADDR", "ftp://x"), ("VAULT_CLIENT_CERT", "/c.pem"),
        ] {
            let error = #expect(throws: VaultError.self) { try VaultConfiguration(environment: [name: value]) }
            #expect(error?.message.contains(name) == true)
        }
    }

    @Test func retryPolicyIsTheGoClients() {
        let policy = RetryPolicy(maxRetries: 2, minWait: .seconds(1), maxWait: .milliseconds(1500))
        for status in [412, 429, 500, 502, 503, 504] { #expect(policy.shouldRetry(status: status)) }
        for status in [200, 204, 400, 403, 404, 501] { #expect(!policy.shouldRetry(status: status)) }
        for _ in 0..<50 {
            let first = policy.wait(attempt: 1, status: 500, retryAfter: nil)
            #expect(first >= .seconds(1) && first <= .milliseconds(1500))
            let second = policy.wait(attempt: 2, status: 500, retryAfter: nil)
            #expect(second >= .seconds(2) && second <= .seconds(3))
        }
        #expect(policy.wait(attempt: 1, status: 429, retryAfter: .seconds(7)) == .seconds(7))
        #expect(policy.wait(attempt: 1, status: 500, retryAfter: .seconds(7)) != .seconds(7))
        #expect(RetryPolicy.parseRetryAfter("3") == .seconds(3))
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == .zero)
        #expect(RetryPolicy.parseRetryAfter("soon") == nil)
    }

    @Test func referencesAndDurations() throws {
        let plain = try SecretReference("secret/bot4/db#password")
        #expect(plain.path == "secret/bot4/db" && plain.key == "password" && plain.version == nil)
        let pinned = try SecretReference("secret/bot4/db#password@3")
        #expect(pinned.version == 3 && pinned.description == "secret/bot4/db#password@3")
        for bad in ["secret/bot4/db", "secret#k", "secret/x#", "secret/x#k@0", "secret/x#k@two"] {
            #expect(throws: VaultError.self) { try SecretReference(bad) }
        }
        #expect(VaultDuration.parse("1h30m") == .seconds(5400))
        #expect(VaultDuration.parse("250ms") == .milliseconds(250))
        #expect(VaultDuration.parse("45") == .seconds(45))
        #expect(VaultDuration.parse("1x") == nil)
        let transit = try TransitKeyReference("vault-transit://transit/keys/release?version=2")
        #expect(transit.mount == "transit" && transit.name == "release" && transit.version == 2)
        #expect(throws: VaultError.self) { try TransitKeyReference("vault-transit://transit/release") }
    }

    @Test func jsonParserIsStrictAndRedacts() throws {
        let json = try JSONValue(parsing: Array(#"{"a":[1,-2.5e3,true,null],"s":"x\u00e9\ud83d\ude00\n"}"#.utf8))
        #expect(json["s"]?.string == "xé😀\n")
        #expect(json["a"]?.array?.count == 4)
        #expect(try JSONValue(parsing: json.serialized) == json)
        #expect(!json.description.contains("x"))
        for bad in [#"{"a":1,"a":2}"#, "[1,]", "{} x", #""\ud800""#, "01", "[" + String(repeating: "[", count: 80)] {
            #expect(throws: VaultError.self) { try JSONValue(parsing: Array(bad.utf8)) }
        }
    }
}
