import ArgumentParser
import Digest
import FileSystem
import Foundation
import Minisign

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
            let shouldSign = key.secretKeyFile != nil
            // Load (and decrypt) the key first: a wrong password must fail before any manifest is written.
            let signer = try shouldSign ? KeyFileSigner(secretKey: key.loadSecretKey()) : nil
            let algorithms: [HashFunction.Algorithm] = noSHA512 ? [.sha256] : [.sha256, .sha512]
            let outputDir = URL(fileURLWithPath: output).standardizedFileURL.path
            var lines: [HashFunction.Algorithm: String] = [:]
            var report: [[String: String]] = []
            for file in files {
                let name = try manifestName(file, outputDir: outputDir)
                let digests = try FileHasher.digests(of: file, algorithms: algorithms)
                var entry = ["file": name]
                for algorithm in algorithms {
                    let hex = digests[algorithm]!.hexString
                    lines[algorithm, default: ""] += "\(hex)  \(name)\n"
                    entry[algorithm.rawValue] = hex
                }
                report.append(entry)
            }
            for algorithm in algorithms {
                let path = outputDir + "/" + algorithm.manifestName
                try AtomicFile.write(lines[algorithm]!, to: path)
                if let signer {
                    let signature = try await Minisign.sign(file: path, signer: signer)
                    try AtomicFile.write(signature.fileContents, to: path + ".minisig")
                }
            }
            if format == .json {
                let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .prettyPrinted])
                print(String(decoding: data, as: UTF8.self))
            } else {
                for algorithm in algorithms { print(outputDir + "/" + algorithm.manifestName) }
            }
        }
    }

    private func manifestName(_ file: String, outputDir: String) throws -> String {
        let absolute = URL(fileURLWithPath: file).standardizedFileURL.path
        let name = absolute.hasPrefix(outputDir + "/") ? String(absolute.dropFirst(outputDir.count + 1)) : file
        if name.contains("\n") || name.contains("\\") || name.contains("\r") {
            throw CLIError.usage("\(file): names with a line break or a backslash cannot go into a checksum manifest")
        }
        return name
    }
}
