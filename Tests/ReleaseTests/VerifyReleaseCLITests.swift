import Bot4TestSupport
import Foundation
import JSON
import Minisign
import Testing

/// `seal verify-release` maps the verdict to the sheet's codes: 0 verified, 1 does not verify, 2 bad input,
/// 3 an unreadable bundle.
@Suite struct VerifyReleaseCLITests {
    static func seal(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(TestEnvironment.product("seal"), ["verify-release"] + arguments)
    }

    @Test func exitCodesFollowTheSheet() async throws {
        let bundle = try await ReleaseBundleFixture.make("release-verify-cli")
        defer { bundle.remove() }
        let pub = bundle.directory.deletingLastPathComponent().appendingPathComponent(
            bundle.directory.lastPathComponent + ".pub"
        )
        try Data(bundle.publicKey.fileContents().utf8).write(to: pub)
        defer { try? FileManager.default.removeItem(at: pub) }

        let intact = try Self.seal([bundle.path, "-p", pub.path])
        #expect(intact.status == 0, "\(intact.out) \(intact.err)")
        #expect(intact.out.contains("files verified"))

        try bundle.write("tool", try bundle.read("tool") + Data("x".utf8))
        let tampered = try Self.seal([bundle.path, "-p", pub.path])
        #expect(tampered.status == 1)
        #expect(tampered.out.contains("bad-signature: tool:"))
        let json = try Self.seal([bundle.path, "-p", pub.path, "--format", "json"])
        #expect(json.status == 1)
        #expect(try JSONParser.parse(Array(json.stdout))["verified"] == .bool(false))

        let missing = try Self.seal([bundle.path + "-gone", "-p", pub.path])
        #expect(missing.status == 3)
        #expect(missing.err.contains("-gone: no such bundle folder"))

        try Data("untrusted comment: x\nnot a key\n".utf8).write(to: pub)
        let badKey = try Self.seal([bundle.path, "-p", pub.path])
        #expect(badKey.status == 2, "\(badKey.err)")
    }
}
