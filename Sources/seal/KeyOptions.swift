import ArgumentParser
import Foundation
import Minisign
import Sodium
import Vault

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

    /// The key file path, defaulting as minisign does.
    var resolvedSecretKeyFile: String {
        secretKeyFile ?? KeyDefaults.secretKeyPath
    }

    /// Loads the secret key, asking for the password only if the file is encrypted.
    func loadSecretKey() throws -> SecretKey {
        let path = resolvedSecretKeyFile
        var contents = try readSmallFile(path, what: "the secret key", limit: 64 * 1024)
        defer { Sodium.wipe(&contents) }
        let reader = PasswordReader(passwordFile: passwordFile)
        return try SecretKey.load(fileContents: contents, source: path) {
            try reader.read(prompt: "Password: ")
        }
    }
}

/// minisign's default key locations.
enum KeyDefaults {
    /// `$MINISIGN_CONFIG_DIR/minisign.key`, else `~/.minisign/minisign.key`.
    static var secretKeyPath: String {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["MINISIGN_CONFIG_DIR"] { return dir + "/minisign.key" }
        return (env["HOME"] ?? ".") + "/.minisign/minisign.key"
    }
    /// `./minisign.pub`.
    static let publicKeyPath = "minisign.pub"
}

/// Loads a public key from `-p FILE` or `-P BASE64`.
func loadPublicKey(file: String?, inline: String?) throws -> PublicKey {
    if file != nil && inline != nil { throw CLIError.usage("-p and -P are mutually exclusive") }
    if let inline { return try PublicKey(base64: inline, source: "the -P public key") }
    let path = file ?? KeyDefaults.publicKeyPath
    let contents = try readSmallFile(path, what: "the public key", limit: 64 * 1024)
    return try PublicKey(fileContents: contents, source: path)
}

/// Makes a ``TransitSigner`` for `reference` from the standard `VAULT_*` environment, runs `body`, and
/// closes the client.
func withTransitSigner<R>(_ reference: String, _ body: (TransitSigner) async throws -> R) async throws -> R {
    let key = try TransitKeyReference(reference)
    let configuration = try VaultConfiguration(environment: ProcessInfo.processInfo.environment)
    for warning in configuration.warnings { SealExit.report(warning) }
    let client = try VaultClient(configuration: configuration)
    do {
        let result = try await body(try await TransitSigner(client: client, reference: key))
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}
