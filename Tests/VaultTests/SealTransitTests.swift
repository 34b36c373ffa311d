import Bot4TestSupport
import Foundation
import Testing

/// `seal sign --key vault-transit://…`, `seal pubkey` and `--vault-config` end to end: exit codes, the files
/// they write (checked by the stock `minisign -V`) and what they print. Rotation, pinned versions and the
/// failures themselves are `TransitSigningTests`' (library calls).
@Suite(.serialized)
struct SealTransitTests {
    @Test(.enabled(if: TestEnvironment.canRun("bao") && TestEnvironment.canRun("minisign")))
    func transitSignaturesVerifyWithStockMinisignAndFailuresExit2() throws {
        let minisign = try TestEnvironment.requireTool("minisign")
        let server = try OpenBaoServer.startTransit()
        defer { server.tearDown() }
        let dir = server.directory
        let file = dir.appendingPathComponent("bot4.tar.gz").path
        try Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: file))
        let env = ["VAULT_ADDR": server.address, "VAULT_TOKEN": server.rootToken]
        let seal = TestEnvironment.product("seal")
        func run(_ arguments: [String]) throws -> ProcessResult {
            try ProcessRunner.run(seal, arguments, environment: env)
        }

        let pub1 = dir.appendingPathComponent("v1.pub").path
        #expect(try run(["pubkey", "--key", "vault-transit://transit/keys/release", "-p", pub1]).status == 0)
        let signed = try run(["sign", "--key", "vault-transit://transit/keys/release", "-m", file, "-t", "bot4 1.0"])
        #expect(signed.status == 0, "\(signed.err)")
        let verified = try ProcessRunner.run(minisign, ["-V", "-m", file, "-p", pub1])
        #expect(verified.status == 0, "\(verified.err)")
        #expect(verified.out.contains("Trusted comment: bot4 1.0"))
        // The seal verifier agrees with minisign.
        #expect(try run(["verify", "-p", pub1, "-m", file]).status == 0)

        // Bad references and unknown keys: clear errors, no token in the output.
        let unknown = try run(["sign", "--key", "vault-transit://transit/keys/nokey", "-m", file])
        #expect(unknown.status == 2)
        #expect(unknown.err.contains("transit/keys/nokey"))
        let malformed = try run(["pubkey", "--key", "vault-transit://transit/nokeys"])
        #expect(malformed.status == 2)
        #expect(!(unknown.err + malformed.err + signed.err).contains(server.rootToken))
        // The file-key path is unchanged and refuses to be mixed with --key.
        let mixed = try run(["sign", "--key", "vault-transit://transit/keys/release", "-s", "x.key", "-m", file])
        #expect(mixed.status != 0)
    }

    /// `--vault-config` logs Transit signing in as a secrets.toml's `[vault]` table says (AppRole), and says so.
    @Test(.enabled(if: TestEnvironment.canRun("bao")))
    func transitSigningLogsInWithAppRoleFromAVaultConfig() throws {
        let server = try OpenBaoServer.startTransit()
        defer { server.tearDown() }
        let (config, wrappingToken) = try server.writeTransitAppRoleConfig()
        let dir = server.directory
        let file = dir.appendingPathComponent("bot4.tar.gz").path
        try Data("release bytes".utf8).write(to: URL(fileURLWithPath: file))
        // No VAULT_TOKEN and a wrong VAULT_ADDR: the configuration's address and login are what count.
        let env = ["VAULT_ADDR": "http://127.0.0.1:1", "VAULT_MAX_RETRIES": "0"]
        let seal = TestEnvironment.product("seal")
        let key = "vault-transit://transit/keys/release"
        let pub = dir.appendingPathComponent("release.pub").path
        // pubkey first, with the root token (a wrapped secret id logs in once).
        let published = try ProcessRunner.run(
            seal,
            ["pubkey", "--key", key, "-p", pub],
            environment: ["VAULT_ADDR": server.address, "VAULT_TOKEN": server.rootToken]
        )
        #expect(published.status == 0, "\(published.err)")
        let signed = try ProcessRunner.run(
            seal,
            ["sign", "--key", key, "--vault-config", config.path, "-m", file, "-p", pub],
            environment: env
        )
        #expect(signed.status == 0, "\(signed.err)")
        #expect(signed.err.contains("logged in with AppRole"), "\(signed.err)")
        #expect(try ProcessRunner.run(seal, ["verify", "-p", pub, "-m", file]).status == 0)
        #expect(!signed.err.contains(wrappingToken))
    }

    /// `seal advisories update --key vault-transit://…`: the snapshot is signed in Vault (stock `minisign`
    /// verifies `snapshot.json` with the Transit key's public half), no key pair is made, and `-p` is refused.
    @Test(.enabled(if: TestEnvironment.canRun("bao") && TestEnvironment.canRun("minisign")))
    func anAdvisorySnapshotIsSignedByATransitKey() throws {
        let minisign = try TestEnvironment.requireTool("minisign")
        let server = try OpenBaoServer.startTransit()
        defer { server.tearDown() }
        let dir = server.directory
        let export = dir.appendingPathComponent("SwiftURL.zip")
        try TestArchive.zip(
            folder: TestEnvironment.projectRoot.appendingPathComponent("Tests/AuditTests/Fixtures/osv/ghsa").path,
            to: export
        )
        let env = ["VAULT_ADDR": server.address, "VAULT_TOKEN": server.rootToken]
        let seal = TestEnvironment.product("seal")
        let key = "vault-transit://transit/keys/release"
        let pub = dir.appendingPathComponent("transit.pub").path
        #expect(try ProcessRunner.run(seal, ["pubkey", "--key", key, "-p", pub], environment: env).status == 0)

        let db = dir.appendingPathComponent("advisories").path
        let updated = try ProcessRunner.run(
            seal,
            ["advisories", "update", "--db", db, "--from", export.path, "--key", key],
            environment: env
        )
        #expect(updated.status == 0, "\(updated.err)")
        #expect(updated.out.contains("SwiftURL 6 records"), "\(updated.out)")
        #expect(!updated.out.contains("new public key"), "\(updated.out)")
        #expect(!FileManager.default.fileExists(atPath: db + ".pub"))
        let manifest = db + "/snapshot.json"
        let verified = try ProcessRunner.run(minisign, ["-V", "-m", manifest, "-p", pub])
        #expect(verified.status == 0, "\(verified.err)")
        #expect(try ProcessRunner.run(seal, ["verify", "-p", pub, "-m", manifest]).status == 0)

        let withPublicKeyPath = try ProcessRunner.run(
            seal,
            ["advisories", "update", "--db", db, "--from", export.path, "--key", key, "-p", pub],
            environment: env
        )
        #expect(withPublicKeyPath.status == 2, "\(withPublicKeyPath.err)")
        let unknownKey = try ProcessRunner.run(
            seal,
            ["advisories", "update", "--db", db, "--from", export.path, "--key", "vault-transit://transit/keys/none"],
            environment: env
        )
        #expect(unknownKey.status == 2, "\(unknownKey.err)")
        #expect(unknownKey.err.contains("transit/keys/none"), "\(unknownKey.err)")
        // The snapshot the refused runs found is the one signed above.
        #expect(try ProcessRunner.run(minisign, ["-V", "-m", manifest, "-p", pub]).status == 0)
        #expect(!(updated.out + updated.err + unknownKey.err).contains(server.rootToken))
    }
}
