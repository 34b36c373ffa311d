import Digest
import Foundation
import Minisign
import Sodium

/// `ArtifactDigests parallel FILE`: the three digests from one read (``ArtifactDigests``).
/// `ArtifactDigests sequential FILE`: SHA-256, SHA-512 and BLAKE2b-512 one after another, each its own read.
/// Prints the three digests (hex) so that the benchmark script can check them against the peers.
@main
enum ArtifactDigestsTool {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3, ["parallel", "sequential"].contains(arguments[1]) else {
            FileHandle.standardError.write(Data("usage: ArtifactDigests parallel|sequential FILE\n".utf8))
            exit(2)
        }
        let path = arguments[2]
        if arguments[1] == "parallel" {
            let digests = try ArtifactDigests.compute(path: path)
            print(digests.sha256.hexString, digests.sha512.hexString, digests.blake2b512.hexString)
        } else {
            let sha256 = try FileHasher.digests(of: path, algorithms: [.sha256])[.sha256]!
            let sha512 = try FileHasher.digests(of: path, algorithms: [.sha512])[.sha512]!
            let blake2b = try Minisign.prehash(path: path)
            print(sha256.hexString, sha512.hexString, blake2b.hexString)
        }
    }
}
