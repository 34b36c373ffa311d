import Bot4TestSupport
import Foundation
import Testing

/// Every kind of bad input gets its own message and the canonical sheet's exit code:
/// 0 verified, 1 does not verify, 2 bad input, 3 environment.
@Suite struct BadInputTests {
    let dir: URL
    let file: String
    let pub: String
    let key: String
    let sig: String

    init() throws {
        dir = try TestEnvironment.temporaryDirectory("seal-bad-input")
        file = dir.appendingPathComponent("f.txt").path
        pub = dir.appendingPathComponent("k.pub").path
        key = dir.appendingPathComponent("k.key").path
        sig = file + ".minisig"
        try Data("payload\n".utf8).write(to: URL(fileURLWithPath: file))
        let keygen = try SealCLI.run(["keygen", "-W", "-p", pub, "-s", key])
        precondition(keygen.status == 0, keygen.err)
        let sign = try SealCLI.run(["sign", "-s", key, "-m", file, "-t", "trusted text"])
        precondition(sign.status == 0, sign.err)
    }

    private func signatureLines() throws -> [String] {
        try String(contentsOfFile: sig, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
    }

    private func writeSignature(_ lines: [String]) throws {
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: sig))
    }

    private func verify(_ extra: [String] = []) throws -> ProcessResult {
        try SealCLI.run(["verify", "-p", pub, "-m", file] + extra)
    }

    @Test func validSignatureVerifiesWithEveryOutputMode() throws {
        let plain = try verify()
        #expect(plain.status == 0)
        #expect(plain.out == "Signature and comment signature verified\nTrusted comment: trusted text\n")
        let quiet = try verify(["-q"])
        #expect(quiet.status == 0 && quiet.out.isEmpty)
        let prettyQuiet = try verify(["-Q"])
        #expect(prettyQuiet.out == "trusted text\n")
        let output = try verify(["-o"])
        #expect(output.out == "payload\n")
        #expect(output.err.contains("Signature and comment signature verified"))
        let json = try verify(["--format", "json"])
        #expect(json.out.contains("\"verified\":true"))
    }

    @Test func tamperedFileFailsWithExit1() throws {
        try Data("payload!\n".utf8).write(to: URL(fileURLWithPath: file))
        let result = try verify()
        #expect(result.status == 1)
        #expect(result.err.contains("Signature verification failed"))
        let quiet = try verify(["-q"])
        #expect(quiet.status == 1 && quiet.err.isEmpty)
        let output = try verify(["-o"])
        #expect(output.status == 1 && output.out.isEmpty, "-o prints nothing that did not verify")
    }

    @Test func editedTrustedCommentFailsWithExit1() throws {
        var lines = try signatureLines()
        lines[2] = "trusted comment: trusted text, edited"
        try writeSignature(lines)
        let result = try verify()
        #expect(result.status == 1)
        #expect(result.err.contains("Comment signature verification failed"))
    }

    @Test func editedUntrustedCommentStillVerifies() throws {
        var lines = try signatureLines()
        lines[0] = "untrusted comment: anything at all"
        try writeSignature(lines)
        #expect(try verify().status == 0)
    }

    @Test func wrongKeyIDNamesBothIDsEvenWhenQuiet() throws {
        let other = dir.appendingPathComponent("other.pub").path
        let otherKey = dir.appendingPathComponent("other.key").path
        try #require(try SealCLI.run(["keygen", "-W", "-p", other, "-s", otherKey]).status == 0)
        let result = try SealCLI.run(["verify", "-p", other, "-m", file, "-q"])
        #expect(result.status == 1)
        #expect(result.err.contains("Signature key id is"))
        #expect(result.err.contains("but the key id in the public key is"))
    }

    @Test func truncatedSignatureIsExit2NamingTheLine() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: sig))
        try bytes.prefix(40).write(to: URL(fileURLWithPath: sig))
        let result = try verify()
        #expect(result.status == 2)
        #expect(result.err.contains(sig))
        #expect(result.err.contains("line 2") || result.err.contains("truncated"))
    }

    @Test func nonBase64SignatureIsExit2() throws {
        var lines = try signatureLines()
        lines[1] = "this is not base64 at all!!"
        try writeSignature(lines)
        let result = try verify()
        #expect(result.status == 2)
        #expect(result.err.contains("line 2: not a base64 encoding of 74 bytes"))
    }

    @Test func unknownAlgorithmIsExit2() throws {
        var lines = try signatureLines()
        var raw = [UInt8](Data(base64Encoded: lines[1])!)
        raw[0] = 0x58  // "X"
        lines[1] = Data(raw).base64EncodedString()
        try writeSignature(lines)
        let result = try verify()
        #expect(result.status == 2)
        #expect(result.err.contains("unsupported signature algorithm"))
    }

    @Test func missingFilesAreEnvironmentFailuresExit3() throws {
        let result = try SealCLI.run(["verify", "-p", pub, "-m", dir.appendingPathComponent("nope").path])
        #expect(result.status == 3)
        #expect(result.err.contains("nope"))
        let noKey = try SealCLI.run(["sign", "-s", dir.appendingPathComponent("no.key").path, "-m", file])
        #expect(noKey.status == 3)
        #expect(noKey.err.contains("no.key"))
    }

    @Test func corruptedSecretKeyChecksumIsExit2WithItsOwnMessage() throws {
        // A seal -W key carries a valid checksum; flipping one checksum byte must be reported as damage.
        let lines = try String(contentsOfFile: key, encoding: .utf8).split(separator: "\n").map(String.init)
        var raw = [UInt8](Data(base64Encoded: lines[1])!)
        raw[157] ^= 0x01
        try Data((lines[0] + "\n" + Data(raw).base64EncodedString() + "\n").utf8).write(to: URL(fileURLWithPath: key))
        let result = try SealCLI.run(["sign", "-s", key, "-m", file])
        #expect(result.status == 2)
        #expect(result.err.contains("checksum does not match"))
    }

    @Test func wrongPasswordIsExit2AndDistinctFromDamage() throws {
        let pw = dir.appendingPathComponent("pw").path
        try Data("right-password\n".utf8).write(to: URL(fileURLWithPath: pw))
        let encrypted = dir.appendingPathComponent("e.key").path
        let encryptedPub = dir.appendingPathComponent("e.pub").path
        try #require(
            try SealCLI.run(
                ["keygen", "-p", encryptedPub, "-s", encrypted, "--password-file", pw, "--kdf", "interactive"]
            ).status == 0
        )
        let wrong = try SealCLI.run(["sign", "-s", encrypted, "-m", file], input: "wrong-password\n")
        #expect(wrong.status == 2)
        #expect(wrong.err.contains("wrong password for that key"))
        #expect(!wrong.err.contains("wrong-password"))
    }

    @Test func legacySignatureNeedsTheExplicitFlag() throws {
        let legacy = try SealCLI.run(
            [
                "verify", "-p", fixturePath("plain.pub"), "-m", fixturePath("message.txt"), "-x",
                fixturePath("message.legacy.minisig"),
            ]
        )
        #expect(legacy.status == 1)
        #expect(legacy.err.contains("Legacy"))
        let allowed = try SealCLI.run(
            [
                "verify", "-p", fixturePath("plain.pub"), "-m", fixturePath("message.txt"), "-x",
                fixturePath("message.legacy.minisig"), "--allow-legacy",
            ]
        )
        #expect(allowed.status == 0, "\(allowed.err)")
    }

    @Test func keygenRefusesToOverwriteAndWritesNothingHalfway() throws {
        let result = try SealCLI.run(["keygen", "-W", "-p", pub, "-s", key])
        #expect(result.status == 2)
        #expect(result.err.contains("already exists"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func trustedCommentWithALineBreakIsRefused() throws {
        let result = try SealCLI.run(["sign", "-s", key, "-m", file, "-t", "two\nlines"])
        #expect(result.status == 2)
        #expect(result.err.contains("control character"))
    }

    private func fixturePath(_ name: String) -> String {
        TestEnvironment.projectRoot.appendingPathComponent("Tests/MinisignTests/Fixtures/\(name)").path
    }
}
