import ArgumentParser
import FileSystem
import Foundation
import Minisign

/// `seal sign`: prehashed minisign signatures of one or more files.
struct SignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign files with a minisign secret key (prehashed ED signatures).",
        discussion: """
            Writes FILE.minisig next to each file (or -x SIG for a single file). The trusted comment defaults \
            to minisign's: timestamp:<unix>\\tfile:<name>\\thashed.

            Examples:
              seal sign -s release.key -m bot4.tar.gz
              seal sign -s release.key -m a.tar.gz b.tar.gz -t "bot4 1.2.0" --password-file pw.txt
            """
    )

    @OptionGroup var key: SecretKeyOptions

    @Option(name: .customShort("m"), parsing: .upToNextOption, help: ArgumentHelp("Files to sign.", valueName: "file"))
    var files: [String] = []

    @Option(
        name: .customShort("x"),
        help: ArgumentHelp("Signature file (only with a single file).", valueName: "sigfile")
    )
    var signatureFile: String?

    @Option(name: .customShort("t"), help: ArgumentHelp("Trusted comment (signed).", valueName: "comment"))
    var trustedComment: String?

    @Option(name: .customShort("c"), help: ArgumentHelp("Untrusted comment (not signed).", valueName: "comment"))
    var untrustedComment: String?

    @Option(
        name: .customShort("p"),
        help: ArgumentHelp("Public key to check the signatures against after signing.", valueName: "pubkey")
    )
    var publicKeyFile: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("-m FILE is required") }
        if signatureFile != nil && files.count > 1 {
            throw ValidationError("-x can only be used when signing a single file")
        }
    }

    func run() async throws {
        try await SealExit.mapping {
            let secretKey = try key.loadSecretKey()
            let signer = KeyFileSigner(secretKey: secretKey)
            let check = try publicKeyFile.map { try loadPublicKey(file: $0, inline: nil) }
            if let check, check.keyID != secretKey.keyID {
                throw CLIError.usage(
                    "the secret key (\(secretKey.keyID)) does not match the public key (\(check.keyID))"
                )
            }
            for file in files {
                let signature = try await Minisign.sign(
                    file: file,
                    signer: signer,
                    trustedComment: trustedComment,
                    untrustedComment: untrustedComment
                )
                if let check {
                    guard try Verifier(publicKey: check).verify(signature, file: file).isVerified else {
                        throw CLIError(
                            message: "verification would fail with the given public key",
                            exitCode: SealExit.negative
                        )
                    }
                }
                try AtomicFile.write(signature.fileContents, to: signatureFile ?? file + ".minisig")
            }
        }
    }
}
