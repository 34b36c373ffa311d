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
