import Bot4TestSupport
import Foundation
import Sodium
import Testing

@testable import Vault

/// A `VaultError` for a failure below the protocol (TLS files, the transport) keeps the original as
/// `underlying`; its text follows the message as it always did, and it is not part of equality.
@Suite struct VaultErrorUnderlyingTests {
    @Test func unloadableTLSFilesKeepTheNIOSSLError() throws {
        let directory = try TestEnvironment.temporaryDirectory("vault-cause-tls")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ca = directory.appendingPathComponent("ca.pem")
        try Data("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n".utf8).write(to: ca)
        var configuration = VaultConfiguration(address: "https://127.0.0.1:8200", token: nil)
        configuration.caCertFile = ca.path
        let error = #expect(throws: VaultError.self) { try VaultClient(configuration: configuration) }
        #expect(error?.code == .configuration)
        #expect(error?.message == "cannot load the TLS files (VAULT_CACERT/CAPATH/CLIENT_CERT/KEY)")
        let cause = try #require(error?.underlying)
        #expect(String(reflecting: type(of: cause)).hasPrefix("NIOSSL."))
        #expect(error?.description == "\(error?.message ?? ""): \(String(describing: cause).prefix(300))")
    }

    @Test func aClosedPortKeepsTheTransportError() async throws {
        var configuration = VaultConfiguration(
            address: "http://127.0.0.1:\(LoopbackPort.free())",
            token: try SecureBytes(copying: Array("t".utf8))
        )
        configuration.maxRetries = 0
        configuration.connectTimeout = .milliseconds(500)
        let client = try VaultClient(configuration: configuration)
        let error = await #expect(throws: VaultError.self) { try await client.readKV("secret/s") }
        await client.shutdown()
        #expect(error?.code == .unreachable)
        #expect(error?.message.hasSuffix(": cannot reach the server") == true)
        let cause = try #require(error?.underlying)
        #expect(!(cause is VaultError))
        #expect(error?.description == "\(error?.message ?? ""): \(String(describing: cause).prefix(300))")
    }

    @Test func aBadReferenceInSecretsTomlKeepsTheReferencesError() throws {
        for (toml, place) in [
            ("[env]\nA = \"secret/bot4/db\"\n", "[env] A"),
            ("[files]\n\"/run/bot4/key\" = \"secret/bot4/db#\"\n", "[files] \"/run/bot4/key\""),
        ] {
            let error = #expect(throws: VaultError.self) { try SecretsPolicy(toml: toml, source: "s.toml") }
            #expect(error?.code == .configuration)
            #expect(error?.message == "s.toml: \(place)")
            let cause = try #require(error?.underlying as? VaultError)
            #expect(cause.code == .configuration)
            #expect(cause.message.hasPrefix("\"secret/bot4/db"))
            #expect(error?.description == "s.toml: \(place): \(cause.message)")
        }
    }

    @Test func theUnderlyingErrorIsNotPartOfEquality() {
        let cause = VaultError(.timeout, "inner")
        #expect(VaultError(.unreachable, "a") == VaultError(.unreachable, "a", underlying: cause))
        #expect(VaultError(.unreachable, "a", status: 503, underlying: cause).description == "a (HTTP 503): inner")
    }
}
