import Bot4TestSupport
import Foundation
import Minisign
import Release
import Testing
import Vault

/// Signing with an OpenBao Transit key as a library call (`SigningKey.vaultTransit`, what `seal sign --key`
/// and `seal pubkey` call): minisign signatures checked by the stock `minisign -V` across a key rotation,
/// failures as `VaultError`s naming the key, and the AppRole login of a `--vault-config`. `SealTransitTests`
/// runs the commands end to end.
@Suite(.serialized)
struct TransitSigningTests {
    static let reference = OpenBaoServer.transitReleaseKey

    /// Signs `file` with `key` and writes the signature to `signatureFile`.
    static func sign(
        _ file: String,
        to signatureFile: String,
        with key: SigningKey,
        environment: [String: String],
        report: (String) -> Void = { _ in }
    ) async throws {
        let signature = try await key.withSigner(environment: environment, report: report) { signer in
            try await Minisign.sign(file: file, signer: signer, trustedComment: "bot4 1.0")
        }
        try Data(signature.fileContents.utf8).write(to: URL(fileURLWithPath: signatureFile))
    }

    static func publicKey(_ key: SigningKey, environment: [String: String], to path: String) async throws -> PublicKey {
        let publicKey = try await key.withSigner(environment: environment) { try await $0.publicKey }
        try Data(publicKey.fileContents().utf8).write(to: URL(fileURLWithPath: path))
        return publicKey
    }

    @Test(.enabled(if: TestEnvironment.canRun("bao") && TestEnvironment.canRun("minisign")))
    func transitSignaturesVerifyWithStockMinisignAcrossRotation() async throws {
        let minisign = try TestEnvironment.requireTool("minisign")
        let server = try OpenBaoServer.startTransit()
        defer { server.tearDown() }
        let dir = server.directory
        let file = dir.appendingPathComponent("bot4.tar.gz").path
        try Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: file))
        let env = ["VAULT_ADDR": server.address, "VAULT_TOKEN": server.rootToken]
        let latest = SigningKey.vaultTransit(reference: Self.reference, vaultConfig: nil)

        let pub1 = dir.appendingPathComponent("v1.pub").path
        let key1 = try await Self.publicKey(latest, environment: env, to: pub1)
        try await Self.sign(file, to: file + ".minisig", with: latest, environment: env)
        let verified = try ProcessRunner.run(minisign, ["-V", "-m", file, "-p", pub1])
        #expect(verified.status == 0, "\(verified.err)")
        #expect(verified.out.contains("Trusted comment: bot4 1.0"))
        // The public key's 32 bytes are OpenBao's own for version 1.
        let key = try #require(server.call("GET", "transit/keys/release").data?["keys"] as? [String: Any])
        let v1 = try #require((key["1"] as? [String: Any])?["public_key"] as? String)
        #expect(Data(key1.key) == Data(base64Encoded: v1))

        // Rotation: a new version has a new key id; old signatures keep verifying with the old public key.
        try server.call("POST", "transit/keys/release/rotate")
        let pub2 = dir.appendingPathComponent("v2.pub").path
        let key2 = try await Self.publicKey(latest, environment: env, to: pub2)
        #expect(key2.keyID != key1.keyID)
        let sig2 = dir.appendingPathComponent("v2.minisig").path
        try await Self.sign(file, to: sig2, with: latest, environment: env)
        #expect(try ProcessRunner.run(minisign, ["-V", "-m", file, "-p", pub2, "-x", sig2]).status == 0)
        #expect(try ProcessRunner.run(minisign, ["-V", "-m", file, "-p", pub1, "-x", sig2]).status != 0)
        #expect(try ProcessRunner.run(minisign, ["-V", "-m", file, "-p", pub1]).status == 0)
        let sig1 = dir.appendingPathComponent("v1.minisig").path
        let pinned = SigningKey.vaultTransit(reference: Self.reference + "?version=1", vaultConfig: nil)
        try await Self.sign(file, to: sig1, with: pinned, environment: env)
        #expect(try ProcessRunner.run(minisign, ["-V", "-m", file, "-p", pub1, "-x", sig1]).status == 0)
        // Bot4's verifier agrees with minisign.
        let signature = try Signature(
            fileContents: Array(try Data(contentsOf: URL(fileURLWithPath: sig2))),
            source: sig2
        )
        #expect(try Verifier(publicKey: key2).verify(signature, file: file).isVerified)

        // Unknown keys and bad references: errors naming them, never the token.
        let unknown = await #expect(throws: VaultError.self) {
            try await SigningKey.vaultTransit(reference: "vault-transit://transit/keys/nokey", vaultConfig: nil)
                .withSigner(environment: env) { try await $0.publicKey }
        }
        #expect(unknown?.code == .notFound)
        #expect(unknown?.description.contains("transit/keys/nokey") == true)
        let malformed = await #expect(throws: VaultError.self) {
            try await SigningKey.vaultTransit(reference: "vault-transit://transit/nokeys", vaultConfig: nil)
                .withSigner(environment: env) { try await $0.publicKey }
        }
        #expect(malformed?.code == .configuration)
        #expect(!"\(String(describing: unknown))\(String(describing: malformed))".contains(server.rootToken))
    }

    /// A `--vault-config` logs Transit signing in as its `[vault]` table says: AppRole with a response-wrapped
    /// secret id, no token in the environment, and a file that maps no secret.
    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func transitSigningLogsInWithAppRoleFromAVaultConfig() async throws {
        let server = try OpenBaoServer.startTransit()
        defer { server.tearDown() }
        let (config, wrappingToken) = try server.writeTransitAppRoleConfig()
        let dir = server.directory
        let file = dir.appendingPathComponent("bot4.tar.gz").path
        try Data("release bytes".utf8).write(to: URL(fileURLWithPath: file))
        let pub = try await Self.publicKey(
            SigningKey.vaultTransit(reference: Self.reference, vaultConfig: nil),
            environment: ["VAULT_ADDR": server.address, "VAULT_TOKEN": server.rootToken],
            to: dir.appendingPathComponent("release.pub").path
        )
        // No VAULT_TOKEN and a wrong VAULT_ADDR: the configuration's address and login are what count.
        let env = ["VAULT_ADDR": "http://127.0.0.1:1", "VAULT_MAX_RETRIES": "0"]
        let key = SigningKey.vaultTransit(reference: Self.reference, vaultConfig: config.path)
        var said: [String] = []
        try await Self.sign(file, to: file + ".minisig", with: key, environment: env) { said.append($0) }
        #expect(said.contains { $0.contains("logged in with AppRole") }, "\(said)")
        let signature = try Signature(
            fileContents: Array(try Data(contentsOf: URL(fileURLWithPath: file + ".minisig"))),
            source: "bot4.tar.gz.minisig"
        )
        #expect(try Verifier(publicKey: pub).verify(signature, file: file).isVerified)
        // The wrapping token was single use: a second login fails, naming the wrapping token, not its value.
        let again = await #expect(throws: VaultError.self) {
            try await key.withSigner(environment: env) { try await $0.publicKey }
        }
        #expect(again?.description.contains("wrapping token") == true, "\(String(describing: again))")
        #expect(!(said.joined() + String(describing: again)).contains(wrappingToken))
    }
}
