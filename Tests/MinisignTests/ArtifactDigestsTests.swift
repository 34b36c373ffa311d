import Bot4TestSupport
import Foundation
import Minisign
import Testing

/// ``ArtifactDigests`` against the stock tools (sha256sum, sha512sum, b2sum: BLAKE2b-512, minisign's
/// prehash) on sizes around the shared buffers' edges.
@Suite struct ArtifactDigestsTests {
    static func stock(_ tool: String, _ path: String) throws -> String {
        String(try ProcessRunner.run(try TestEnvironment.requireTool(tool), [path]).out.prefix { $0 != " " })
    }

    @Test(
        .enabled(if: TestEnvironment.canRun("b2sum")),
        arguments: [0, 1, (1 << 20) - 1, 1 << 20, (8 << 20) + 12_345, (17 << 20) + 1]
    )
    func oneReadGivesTheStockToolsDigests(size: Int) throws {
        let folder = try TestEnvironment.temporaryDirectory("digests")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("artifact").path
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let digests = try ArtifactDigests.compute(path: path)
        #expect(digests.byteCount == size)
        #expect(digests.sha256.hexString == (try Self.stock("sha256sum", path)))
        #expect(digests.sha512.hexString == (try Self.stock("sha512sum", path)))
        #expect(digests.blake2b512.hexString == (try Self.stock("b2sum", path)))
        #expect(digests.blake2b512 == (try Minisign.prehash(path: path)))
    }

    /// The retained bytes come from the read that was hashed: the whole file when it fits, else its head.
    @Test(arguments: [0, 4, (1 << 20) + 3, 3 << 20])
    func theSameReadKeepsTheFilesHeadOrAllOfIt(retaining: Int) throws {
        let folder = try TestEnvironment.temporaryDirectory("digests-retain")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("artifact").path
        let bytes = (0..<((2 << 20) + 17)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 11) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let digests = try ArtifactDigests.compute(path: path, retaining: retaining)
        #expect(digests.retained == Array(bytes.prefix(retaining)))
        #expect(digests.retainsWholeFile == (retaining >= bytes.count))
        #expect(digests.sha256 == (try ArtifactDigests.compute(path: path)).sha256)
    }

    /// A prehashed signature made by the stock minisign verifies against the one read's BLAKE2b-512, with the
    /// same verdict as streaming the file; another digest or a legacy signature does not.
    @Test func aSignatureVerifiesAgainstTheOneReadsPrehash() throws {
        let key = try PublicKey(fileContents: Fixture.bytes("plain.pub"), source: "plain.pub")
        let message = Fixture.path("message.txt")
        let digests = try ArtifactDigests.compute(path: message, retaining: 1 << 16)
        let whole = try Fixture.bytes("message.txt")
        #expect(digests.retainsWholeFile)
        #expect(digests.retained == whole)
        let prehashed = try Signature(fileContents: Fixture.bytes("message.prehashed.minisig"), source: "sig")
        let verifier = Verifier(publicKey: key)
        let verdict = verifier.verify(prehashed, prehash: digests.blake2b512)
        #expect(verdict.isVerified)
        #expect(verdict == (try verifier.verify(prehashed, file: message)))
        var other = digests.blake2b512
        other[0] ^= 1
        #expect(verifier.verify(prehashed, prehash: other) == .signatureInvalid)
        #expect(verifier.verify(prehashed, prehash: Array(other.prefix(32))) == .signatureInvalid)
        let legacy = try Signature(fileContents: Fixture.bytes("message.legacy.minisig"), source: "legacy")
        #expect(
            Verifier(publicKey: key, allowLegacy: true).verify(legacy, prehash: digests.blake2b512) == .legacyNotAllowed
        )
    }

    /// Anything but a regular file is refused without waiting on it (a FIFO with no writer would block a
    /// plain open).
    @Test func aFIFOOrAFolderIsRefusedWithoutBlocking() throws {
        let folder = try TestEnvironment.temporaryDirectory("digests-fifo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for path in [fifo, folder.path] {
            #expect {
                try ArtifactDigests.compute(path: path, retaining: 4)
            } throws: { error in
                String(describing: error) == "\(path): not a regular file"
            }
        }
    }

    @Test func aMissingFileIsAnIOErrorNamingIt() {
        #expect {
            try ArtifactDigests.compute(path: "/nonexistent/artifact")
        } throws: { error in
            String(describing: error).contains("/nonexistent/artifact")
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate var hexString: String { map { String(format: "%02x", $0) }.joined() }
}
