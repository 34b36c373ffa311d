import Bot4TestSupport
import Foundation
import Testing

/// Byte compatibility with the stock minisign (Debian's 0.11) and signify, both ways. These peers are the
/// acceptance test: a round trip through seal alone would prove nothing.
@Suite(.serialized) struct InteropTests {
    let dir: URL
    init() throws { dir = try TestEnvironment.temporaryDirectory("seal-interop") }

    private func write(_ name: String, _ text: String, mode: Int = 0o600) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    private func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    @Test(.enabled(if: TestEnvironment.canRun("minisign")))
    func sealSignsMinisignVerifies() throws {
        let minisign = try TestEnvironment.requireTool("minisign")
        let pw = try write("pw", "correct horse\n")
        let file = try write("artifact.bin", String(repeating: "bot4 ", count: 10_000), mode: 0o644)
        let keygen = try SealCLI.run(
            ["keygen", "-p", path("k.pub"), "-s", path("k.key"), "--password-file", pw, "--kdf", "interactive"]
        )
        #expect(keygen.status == 0, "\(keygen.err)")
        let sign = try SealCLI.run(["sign", "-s", path("k.key"), "-m", file, "--password-file", pw])
        #expect(sign.status == 0, "\(sign.err)")
        let verify = try ProcessRunner.run(minisign, ["-V", "-p", path("k.pub"), "-m", file])
        #expect(verify.status == 0, "\(verify.err)")
        #expect(verify.out.contains("Signature and comment signature verified"))
        #expect(verify.out.contains("file:artifact.bin\thashed"))
    }

    @Test(.enabled(if: TestEnvironment.canRun("minisign")))
    func minisignSignsWithSealsEncryptedKeyAndSealVerifies() throws {
        let minisign = try TestEnvironment.requireTool("minisign")
        let pw = try write("pw", "s3cret-pw\n")
        let file = try write("f.txt", "hello\n", mode: 0o644)
        try #require(
            try SealCLI.run(
                ["keygen", "-p", path("k.pub"), "-s", path("k.key"), "--password-file", pw, "--kdf", "interactive"]
            ).status == 0
        )
        // minisign honours the interactive limits seal wrote into the key file.
        let sign = try ProcessRunner.run(
            minisign,
            ["-S", "-s", path("k.key"), "-m", file, "-t", "made by minisign"],
            input: Data("s3cret-pw\n".utf8)
        )
        #expect(sign.status == 0, "\(sign.err)")
        let verify = try SealCLI.run(["verify", "-p", path("k.pub"), "-m", file])
        #expect(verify.status == 0, "\(verify.err)")
        #expect(verify.out.contains("Trusted comment: made by minisign"))
    }

    @Test(.enabled(if: TestEnvironment.canRun("minisign")))
    func sameKeySameInputGivesByteIdenticalSignatures() throws {
        let minisign = try TestEnvironment.requireTool("minisign")
        let file = try write("f.txt", "deterministic\n", mode: 0o644)
        // A key made by minisign, used by both.
        try #require(
            try ProcessRunner.run(minisign, ["-G", "-W", "-p", path("m.pub"), "-s", path("m.key")]).status == 0
        )
        let comment = "timestamp:1764000000\tfile:f.txt\thashed"
        try #require(
            try ProcessRunner.run(
                minisign,
                ["-S", "-s", path("m.key"), "-m", file, "-x", path("peer.minisig"), "-t", comment]
            ).status == 0
        )
        let ours = try SealCLI.run(["sign", "-s", path("m.key"), "-m", file, "-x", path("ours.minisig"), "-t", comment])
        #expect(ours.status == 0, "\(ours.err)")
        let peer = try Data(contentsOf: URL(fileURLWithPath: path("peer.minisig")))
        let mine = try Data(contentsOf: URL(fileURLWithPath: path("ours.minisig")))
        #expect(peer == mine)
    }

    @Test(.enabled(if: TestEnvironment.canRun("minisign")))
    func minisignEncryptedKeyWorksInSealAndWrongPasswordIsExit2() throws {
        let minisign = try TestEnvironment.requireTool("minisign")
        let file = try write("f.txt", "x\n", mode: 0o644)
        // minisign's own encrypted key (sensitive limits): decrypting it costs about 1 GiB and 2 s, once.
        try #require(
            try ProcessRunner.run(
                minisign,
                ["-G", "-p", path("m.pub"), "-s", path("m.key")],
                input: Data("pw-one\npw-one\n".utf8)
            ).status == 0
        )
        let wrong = try SealCLI.run(["sign", "-s", path("m.key"), "-m", file], input: "pw-two\n")
        #expect(wrong.status == 2)
        #expect(wrong.err.contains("wrong password"))
        #expect(!wrong.err.contains("pw-two"))
        let right = try SealCLI.run(["sign", "-s", path("m.key"), "-m", file, "-p", path("m.pub")], input: "pw-one\n")
        #expect(right.status == 0, "\(right.err)")
        #expect(try ProcessRunner.run(minisign, ["-V", "-p", path("m.pub"), "-m", file]).status == 0)
    }

    @Test(.enabled(if: TestEnvironment.canRun("signify-openbsd")))
    func signifySignsSealVerifies() throws {
        let signify = try TestEnvironment.requireTool("signify-openbsd")
        let file = try write("f.txt", "signify me\n", mode: 0o644)
        try #require(
            try ProcessRunner.run(signify, ["-G", "-n", "-p", path("s.pub"), "-s", path("s.sec")]).status == 0
        )
        try #require(
            try ProcessRunner.run(signify, ["-S", "-s", path("s.sec"), "-m", file, "-x", path("f.sig")]).status == 0
        )
        // Without --signify a two-line file is refused as malformed, as minisign refuses it (exit 2).
        let refused = try SealCLI.run(["verify", "-p", path("s.pub"), "-m", file, "-x", path("f.sig")])
        #expect(refused.status == 2)
        #expect(refused.err.contains("trusted comment not present"))
        let ok = try SealCLI.run(["verify", "--signify", "-p", path("s.pub"), "-m", file, "-x", path("f.sig")])
        #expect(ok.status == 0, "\(ok.err)")
        #expect(ok.out.contains("Signature Verified"))
        _ = try write("f.txt", "signify me!\n", mode: 0o644)
        let tampered = try SealCLI.run(["verify", "--signify", "-p", path("s.pub"), "-m", file, "-x", path("f.sig")])
        #expect(tampered.status == 1)
    }

    /// The downgrade: a legacy minisign signature cut to its first two lines looks like a signify signature.
    /// The stock minisign refuses it ("Trusted comment not present", exit 2); so does seal, without
    /// --allow-legacy or with it.
    @Test(.enabled(if: TestEnvironment.canRun("minisign")))
    func aLegacySignatureCutToTwoLinesIsRefusedLikeMinisignRefusesIt() throws {
        let minisign = try TestEnvironment.requireTool("minisign")
        let file = try write("f.txt", "cut me\n", mode: 0o644)
        try #require(
            try ProcessRunner.run(minisign, ["-G", "-W", "-p", path("m.pub"), "-s", path("m.key")]).status == 0
        )
        try #require(try ProcessRunner.run(minisign, ["-S", "-l", "-s", path("m.key"), "-m", file]).status == 0)
        let full = try String(contentsOfFile: file + ".minisig", encoding: .utf8)
        let cut = full.split(separator: "\n").prefix(2).joined(separator: "\n") + "\n"
        let cutPath = try write("cut.minisig", cut)
        let peer = try ProcessRunner.run(minisign, ["-V", "-p", path("m.pub"), "-m", file, "-x", cutPath])
        #expect(peer.status == 2)
        for flags in [[], ["--allow-legacy"]] {
            let ours = try SealCLI.run(["verify", "-p", path("m.pub"), "-m", file, "-x", cutPath] + flags)
            #expect(ours.status == 2, "\(flags): \(ours.out)\(ours.err)")
            #expect(!ours.out.contains("Verified"))
        }
    }

    @Test(.enabled(if: TestEnvironment.canRun("minisign")))
    func checksumManifestsPassCoreutilsAndMinisign() throws {
        let minisign = try TestEnvironment.requireTool("minisign")
        let out = dir.appendingPathComponent("dist")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for name in ["a.bin", "b with space.txt"] {
            try Data((name + "\n").utf8).write(to: out.appendingPathComponent(name))
        }
        try #require(try SealCLI.run(["keygen", "-W", "-p", path("k.pub"), "-s", path("k.key")]).status == 0)
        let result = try SealCLI.run(
            [
                "checksums", out.appendingPathComponent("a.bin").path,
                out.appendingPathComponent("b with space.txt").path,
                "--output", out.path, "-s", path("k.key"),
            ]
        )
        #expect(result.status == 0, "\(result.err)")
        let sha256 = try ProcessRunner.run("/usr/bin/sha256sum", ["-c", "SHA256SUMS"], directory: out)
        #expect(sha256.status == 0, "\(sha256.out)\(sha256.err)")
        let sha512 = try ProcessRunner.run("/usr/bin/sha512sum", ["-c", "SHA512SUMS"], directory: out)
        #expect(sha512.status == 0, "\(sha512.out)\(sha512.err)")
        for manifest in ["SHA256SUMS", "SHA512SUMS"] {
            let check = try ProcessRunner.run(
                minisign,
                ["-V", "-p", path("k.pub"), "-m", out.appendingPathComponent(manifest).path]
            )
            #expect(check.status == 0, "\(manifest): \(check.err)")
        }
    }
}
