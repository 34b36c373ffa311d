import ArgumentParser
import Foundation
import JSON
import Minisign
import Release

/// `seal verify`: checks a minisign or signify signature.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a minisign (or signify) signature.",
        discussion: """
            Exit 0 when both the file signature and the trusted comment signature hold, 1 when they do not, \
            2 for malformed input, 3 when a file cannot be read. Legacy (non-prehashed) minisign signatures \
            are refused unless --allow-legacy is given. A two-line signify signature is read only with --signify \
            (default signature file: FILE.sig); without it, it is refused as malformed, as minisign refuses it.

            Examples:
              seal verify -p release.pub -m bot4.tar.gz
              seal verify -P RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3 -m bot4.tar.gz -Q
              seal verify --signify -p signify.pub -m file.txt -x file.txt.sig
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
        help: ArgumentHelp("Signature file (default: FILE.minisig, FILE.sig with --signify).", valueName: "sigfile")
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

    @Flag(name: .long, help: "Read the signature as a two-line signify signature (no trusted comment).")
    var signify = false

    @Option(name: .long, help: "Report format: text or json.")
    var format: ReportFormat = .text

    func run() async throws {
        try await SealExit.mapping { try verifyFile() }
    }

    private func verifyFile() throws {
        let publicKey = try loadPublicKey(file: publicKeyFile, inline: publicKeyString)
        let request = FileVerification.Request(
            file: file,
            signatureFile: signatureFile ?? file + (signify ? ".sig" : ".minisig"),
            publicKey: publicKey,
            allowLegacy: allowLegacy,
            signify: signify
        )
        // With -o the verified bytes go out only after the verdict (the library spools them meanwhile).
        var copy: ((UnsafeRawBufferPointer) -> Void)?
        if output { copy = { FileHandle.standardOutput.write(Data($0)) } }
        let verdict = try FileVerification.verify(request, verifiedBytes: copy)
        report(verdict)
        guard verdict.isVerified else { throw SealExit.negative }
    }

    private func report(_ verdict: Verification) {
        let messages = output ? FileHandle.standardError : FileHandle.standardOutput
        if format == .json {
            var members: [(String, JSONValue)] = [("verified", .bool(verdict.isVerified)), ("file", .string(file))]
            if case .verified(let comment) = verdict, let comment {
                members.append(("trustedComment", .string(comment)))
            }
            if !verdict.isVerified { members.append(("reason", .string(verdict.message))) }
            messages.write(Data(JSONWriter.compactBytes(.object(members)) + [0x0A]))
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
