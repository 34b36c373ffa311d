import Bot4TestSupport
import Digest
import Foundation
import Minisign
import Release
import Sodium
import Testing

/// `SHA256SUMS`/`SHA512SUMS` through the library: what `sha256sum -c` accepts, signatures that verify,
/// names a manifest cannot hold refused before anything is written.
@Suite struct ChecksumManifestTests {
    static func bundle(_ label: String) throws -> URL {
        let directory = try TestEnvironment.temporaryDirectory(label)
        try Data("seal binary".utf8).write(to: directory.appendingPathComponent("seal"))
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("docs"),
            withIntermediateDirectories: true
        )
        try Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }).write(
            to: directory.appendingPathComponent("docs/bot4.cdx.json")
        )
        return directory
    }

    @Test func manifestsAreWhatSha256sumAndSha512sumCheck() async throws {
        let directory = try Self.bundle("release-sums")
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = ["seal", "docs/bot4.cdx.json"].map { directory.appendingPathComponent($0).path }
        let manifest = try ChecksumManifest(ChecksumManifest.Request(files: files, outputDirectory: directory.path))
        #expect(manifest.entries.map(\.name) == ["seal", "docs/bot4.cdx.json"])
        let written = try await manifest.write()
        #expect(written == [directory.path + "/SHA256SUMS", directory.path + "/SHA512SUMS"])
        let expected = HashFunction.hash(.sha256, Array("seal binary".utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(try String(contentsOfFile: written[0], encoding: .utf8).hasPrefix("\(expected)  seal\n"))
        for (tool, name) in [("sha256sum", "SHA256SUMS"), ("sha512sum", "SHA512SUMS")] {
            let checked = try ProcessRunner.run(
                try TestEnvironment.requireTool(tool),
                ["-c", name],
                directory: directory
            )
            #expect(checked.status == 0, "\(tool): \(checked.err)")
        }
    }

    @Test func signedManifestsVerify() async throws {
        let directory = try Self.bundle("release-signed-sums")
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = try SecretKey.generate()
        let manifest = try ChecksumManifest(
            ChecksumManifest.Request(
                files: [directory.appendingPathComponent("seal").path],
                outputDirectory: directory.path,
                algorithms: [.sha256]
            )
        )
        try await manifest.write(signer: KeyFileSigner(secretKey: key))
        let path = directory.path + "/SHA256SUMS"
        let signature = try Signature(
            fileContents: Array(try Data(contentsOf: URL(fileURLWithPath: path + ".minisig"))),
            source: path + ".minisig"
        )
        #expect(try Verifier(publicKey: key.publicKey).verify(signature, file: path).isVerified)
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/SHA512SUMS"))
    }

    @Test func aNameWithALineBreakIsRefusedBeforeAnythingIsWritten() throws {
        let directory = try Self.bundle("release-bad-name")
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = directory.appendingPathComponent("two\nlines").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: bad))
        #expect {
            try ChecksumManifest(ChecksumManifest.Request(files: [bad], outputDirectory: directory.path))
        } throws: { error in
            guard let error = error as? ReleaseError else { return false }
            return error.code == .badInput && error.message.contains("line break")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path + "/SHA256SUMS"))
    }

    @Test func anUnreadableFileIsTheEnvironmentsFailure() throws {
        let directory = try TestEnvironment.temporaryDirectory("release-missing")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: DigestError.self) {
            try ChecksumManifest(
                ChecksumManifest.Request(files: [directory.appendingPathComponent("absent").path])
            )
        }
    }
}
