import ArgumentParser
import Foundation
import Minisign

/// `seal verify`: checks a minisign or signify signature.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a minisign (or signify) signature.",
        discussion: """
            Exit 0 when both the file signature and the trusted comment signature hold, 1 when they do not, \
            2 for malformed input, 3 when a file cannot be read. Legacy (non-prehashed) minisign signatures \
            are refused unless --allow-legacy is given; two-line signify signatures are verified as they are.

            Examples:
              seal verify -p release.pub -m bot4.tar.gz
              seal verify -P RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3 -m bot4.tar.gz -Q
              seal verify -p signify.pub -m file.txt -x file.txt.sig
            """
    )

    @Option(
        name: .customShort("p"),
        help: ArgumentHelp("Public key file (default: ./minisign.pub).", valueName: "pubkey")
    )
    var publicKeyFile: String?

    @Option(name: .customShort("P"), help: ArgumentHelp("Public key, as a base64 string.", valueName: "base64"))
    var publicKeyString: String?

    @Option(name: .customShort("m"), help: ArgumentHelp("The signed file.", valueName: "file"))
    var file: String

    @Option(
        name: .customShort("x"),
        help: ArgumentHelp("Signature file (default: FILE.minisig).", valueName: "sigfile")
    )
    var signatureFile: String?

    @Flag(name: .customShort("q"), help: "Quiet: print nothing, the exit code tells.")
    var quiet = false

    @Flag(name: .customShort("Q"), help: "Pretty quiet: print only the trusted comment.")
    var prettyQuiet = false

    @Flag(name: .customShort("o"), help: "Output the verified bytes on standard output (messages go to stderr).")
    var output = false

    @Flag(name: .long, help: "Accept legacy (non-prehashed) minisign signatures.")
    var allowLegacy = false

    @Option(name: .long, help: "Report format: text or json.")
    var format: ReportFormat = .text

    func run() async throws {
        try await SealExit.mapping {
            let publicKey = try loadPublicKey(file: publicKeyFile, inline: publicKeyString)
            let sigPath = signatureFile ?? file + ".minisig"
            let sigBytes = try readSmallFile(sigPath, what: "the signature", limit: 16 * 1024)
            let signature = try Signature(fileContents: sigBytes, source: sigPath)
            let verifier = Verifier(publicKey: publicKey, allowLegacy: allowLegacy)

            // With -o, the verified bytes are spooled to an unlinked temporary file while they are hashed and
            // copied out only after the verdict: what is printed is exactly what was checked.
            let spool: UnsafeMutablePointer<FILE>? = output ? tmpfile() : nil
            if output && spool == nil { throw CLIError.io("cannot create a temporary file for -o") }
            defer { if let spool { fclose(spool) } }
            let verdict = try verifier.verify(signature, file: file) { chunk in
                guard let spool else { return }
                guard fwrite(chunk.baseAddress, 1, chunk.count, spool) == chunk.count else {
                    throw CLIError.io("cannot write the temporary copy for -o")
                }
            }
            report(verdict)
            guard verdict.isVerified else { throw SealExit.negative }
            if let spool {
                rewind(spool)
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let n = fread(&buffer, 1, buffer.count, spool)
                    if n == 0 { break }
                    FileHandle.standardOutput.write(Data(buffer[0..<n]))
                }
            }
        }
    }

    private func report(_ verdict: Verification) {
        let messages = output ? FileHandle.standardError : FileHandle.standardOutput
        if format == .json {
            var object: [String: Any] = ["verified": verdict.isVerified, "file": file]
            if case .verified(let comment) = verdict, let comment { object["trustedComment"] = comment }
            if !verdict.isVerified { object["reason"] = verdict.message }
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
                messages.write(data + Data("\n".utf8))
            }
            return
        }
        switch verdict {
        case .verified(let comment):
            if quiet { return }
            if prettyQuiet {
                if let comment { messages.write(Data((comment + "\n").utf8)) }
                return
            }
            var text = verdict.message + "\n"
            if let comment { text += "Trusted comment: \(comment)\n" }
            messages.write(Data(text.utf8))
        case .keyIDMismatch:
            // As minisign: the key ids are printed even with -q, because they say what to fix.
            FileHandle.standardError.write(Data((verdict.message + "\n").utf8))
        default:
            if !quiet { FileHandle.standardError.write(Data((verdict.message + "\n").utf8)) }
        }
    }
}

/// How a command prints its report.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
