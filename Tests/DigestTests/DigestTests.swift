import Bot4TestSupport
import Foundation
import Testing

@testable import Digest

@Suite struct DigestTests {
    @Test func knownAnswers() {
        #expect(
            HashFunction.hash(.sha256, Array("abc".utf8)).hexString
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
        #expect(
            HashFunction.hash(.sha512, Array("abc".utf8)).hexString
                == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                + "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        )
        #expect(
            HashFunction.hash(.sha256, []).hexString
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        )
    }

    /// A file larger than one read chunk hashes the same streamed as in one piece, and as sha256sum says.
    @Test func fileDigestsMatchOneShotAndCoreutils() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("blob").path
        let bytes = (0..<(FileHasher.chunkSize * 2 + 12345)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let digests = try FileHasher.digests(of: path)
        #expect(digests[.sha256] == HashFunction.hash(.sha256, bytes))
        #expect(digests[.sha512] == HashFunction.hash(.sha512, bytes))
        let coreutils = try ProcessRunner.run("/usr/bin/sha256sum", [path])
        #expect(coreutils.out.hasPrefix(digests[.sha256]!.hexString))
    }

    @Test func missingFileIsAnIOErrorNamingThePath() {
        #expect {
            try FileHasher.digests(of: "/nonexistent/bot4-file")
        } throws: { error in
            guard let error = error as? DigestError else { return false }
            return error.code == .io && error.message.contains("/nonexistent/bot4-file")
        }
    }
}
