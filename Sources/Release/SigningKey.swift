import Foundation
import Minisign
import Sodium
import Vault

/// Where a release's signing key comes from, as `-s KEY --password-file F` or
/// `--key vault-transit://… [--vault-config FILE]` say.
public enum SigningKey: Sendable {
    /// A minisign secret key file; the password is asked for only when the file is encrypted.
    case keyFile(path: String, passwordFile: String?)
    /// A Vault/OpenBao Transit key (`vault-transit://MOUNT/keys/NAME[?version=N]`). The login comes from the
    /// `[vault]` table of `vaultConfig` (a `secrets.toml`, which may map no secret) over the `VAULT_*`
    /// environment, else from the environment alone (a token).
    case vaultTransit(reference: String, vaultConfig: String?)
    /// A secret key already loaded (and unlocked): see ``unlocked()``.
    case secretKey(SecretKey)

    /// minisign's default secret key: `$MINISIGN_CONFIG_DIR/minisign.key`, else `~/.minisign/minisign.key`.
    public static func defaultKeyFilePath(environment: [String: String]) -> String {
        if let dir = environment["MINISIGN_CONFIG_DIR"] { return dir + "/minisign.key" }
        return (environment["HOME"] ?? ".") + "/.minisign/minisign.key"
    }

    /// Loads a key file, asking for the password (``PasswordReader``) only if the file is encrypted.
    /// - Throws: ``ReleaseError`` for an unreadable file or password, `MinisignError` for a malformed key or
    ///   a wrong password.
    public static func loadSecretKey(path: String, passwordFile: String?) throws -> SecretKey {
        var contents = try ReleaseInput.read(path, what: "the secret key", limit: 64 * 1024)
        defer { Sodium.wipe(&contents) }
        let reader = PasswordReader(passwordFile: passwordFile)
        return try SecretKey.load(fileContents: contents, source: path) {
            try reader.read(prompt: "Password: ")
        }
    }

    /// The key with a key file loaded now: its password is asked for (and checked) before a long job starts,
    /// not in the middle of it, where a prompt would land among the progress lines. Other keys are returned
    /// as they are.
    /// - Throws: what ``loadSecretKey(path:passwordFile:)`` throws.
    public func unlocked() throws -> SigningKey {
        guard case .keyFile(let path, let passwordFile) = self else { return self }
        return .secretKey(try SigningKey.loadSecretKey(path: path, passwordFile: passwordFile))
    }

    /// Makes the signer, runs `body` with it and releases what it holds (a Vault client is shut down).
    /// `report` receives configuration warnings and how the login went (never a secret).
    /// - Throws: what loading the key or logging in throws (``ReleaseError``, `MinisignError`, `VaultError`),
    ///   or what `body` throws.
    public func withSigner<R: Sendable>(
        environment: [String: String],
        report: (String) -> Void = { _ in },
        _ body: (any Signer) async throws -> R
    ) async throws -> R {
        switch self {
        case .keyFile(let path, let passwordFile):
            return try await body(
                KeyFileSigner(secretKey: SigningKey.loadSecretKey(path: path, passwordFile: passwordFile))
            )
        case .secretKey(let secretKey):
            return try await body(KeyFileSigner(secretKey: secretKey))
        case .vaultTransit(let reference, let vaultConfig):
            let key = try TransitKeyReference(reference)
            var policy: SecretsPolicy?
            if let vaultConfig {
                let data: [UInt8]
                do {
                    data = try ReleaseInput.read(vaultConfig, what: "the Vault configuration", limit: 1 << 20)
                } catch {
                    throw VaultError(.configuration, "\(vaultConfig): cannot read the configuration")
                }
                policy = try SecretsPolicy(
                    toml: String(decoding: data, as: UTF8.self),
                    source: vaultConfig,
                    requiringSecrets: false
                )
            }
            let configuration =
                try policy.map { p throws(VaultError) in try VaultConfiguration(policy: p, environment: environment) }
                ?? VaultConfiguration(environment: environment)
            for warning in configuration.warnings { report(warning) }
            let client = try VaultClient(configuration: configuration)
            do {
                if let policy { report(try await client.login(policy.settings)) }
                let result = try await body(try await TransitSigner(client: client, reference: key))
                await client.shutdown()
                return result
            } catch {
                await client.shutdown()
                throw error
            }
        }
    }
}
