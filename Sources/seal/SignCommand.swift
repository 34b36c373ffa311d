import ArgumentParser
import FileSystem
import Foundation
import Minisign
import Release

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
              seal sign --key vault-transit://transit/keys/release -m bot4.tar.gz

            With --key vault-transit://MOUNT/keys/NAME[?version=N] the Ed25519 key stays in Vault/OpenBao \
            Transit (VAULT_ADDR, VAULT_TOKEN, VAULT_CACERT as usual; --vault-config FILE logs in as the [vault] \
            table of a secrets.toml says, token or AppRole, and needs no mapped secret): the file is prehashed \
            locally and only the 64-byte digest and the trusted-comment payload are signed remotely. The key id is derived from \
            the Transit public key (see `seal pubkey`).
            """
    )

    @OptionGroup var key: SecretKeyOptions

    @OptionGroup var remote: RemoteKeyOptions

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
        if remote.remoteKey != nil && (key.secretKeyFile != nil || key.passwordFile != nil) {
            throw ValidationError("--key and -s/--password-file are mutually exclusive")
        }
        if signatureFile != nil && files.count > 1 {
            throw ValidationError("-x can only be used when signing a single file")
        }
    }

    func run() async throws {
        try await SealExit.mapping {
            for warning in SecretKeyHardening.apply() { SealExit.report(warning) }
            try await (remote.signingKey ?? key.signingKey).withSigner { try await sign(with: $0) }
        }
    }

    private func sign(with signer: any Signer) async throws {
        let check = try publicKeyFile.map { try loadPublicKey(file: $0, inline: nil) }
        if let check, check.keyID != signer.keyID {
            throw CLIError.usage(
                "the secret key (\(signer.keyID)) does not match the public key (\(check.keyID))"
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
                    throw ReleaseError(.negative, "verification would fail with the given public key")
                }
            }
            try AtomicFile.write(signature.fileContents, to: signatureFile ?? file + ".minisig")
        }
    }
}
