import Bot4TestSupport
import Foundation
import Testing

/// `seal release --key vault-transit://…`: a fixture package released with an OpenBao Transit key; the stock
/// `minisign -V` and `seal verify-release` accept the bundle with the key's public half (from `seal pubkey`),
/// no trusted comment says `ephemeral`, and no public key is left in the bundle.
@Suite(.serialized)
struct ReleaseTransitTests {
    @Test(.enabled(if: TestEnvironment.canRun("bao") && TestEnvironment.canRun("minisign")))
    func aTransitKeySignsTheWholeBundle() throws {
        let server = try OpenBaoServer.startDev()
        defer { server.tearDown() }
        try server.call("POST", "sys/mounts/transit", body: #"{"type":"transit"}"#)
        try server.call("POST", "transit/keys/release", body: #"{"type":"ed25519"}"#)
        let package = try FixturePackage.make("release-transit")
        defer { package.remove() }
        let env = ["VAULT_ADDR": server.address, "VAULT_TOKEN": server.rootToken]
        let pub = server.directory.appendingPathComponent("release.pub").path
        let key = "vault-transit://transit/keys/release"
        #expect(try package.seal(["pubkey", "--key", key, "-p", pub], environment: env).status == 0)

        let released = try package.seal(["release", "--key", key], environment: env)
        #expect(released.status == 0, "\(released.err)")
        #expect(!released.err.contains(server.rootToken))
        let bundle = package.bundle
        let names = try FileManager.default.contentsOfDirectory(atPath: bundle.path)
        #expect(!names.contains { $0.hasSuffix(".pub") })
        let minisign = try TestEnvironment.requireTool("minisign")
        for name in names where !name.hasSuffix(".minisig") {
            let checked = try ProcessRunner.run(minisign, ["-V", "-p", pub, "-m", bundle.path + "/" + name])
            #expect(checked.status == 0, "\(name): \(checked.err)")
            #expect(checked.out.contains("Trusted comment: fixture v0.1.0 \(name)\n"))
        }
        let verified = try package.seal(["verify-release", bundle.path, "-p", pub])
        #expect(verified.status == 0, "\(verified.out)")
    }
}
