import ArgumentParser
import Foundation
import JSON
import Release

/// `seal verify-release`: every signature, digest, SBOM hash and provenance subject of a release bundle.
struct VerifyReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-release",
        abstract: "Verify a release bundle offline: signatures, checksums, SBOM hashes and provenance.",
        discussion: """
            Every file but the signatures must carry a minisign signature by the key; SHA256SUMS and SHA512SUMS \
            must list every other file with its digest; the DSSE envelopes of provenance.intoto.jsonl must be \
            signed by the same key (keyid: its minisign key id) and name exactly the bundle's artifacts; every \
            SBOM must record the bundle's executables with their digests. Exit 0 when all of it holds, 1 when \
            anything does not (each problem is printed with its file), 2 for a bad public key, 3 when the \
            bundle cannot be read.

            Examples:
              seal verify-release release/dist/v1.2.0 -p release/bot4.pub
              seal verify-release release/dist/v1.2.0 -p release/bot4.pub --format json
            """
    )

    @Argument(help: "The bundle folder.")
    var directory: String

    @Option(name: .customShort("p"), help: ArgumentHelp("The release public key file.", valueName: "pubkey"))
    var publicKeyFile: String

    @Option(name: .long, help: "Report format: text or json.")
    var format: ReportFormat = .text

    func run() async throws {
        try await SealExit.mapping {
            let request = ReleaseVerification.Request(
                directory: directory,
                publicKey: try loadPublicKey(file: publicKeyFile, inline: nil)
            )
            let verdict = try ReleaseVerification.verify(request)
            print(Self.render(verdict, format: format))
            guard verdict.isVerified else { throw SealExit.negative }
        }
    }

    /// The verdict as text (one line per problem, or a summary) or as JSON.
    static func render(_ verdict: ReleaseVerdict, format: ReportFormat) -> String {
        if format == .json { return JSONWriter.string(verdict.jsonValue).trimmingCharacters(in: .newlines) }
        return verdict.textReport
    }
}
