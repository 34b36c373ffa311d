import ArgumentParser
import Foundation
import Minisign
import Release

/// The secret-key options `sign` and `checksums` share: `-s` and `--password-file`.
struct SecretKeyOptions: ParsableArguments {
    @Option(
        name: .customShort("s"),
        help: ArgumentHelp("Secret key file (default: ~/.minisign/minisign.key).", valueName: "seckey")
    )
    var secretKeyFile: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read the key's password from the first line of this file (else stdin or the terminal).",
            valueName: "file"
        )
    )
    var passwordFile: String?

    /// The key file, defaulting as minisign does.
    var signingKey: SigningKey {
        .keyFile(path: secretKeyFile ?? KeyDefaults.secretKeyPath, passwordFile: passwordFile)
    }
}

/// The remote-key options `sign` and `pubkey` share: `--key vault-transit://…` and `--vault-config`.
struct RemoteKeyOptions: ParsableArguments {
    @Option(
        name: .customLong("key"),
        help: ArgumentHelp("A remote key: vault-transit://MOUNT/keys/NAME[?version=N].", valueName: "uri")
    )
    var remoteKey: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Log in to Vault as the [vault] table of this secrets.toml says (token or AppRole); else VAULT_*.",
            valueName: "file"
        )
    )
    var vaultConfig: String?

    /// The Transit key, when `--key` was given.
    var signingKey: SigningKey? {
        remoteKey.map { .vaultTransit(reference: $0, vaultConfig: vaultConfig) }
    }
}

/// minisign's default key locations.
enum KeyDefaults {
    /// `$MINISIGN_CONFIG_DIR/minisign.key`, else `~/.minisign/minisign.key`.
    static var secretKeyPath: String {
        SigningKey.defaultKeyFilePath(environment: ProcessInfo.processInfo.environment)
    }
    /// `./minisign.pub`.
    static let publicKeyPath = "minisign.pub"
}

/// Loads a public key from `-p FILE` or `-P BASE64`.
func loadPublicKey(file: String?, inline: String?) throws -> PublicKey {
    if file != nil && inline != nil { throw CLIError.usage("-p and -P are mutually exclusive") }
    if let inline { return try PublicKey(base64: inline, source: "the -P public key") }
    let path = file ?? KeyDefaults.publicKeyPath
    let contents = try ReleaseInput.read(path, what: "the public key", limit: 64 * 1024)
    return try PublicKey(fileContents: contents, source: path)
}

extension SigningKey {
    /// ``withSigner(environment:report:_:)`` with this process's environment, reporting on standard error.
    func withSigner<R: Sendable>(_ body: (any Signer) async throws -> R) async throws -> R {
        try await withSigner(environment: ProcessInfo.processInfo.environment, report: SealExit.report, body)
    }
}
