import ArgumentParser
import Digest
import Foundation
import JSON
import Release

/// `seal checksums`: `SHA256SUMS` and `SHA512SUMS`, optionally signed.
struct ChecksumsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checksums",
        abstract: "Write SHA256SUMS and SHA512SUMS that sha256sum -c accepts, and optionally sign them.",
        discussion: """
            Each file is read once for both digests. Names are written relative to the output folder when the \
            file is inside it, else as given.

            Examples:
              seal checksums dist/bot4 dist/bot4.cdx.json --output dist
              seal checksums dist/* --output dist -s release.key --password-file pw.txt
              (cd dist && sha256sum -c SHA256SUMS && minisign -Vm SHA256SUMS -p ../release.pub)
            """
    )

    @Argument(help: "Files to checksum.")
    var files: [String]

    @Option(name: .long, help: "Folder to write the manifests to (default: the current folder).")
    var output: String = "."

    @OptionGroup var key: SecretKeyOptions

    @Flag(name: .long, help: "Do not write SHA512SUMS.")
    var noSHA512 = false

    @Option(name: .long, help: "Report format: text or json.")
    var format: ReportFormat = .text

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("name at least one file") }
    }

    func run() async throws {
        try await SealExit.mapping {
            let algorithms: [HashFunction.Algorithm] = noSHA512 ? [.sha256] : [.sha256, .sha512]
            let manifest = try ChecksumManifest(
                ChecksumManifest.Request(files: files, outputDirectory: output, algorithms: algorithms)
            )
            if key.secretKeyFile != nil {
                for warning in SecretKeyHardening.apply() { SealExit.report(warning) }
                // The key is loaded (and decrypted) first: a wrong password fails before any manifest is written.
                try await key.signingKey.withSigner { signer in _ = try await manifest.write(signer: signer) }
            } else {
                try await manifest.write()
            }
            if format == .json {
                let report = manifest.entries.map { entry in
                    JSONValue.object(
                        [("file", .string(entry.name))] + entry.digests.map { ($0.key.rawValue, .string($0.value)) }
                    )
                }
                print(JSONWriter.string(.array(report)), terminator: "")
            } else {
                for algorithm in algorithms { print(manifest.path(algorithm)) }
            }
        }
    }
}
