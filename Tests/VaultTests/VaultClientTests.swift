import Bot4TestSupport
import Foundation
import Sodium
import Testing

@testable import Vault

/// The client against the real OpenBao dev server: KV v1/v2, versions, CAS, tokens, AppRole with a wrapped
/// secret id, the two meanings of 403, TLS with the server's own CA.
@Suite(.serialized)
struct VaultClientTests {
    static func client(_ server: OpenBaoServer, token: String?, retries: Int = 0) throws -> VaultClient {
        var configuration = VaultConfiguration(
            address: server.address,
            token: try token.map { try SecureBytes(copying: Array($0.utf8)) }
        )
        configuration.maxRetries = retries
        configuration.minRetryWait = .milliseconds(50)
        configuration.maxRetryWait = .milliseconds(100)
        configuration.connectTimeout = .milliseconds(500)
        if server.address.hasPrefix("https") { configuration.caCertFile = server.caFile }
        return try VaultClient(configuration: configuration)
    }

    static func text(_ bytes: SecureBytes?) -> String? {
        bytes?.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// A caller that leaves on a thrown error drops its client unshut; AsyncHTTPClient's debug-build trap ("Client not
    /// shut down before the deinit") would kill the whole test process here without `VaultClient.deinit`.
    @Test func aClientDroppedWithoutShutdownShutsItselfDown() async throws {
        for _ in 0..<3 {
            var configuration = VaultConfiguration(address: "http://127.0.0.1:1", token: nil)
            configuration.maxRetries = 0
            let client = try VaultClient(configuration: configuration)
            await #expect(throws: VaultError.self) { try await client.kvMount(for: "secret/bot4/db") }
        }
        try await Task.sleep(for: .milliseconds(200))
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func kvVersion2ReadsVersionsAndCheckAndSet() async throws {
        let server = try OpenBaoServer.startDev()
        defer { server.tearDown() }
        let client = try Self.client(server, token: server.rootToken)
        try server.putKV2("bot4/db", #"{"password":"pw-one-\#(UUID().uuidString)","user":"bot4"}"#)
        let secondPassword = "pw-two-\(UUID().uuidString)"
        try server.putKV2("bot4/db", #"{"password":"\#(secondPassword)","user":"bot4"}"#)

        let mount = try await client.kvMount(for: "secret/bot4/db")
        #expect(mount == KVMount(path: "secret/", version: 2))
        let latest = try await client.readKV("secret/bot4/db")
        #expect(latest.version == 2)
        #expect(Self.text(latest.values["password"]) == secondPassword)
        #expect(!latest.description.contains(secondPassword))
        let first = try await client.readKV("secret/bot4/db", version: 1)
        #expect(first.version == 1)
        #expect(Self.text(first.values["password"])?.hasPrefix("pw-one-") == true)
        #expect(first.fingerprint != latest.fingerprint)

        // CAS: 2 is current, so cas=1 is refused and cas=2 succeeds.
        await #expect(throws: VaultError(.checkAndSetMismatch, "")) {
            try await client.writeKV("secret/bot4/db", values: ["password": "x"], cas: 1)
        }
        let written = try await client.writeKV("secret/bot4/db", values: ["password": "third"], cas: 2)
        #expect(written == 3)
        #expect(try await client.currentVersion("secret/bot4/db") == 3)
        // The independent client sees the write.
        let check = try server.call("GET", "secret/data/bot4/db")
        #expect((check.data?["data"] as? [String: Any])?["password"] as? String == "third")

        // A deleted latest version is "not found", not empty.
        try server.call("DELETE", "secret/data/bot4/db")
        let deleted = await #expect(throws: VaultError.self) { try await client.readKV("secret/bot4/db") }
        #expect(deleted?.code == .notFound)
        #expect(deleted?.message.contains("deleted") == true)
        let missing = await #expect(throws: VaultError.self) { try await client.readKV("secret/bot4/none") }
        #expect(missing?.code == .notFound)
        await client.shutdown()
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func kvVersion1AndUnknownMount() async throws {
        let server = try OpenBaoServer.startDev()
        defer { server.tearDown() }
        try server.call("POST", "sys/mounts/kv1", body: #"{"type":"kv","options":{"version":"1"}}"#)
        try server.call("POST", "kv1/app/api", body: #"{"hmac":"h-\#(UUID().uuidString)","ttl":"1h"}"#)
        let client = try Self.client(server, token: server.rootToken)
        #expect(try await client.kvMount(for: "kv1/app/api") == KVMount(path: "kv1/", version: 1))
        let secret = try await client.readKV("kv1/app/api")
        #expect(secret.version == nil)
        #expect(Self.text(secret.values["hmac"])?.hasPrefix("h-") == true)
        #expect(secret.leaseDuration == 3600)
        try await client.writeKV("kv1/app/api", values: ["hmac": "new"])
        #expect(Self.text(try await client.readKV("kv1/app/api").values["hmac"]) == "new")

        let unknown = await #expect(throws: VaultError.self) { try await client.readKV("nomount/app/api") }
        #expect(unknown?.code == .unsupportedMount)
        try server.call("POST", "sys/mounts/transit", body: #"{"type":"transit"}"#)
        let notKV = await #expect(throws: VaultError.self) { try await client.readKV("transit/keys/x") }
        #expect(notKV?.code == .unsupportedMount)
        await client.shutdown()
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func tokenLookupRenewAndTheTwoMeaningsOf403() async throws {
        let server = try OpenBaoServer.startDev()
        defer { server.tearDown() }
        try server.putKV2("bot4/db", #"{"password":"p"}"#)
        try server.writePolicy("read-db", #"path "secret/data/bot4/db" { capabilities = ["read"] }"#)
        let token = try server.createToken(policies: ["read-db"], ttl: "1h", extra: #","explicit_max_ttl":"2h""#)
        let client = try Self.client(server, token: token)

        let info = try await client.lookupSelf()
        #expect(info.renewable)
        #expect(info.policies.contains("read-db"))
        #expect((3500...3600).contains(info.ttl))
        #expect(!info.description.contains(token))
        let renewed = try await client.renewSelf(increment: 7200)
        #expect(renewed.leaseDuration > 3600)
        #expect(renewed.leaseDuration <= 7200)
        #expect(!renewed.description.contains(token))

        #expect(Self.text(try await client.readKV("secret/bot4/db").values["password"]) == "p")
        // Policy denial: the token is fine.
        let denied = await #expect(throws: VaultError.self) {
            try await client.request(.GET, "secret/data/other")
        }
        #expect(denied?.code == .permissionDenied)
        // Revoked: the same 403 on the wire, a dead token after lookup-self.
        try server.call("POST", "auth/token/revoke", body: #"{"token":"\#(token)"}"#)
        let dead = await #expect(throws: VaultError.self) { try await client.request(.GET, "secret/data/bot4/db") }
        #expect(dead?.code == .invalidToken)
        #expect(dead.map { !String(describing: $0).contains(token) } == true)
        await client.shutdown()
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func appRoleWithWrappedSecretIDReloginsWhenTheTokenDies() async throws {
        let server = try OpenBaoServer.startDev()
        defer { server.tearDown() }
        try server.putKV2("bot4/api", #"{"hmac_secret":"s3"}"#)
        try server.writePolicy("bot4", #"path "secret/data/bot4/*" { capabilities = ["read"] }"#)
        try server.call("POST", "sys/auth/approle", body: #"{"type":"approle"}"#)
        try server.call("POST", "auth/approle/role/bot4", body: #"{"token_policies":["bot4"],"token_ttl":"10m"}"#)
        let roleID = try #require(try server.call("GET", "auth/approle/role/bot4/role-id").data?["role_id"] as? String)
        let wrapped = try server.call(
            "POST",
            "auth/approle/role/bot4/secret-id",
            body: "{}",
            headers: ["X-Vault-Wrap-TTL: 60s"]
        )
        let wrappingToken = try #require((wrapped.json?["wrap_info"] as? [String: Any])?["token"] as? String)

        let client = try Self.client(server, token: nil)
        let secretID = try await client.unwrapSecretID(
            wrappingToken: try SecureBytes(copying: Array(wrappingToken.utf8))
        )
        // Single use: a second unwrap is refused.
        let again = await #expect(throws: VaultError.self) {
            try await client.unwrapSecretID(wrappingToken: try SecureBytes(copying: Array(wrappingToken.utf8)))
        }
        #expect(again?.code == .wrapping)
        let auth = try await client.loginAppRole(roleID: roleID, secretID: secretID)
        #expect(auth.policies.contains("bot4"))
        #expect(auth.leaseDuration == 600)
        #expect(Self.text(try await client.readKV("secret/bot4/api").values["hmac_secret"]) == "s3")

        // Kill the token: the next read logs in again (once) and succeeds.
        let firstToken = try #require(Self.text(client.token))
        try server.call("POST", "auth/token/revoke", body: #"{"token":"\#(firstToken)"}"#)
        #expect(Self.text(try await client.readKV("secret/bot4/api").values["hmac_secret"]) == "s3")
        #expect(Self.text(client.token) != firstToken)
        // A policy denial is not a reason to log in again.
        let tokenBefore = Self.text(client.token)
        let denied = await #expect(throws: VaultError.self) { try await client.request(.GET, "secret/data/elsewhere") }
        #expect(denied?.code == .permissionDenied)
        #expect(Self.text(client.token) == tokenBefore)

        // A bad secret id is a 400, named, without the value.
        let bad = await #expect(throws: VaultError.self) {
            try await client.loginAppRole(roleID: roleID, secretID: try SecureBytes(copying: Array("nope".utf8)))
        }
        #expect(bad?.code == .badRequest)
        #expect(bad?.description.contains("invalid role or secret ID") == true)
        await client.shutdown()
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func wrappingTokenOfAnotherPathIsRefusedUnused() async throws {
        let server = try OpenBaoServer.startDev()
        defer { server.tearDown() }
        try server.putKV2("x", #"{"k":"v"}"#)
        let wrapped = try server.call("GET", "secret/data/x", headers: ["X-Vault-Wrap-TTL: 60s"])
        let token = try #require((wrapped.json?["wrap_info"] as? [String: Any])?["token"] as? String)
        let client = try Self.client(server, token: nil)
        let error = await #expect(throws: VaultError.self) {
            try await client.unwrapSecretID(wrappingToken: try SecureBytes(copying: Array(token.utf8)))
        }
        #expect(error?.code == .wrapping)
        // It was not consumed: the independent client can still unwrap it.
        #expect(try server.call("POST", "sys/wrapping/unwrap", body: "{}", token: token).status == 200)
        await client.shutdown()
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func tlsWithTheServersOwnCA() async throws {
        let server = try OpenBaoServer.startDev(tls: true)
        defer { server.tearDown() }
        try server.putKV2("tls", #"{"k":"v"}"#)
        let client = try Self.client(server, token: server.rootToken)
        #expect(Self.text(try await client.readKV("secret/tls").values["k"]) == "v")
        await client.shutdown()

        // Without the CA the handshake fails, and it is not retried as a transient error.
        var configuration = VaultConfiguration(
            address: server.address,
            token: try SecureBytes(copying: Array("t".utf8))
        )
        configuration.maxRetries = 0
        configuration.connectTimeout = .milliseconds(500)
        let untrusting = try VaultClient(configuration: configuration)
        let error = await #expect(throws: VaultError.self) { try await untrusting.readKV("secret/tls") }
        #expect(error?.code == .configuration)
        await untrusting.shutdown()

        // VAULT_SKIP_VERIFY works and warns.
        let skipping = try VaultConfiguration(environment: [
            "VAULT_ADDR": server.address, "VAULT_TOKEN": server.rootToken, "VAULT_SKIP_VERIFY": "true",
        ])
        #expect(skipping.warnings.contains { $0.contains("VAULT_SKIP_VERIFY") && $0.contains("NOT verified") })
        let insecure = try VaultClient(configuration: skipping)
        #expect(Self.text(try await insecure.readKV("secret/tls").values["k"]) == "v")
        await insecure.shutdown()
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func sealedAndStoppedServers() async throws {
        let server = try OpenBaoServer.startDev()
        defer { server.tearDown() }
        try server.putKV2("s", #"{"k":"v"}"#)
        let client = try Self.client(server, token: server.rootToken, retries: 2)
        _ = try await client.readKV("secret/s")
        try server.call("PUT", "sys/seal")
        let health = try await client.health()
        #expect(health.sealed)
        let sealed = await #expect(throws: VaultError.self) { try await client.readKV("secret/s") }
        #expect(sealed?.code == .sealed)
        server.stop()
        let down = await #expect(throws: VaultError.self) { try await client.readKV("secret/s") }
        #expect(down?.code == .unreachable)
        await client.shutdown()
    }
}
