import Bot4TestSupport
import Foundation
import JSON
import TOMLPrecheck
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

    /// A server cannot park `seal` with an absurd `Retry-After`, nor make a TTL or lease overflow a `Duration`.
    @Test func serverNumbersAreBounded() throws {
        let policy = RetryPolicy(maxRetries: 2, minWait: .seconds(1), maxWait: .milliseconds(1500))
        let cap = RetryPolicy.maximumWait
        for header in ["9223372036854775807", "315360000000", "Fri, 31 Dec 9999 23:59:59 GMT"] {
            let parsed = try #require(RetryPolicy.parseRetryAfter(header))
            #expect(parsed > .zero && parsed <= DurationText.maximum)
            let wait = policy.wait(attempt: 1, status: 429, retryAfter: parsed)
            #expect(wait <= cap && wait >= cap * 0.9)
        }
        #expect(RetryPolicy.parseRetryAfter("99999999999999999999999") == nil)
        #expect(RetryPolicy.parseRetryAfter("-1") == nil)
        #expect(policy.wait(attempt: 1, status: 503, retryAfter: .seconds(Int64.max)) <= cap)
        #expect(policy.wait(attempt: Int.max, status: 500, retryAfter: nil) <= cap)
        #expect(policy.wait(attempt: 1, status: 429, retryAfter: .seconds(90)) == .seconds(90))

        let body = #"""
            {"request_id":"r","lease_id":"database/creds/x/1","renewable":true,"lease_duration":9223372036854775807,
             "data":{},"auth":{"client_token":"t","lease_duration":1e300},
             "wrap_info":{"token":"w","ttl":99999999999999999999}}
            """#
        let response = try VaultResponse(json: try VaultJSON.parse(Array(body.utf8)), path: "p")
        #expect(response.leaseDuration == Int(DurationText.maximumSeconds))
        #expect(response.auth?.leaseDuration == 0)
        #expect(response.wrapInfo?.ttl == 0)
        let negative = try VaultResponse(
            json: try VaultJSON.parse(Array(#"{"auth":{"client_token":"t","lease_duration":-5}}"#.utf8)),
            path: "p"
        )
        #expect(negative.auth?.leaseDuration == 0)
        let token = TokenInfo(
            json: try VaultJSON.parse(Array(#"{"ttl":9223372036854775807,"creation_ttl":-1}"#.utf8))
        )
        #expect(token.ttl == Int(DurationText.maximumSeconds) && token.creationTTL == 0)
    }

    @Test func referencesAndDurations() throws {
        let plain = try SecretReference("secret/bot4/db#password")
        #expect(plain.path == "secret/bot4/db" && plain.key == "password" && plain.version == nil)
        let pinned = try SecretReference("secret/bot4/db#password@3")
        #expect(pinned.version == 3 && pinned.description == "secret/bot4/db#password@3")
        for bad in ["secret/bot4/db", "secret#k", "secret/x#", "secret/x#k@0", "secret/x#k@two"] {
            #expect(throws: VaultError.self) { try SecretReference(bad) }
        }
        #expect(DurationText.parse("1h30m") == .seconds(5400))
        #expect(DurationText.parse("250ms") == .milliseconds(250))
        #expect(DurationText.parse("45") == .seconds(45))
        #expect(DurationText.parse("1x") == nil)
    }

    /// The ISO 8601 grammar (the audit policy's `max-age`) and delta-seconds (`Retry-After`) go through the same
    /// overflow-checked sum and cap as the Go-style one.
    @Test func everyDurationGrammarSharesTheCap() throws {
        #expect(DurationText.parseISO8601("P90D") == .seconds(90 * 86_400))
        #expect(DurationText.parseISO8601("p1y2m") == .seconds(425 * 86_400))
        #expect(DurationText.parseISO8601("PT1.5H") == .seconds(5400))
        #expect(DurationText.parseISO8601("P2WT12H") == .seconds(14 * 86_400 + 43_200))
        #expect(DurationText.parseISO8601("P3650D") == DurationText.maximum)
        for bad in ["P", "90D", "PT", "P1H", "PT1D", "P1.2.3D", "P3651D", "P1e300Y", "P99999999999999999999Y"] {
            #expect(DurationText.parseISO8601(bad) == nil, "\(bad)")
        }
        #expect(DurationText.parseDeltaSeconds("120") == .seconds(120))
        #expect(DurationText.parseDeltaSeconds("9223372036854775807") == DurationText.maximum)
        for bad in ["", "+3", "-1", "1.5", "99999999999999999999"] {
            #expect(DurationText.parseDeltaSeconds(bad) == nil, "\(bad)")
        }
    }

    /// A fuzzer's input once trapped on `amount * 3600`; huge, many-unit and negative inputs are now refused.
    @Test func durationsAreOverflowCheckedAndBounded() throws {
        #expect(DurationText.parse("290025255530025243h88}s") == nil)
        #expect(DurationText.parse("290025255530025243h") == nil)
        #expect(DurationText.parse("9223372036854775807s") == nil)
        #expect(DurationText.parse("9223372036854775807") == nil)
        #expect(DurationText.parse("99999999999999999999999") == nil)
        #expect(DurationText.parse("9223372036854775807ms") == nil)
        #expect(DurationText.parse("106751991167300d") == nil)
        #expect(DurationText.parse(String(repeating: "87599h", count: 3)) == nil)
        #expect(DurationText.parse(String(repeating: "1h", count: 87_601)) == nil)
        #expect(DurationText.parse("-5") == nil)
        #expect(DurationText.parse("-5s") == nil)
        #expect(DurationText.parse("5s-1s") == nil)
        #expect(DurationText.parse("87600h") == DurationText.maximum)
        #expect(DurationText.parse("87599h59m59s1000ms") == DurationText.maximum)
        #expect(DurationText.parse("87600h1ms") == nil)
        #expect(DurationText.parse("315360000") == DurationText.maximum)
        #expect(DurationText.parse("315360001") == nil)
        let error = #expect(throws: VaultError.self) {
            try VaultConfiguration(environment: ["VAULT_CLIENT_TIMEOUT": "290025255530025243h"])
        }
        #expect(error?.code == .configuration && error?.description.contains("87600h") == true)
        let transit = try TransitKeyReference("vault-transit://transit/keys/release?version=2")
        #expect(transit.mount == "transit" && transit.name == "release" && transit.version == 2)
        #expect(throws: VaultError.self) { try TransitKeyReference("vault-transit://transit/release") }
    }

    @Test func jsonParserIsStrictAndRedacts() throws {
        let json = try VaultJSON.parse(Array(#"{"a":[1,-2.5e3,true,null],"s":"x\u00e9\ud83d\ude00\n"}"#.utf8))
        #expect(json["s"]?.stringValue == "xé😀\n")
        #expect(json["a"]?.arrayValue?.count == 4)
        #expect(try VaultJSON.parse(VaultJSON.body(json)) == json)
        #expect(!VaultJSON.redacted(json).contains("x"))
        for bad in [#"{"a":1,"a":2}"#, "[1,]", "{} x", #""\ud800""#, "01", "[" + String(repeating: "[", count: 80)] {
            #expect(throws: VaultError.self) { try VaultJSON.parse(Array(bad.utf8)) }
        }
    }
}

/// The project's own `policy/secrets.toml` and the parser's errors.
@Suite struct SecretsPolicyTests {
    @Test func theProjectsOwnPolicyParses() throws {
        let url = Bot4TestSupport.TestEnvironment.projectRoot.appendingPathComponent("policy/secrets.toml")
        let policy = try SecretsPolicy(
            toml: try String(contentsOf: url, encoding: .utf8),
            source: "policy/secrets.toml"
        )
        #expect(policy.settings.auth == .approle)
        #expect(policy.settings.secretIDWrapped)
        #expect(
            policy.environment.map(\.name) == [
                "BOT4_API_ED25519_KEY", "BOT4_API_HMAC_SECRET", "BOT4_API_KEY", "BOT4_DATABASE_PASSWORD",
                "BOT4_DATABASE_USER",
            ]
        )
        #expect(
            policy.environment.filter { $0.name.hasPrefix("BOT4_DATABASE") }.map(\.reference.path)
                == ["database/creds/bot4", "database/creds/bot4"]
        )
        #expect(policy.files.map(\.reference.description) == ["secret/bot4/api#ed25519_public_key"])
        #expect(
            policy.watch.onChange == .restart && policy.watch.onLoss == .stop && policy.watch.interval == .seconds(30)
        )
        #expect(policy.watch.revokeOnExit)
        #expect(policy.references.count == 6)
    }

    @Test func errorsNameTheSourceTableAndKey() {
        let cases: [(String, String)] = [
            ("[env]\nA = \"secret/x\"", "[env] A"),
            ("[env]\n\"1A\" = \"secret/x#k\"", "[env] 1A"),
            ("[env]\nVAULT_TOKEN = \"secret/x#k\"", "VAULT_"),
            ("[files]\n\"rel/path\" = \"secret/x#k\"", "[files]"),
            ("[env]\nA = \"secret/x#k\"\n[watch]\nsignal = \"SIGFOO\"", "[watch] signal"),
            ("[env]\nA = \"secret/x#k\"\n[watch]\ninterval = \"often\"", "[watch] interval"),
            ("[env]\nA = \"secret/x#k\"\n[watch]\nrevoke_on_exit = \"yes\"", "[watch] revoke_on_exit"),
            ("[env]\nA = \"secret/x#k\"\n[vault]\nauth = \"approle\"", "role_id_file"),
            ("[env]\nA = \"secret/x#k\"\n[vault]\ncolour = \"red\"", "[vault] colour"),
            ("[env]\nA = 3", "[env] A"),
            ("[vault]\n", "no secret"),
            ("[env\n", "t.toml:1:"),
        ]
        for (text, expected) in cases {
            let error = #expect(throws: VaultError.self) { try SecretsPolicy(toml: text, source: "t.toml") }
            #expect(error?.message.contains(expected) == true, "\(text) → \(error?.message ?? "")")
            #expect(error?.message.hasPrefix("t.toml") == true)
        }
    }
}

/// Inputs the fuzzer found that crash toml++ are refused before it sees them.
@Suite struct SecretsPolicyPrecheckTests {
    @Test func nonASCIIOutsideStringsIsRefusedWithItsPosition() throws {
        let error = #expect(throws: VaultError.self) {
            try SecretsPolicy(toml: "[env]\n[\u{FFFD}secret/x\"\n", source: "t.toml")
        }
        #expect(error?.message.hasPrefix("t.toml:2:1: a table header needs a key") == true)
        let value = #expect(throws: VaultError.self) {
            try SecretsPolicy(toml: "[env]\nA = \u{FFFD}\n", source: "t.toml")
        }
        #expect(value?.message == "t.toml:2:3: a value must follow =")
        // Found by the fuzzer in CI: an ASCII character that cannot start a key, after `[`.
        let header = #expect(throws: VaultError.self) {
            try SecretsPolicy(toml: "[\nA]vne = \"secret/x\"\n", source: "t.toml")
        }
        #expect(header?.message.hasPrefix("t.toml:1:1: a table header needs a key") == true)
        // Non-ASCII inside strings and comments is fine.
        let policy = try SecretsPolicy(toml: "# clé\n[env]\nA = \"secret/é#k\" # ü\n", source: "t.toml")
        #expect(policy.environment.first?.reference.path == "secret/é")
    }
}
