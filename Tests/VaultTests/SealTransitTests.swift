import Bot4TestSupport
import Foundation
import Testing

/// `seal sign --key vault-transit://…` and `seal pubkey`: minisign signatures made by OpenBao Transit, checked
/// by the stock `minisign -V`, across a key rotation.
@Suite(.serialized)
struct SealTransitTests {
    @Test(.enabled(if: TestEnvironment.canRun("bao") && TestEnvironment.canRun("minisign")))
    func transitSignaturesVerifyWithStockMinisignAcrossRotation() throws {
        let minisign = try TestEnvironment.requireTool("minisign")
        let server = try OpenBaoServer.startDev()
        defer { server.tearDown() }
        try server.call("POST", "sys/mounts/transit", body: #"{"type":"transit"}"#)
        try server.call("POST", "transit/keys/release", body: #"{"type":"ed25519"}"#)
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
        // The public key's 32 bytes are OpenBao's own for version 1.
        let key = try #require(server.call("GET", "transit/keys/release").data?["keys"] as? [String: Any])
        let v1 = try #require((key["1"] as? [String: Any])?["public_key"] as? String)
        let pubLine = try String(contentsOfFile: pub1, encoding: .utf8).split(separator: "\n")[1]
        #expect(Data(base64Encoded: String(pubLine))?.suffix(32) == Data(base64Encoded: v1))

        // Rotation: a new version has a new key id; old signatures keep verifying with the old public key.
        try server.call("POST", "transit/keys/release/rotate")
        let pub2 = dir.appendingPathComponent("v2.pub").path
        #expect(try run(["pubkey", "--key", "vault-transit://transit/keys/release", "-p", pub2]).status == 0)
        #expect(try String(contentsOfFile: pub1, encoding: .utf8) != String(contentsOfFile: pub2, encoding: .utf8))
        let sig2 = dir.appendingPathComponent("v2.minisig").path
        #expect(try run(["sign", "--key", "vault-transit://transit/keys/release", "-m", file, "-x", sig2]).status == 0)
        #expect(try ProcessRunner.run(minisign, ["-V", "-m", file, "-p", pub2, "-x", sig2]).status == 0)
        #expect(try ProcessRunner.run(minisign, ["-V", "-m", file, "-p", pub1, "-x", sig2]).status != 0)
        #expect(try ProcessRunner.run(minisign, ["-V", "-m", file, "-p", pub1]).status == 0)
        let sig1 = dir.appendingPathComponent("v1.minisig").path
        let pinned = try run([
            "sign", "--key", "vault-transit://transit/keys/release?version=1", "-m", file, "-x", sig1,
        ])
        #expect(pinned.status == 0)
        #expect(try ProcessRunner.run(minisign, ["-V", "-m", file, "-p", pub1, "-x", sig1]).status == 0)
        // The seal verifier agrees with minisign.
        #expect(try run(["verify", "-p", pub2, "-m", file, "-x", sig2]).status == 0)

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
}
