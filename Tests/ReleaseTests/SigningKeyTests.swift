import Bot4TestSupport
import FileSystem
import Foundation
import Minisign
import Release
import Sodium
import Testing
import Vault

/// Choosing a signer: a key file (with its password), or a Transit key whose `--vault-config` is checked
/// before any server is asked.
@Suite struct SigningKeyTests {
    static func encryptedKey(_ directory: URL, password: String) throws -> (path: String, key: SecretKey) {
        let key = try SecretKey.generate()
        let text = try key.fileContents(
            protection: .password(try SecureBytes(copying: Array(password.utf8)), .interactive)
        )
        let path = directory.appendingPathComponent("release.key").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, key)
    }

    @Test func aKeyFileWithItsPasswordSignsAsThatKey() async throws {
        let directory = try TestEnvironment.temporaryDirectory("signing-key")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (path, key) = try Self.encryptedKey(directory, password: "correct horse")
        let passwordFile = directory.appendingPathComponent("pw").path
        try "correct horse\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let keyID = try await SigningKey.keyFile(path: path, passwordFile: passwordFile).withSigner(environment: [:]) {
            $0.keyID
        }
        #expect(keyID == key.keyID)
    }

    /// Key and password files are read through `FileSystem.BoundedFile` with their own limits (64 KiB for a
    /// key, 4 KiB for a password): a larger file is bad input naming the path and the limit, never read whole.
    @Test func oversizedKeyAndPasswordFilesAreRefusedWithTheirLimits() throws {
        let directory = try TestEnvironment.temporaryDirectory("signing-key-large")
        defer { try? FileManager.default.removeItem(at: directory) }
        let large = directory.appendingPathComponent("large").path
        try String(repeating: "x", count: 64 * 1024 + 1).write(toFile: large, atomically: true, encoding: .utf8)
        func refused(_ error: any Error, limit: Int) -> Bool {
            guard let error = error as? ReleaseError, let read = error.underlying as? FileReadError else {
                return false
            }
            return error.code == .badInput && read.code == .tooLarge && read.path == large && read.limit == limit
                && error.description.hasSuffix(": \(large): larger than \(limit) bytes (the limit)")
        }
        #expect {
            try SigningKey.loadSecretKey(path: large, passwordFile: nil)
        } throws: { refused($0, limit: 64 * 1024) }
        let (path, _) = try Self.encryptedKey(directory, password: "correct horse")
        #expect {
            try SigningKey.loadSecretKey(path: path, passwordFile: large)
        } throws: { refused($0, limit: 4096) }
    }

    @Test func aWrongPasswordIsAMinisignErrorAndNoSignerRuns() async throws {
        let directory = try TestEnvironment.temporaryDirectory("signing-key-wrong")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (path, _) = try Self.encryptedKey(directory, password: "correct horse")
        let passwordFile = directory.appendingPathComponent("pw").path
        try "battery staple\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        await #expect {
            try await SigningKey.keyFile(path: path, passwordFile: passwordFile).withSigner(environment: [:]) { _ in
                Issue.record("the signer must not run with a wrong password")
            }
        } throws: { error in
            (error as? MinisignError)?.code == .wrongPassword
        }
    }

    @Test func aMissingKeyFileIsAnIOFailureNamingIt() async throws {
        await #expect {
            try await SigningKey.keyFile(path: "/nonexistent/release.key", passwordFile: nil).withSigner(
                environment: [:]
            ) { _ in }
        } throws: { error in
            guard let error = error as? ReleaseError else { return false }
            return error.code == .io && error.description.contains("/nonexistent/release.key")
        }
    }

    @Test func theMinisignDefaultKeyLocation() {
        #expect(SigningKey.defaultKeyFilePath(environment: ["HOME": "/home/r"]) == "/home/r/.minisign/minisign.key")
        #expect(
            SigningKey.defaultKeyFilePath(environment: ["HOME": "/home/r", "MINISIGN_CONFIG_DIR": "/etc/m"])
                == "/etc/m/minisign.key"
        )
    }

    @Test func aMalformedVaultConfigIsAConfigurationErrorBeforeAnyServerIsAsked() async throws {
        let directory = try TestEnvironment.temporaryDirectory("signing-vault-config")
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("signing.toml").path
        try "[vault]\nauth = \"approle\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let key = SigningKey.vaultTransit(reference: "vault-transit://transit/keys/release", vaultConfig: config)
        await #expect {
            try await key.withSigner(environment: ["VAULT_ADDR": "http://127.0.0.1:1"]) { _ in }
        } throws: { error in
            guard let error = error as? VaultError else { return false }
            return error.code == .configuration && error.message.contains("role_id_file")
        }
        let missing = SigningKey.vaultTransit(
            reference: "vault-transit://transit/keys/release",
            vaultConfig: "/no/such.toml"
        )
        await #expect {
            try await missing.withSigner(environment: [:]) { _ in }
        } throws: { error in
            (error as? VaultError)?.message.contains("/no/such.toml") == true
        }
    }
}
