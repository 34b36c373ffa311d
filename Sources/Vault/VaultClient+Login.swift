import FileSystem
import Foundation
import Sodium

extension VaultClient {
    /// Logs in as a `[vault]` table says: checks the token (`auth = "token"`), or logs in with AppRole, first
    /// unwrapping the secret id when `secret_id_wrapped` is set. Returns a line saying how, never a secret.
    ///
    /// The client must come from ``VaultConfiguration/init(policy:environment:)`` of the same policy.
    /// - Throws: ``VaultError/Code/configuration`` for a missing token or an unreadable role/secret id file;
    ///   the server's errors otherwise.
    @discardableResult
    public func login(_ settings: SecretsPolicy.Settings) async throws(VaultError) -> String {
        switch settings.auth {
        case .token:
            guard token != nil else {
                throw VaultError(.configuration, "auth = \"token\" but VAULT_TOKEN is not set")
            }
            let info = try await lookupSelf()
            return "authenticated with a token (\(info))"
        case .approle:
            guard let roleIDFile = settings.roleIDFile, let secretIDFile = settings.secretIDFile else {
                throw VaultError(.configuration, "[vault] auth = \"approle\" needs role_id_file and secret_id_file")
            }
            let roleID = try Self.readTrimmed(roleIDFile, what: "role_id_file")
            let secretFile = try Self.readSecureTrimmed(secretIDFile, what: "secret_id_file")
            let secretID: SecureBytes
            if settings.secretIDWrapped {
                secretID = try await unwrapSecretID(wrappingToken: secretFile, mount: settings.appRoleMount)
            } else {
                secretID = secretFile
            }
            let auth = try await loginAppRole(roleID: roleID, secretID: secretID, mount: settings.appRoleMount)
            return "logged in with AppRole (\(auth))"
        }
    }

    /// The largest role id, secret id or token file read (64 KiB).
    static let credentialFileLimit = 64 * 1024

    private static func readTrimmed(_ path: String, what: String) throws(VaultError) -> String {
        let data: [UInt8]
        do {
            data = try BoundedFile.read(path, limit: credentialFileLimit)
        } catch {
            throw VaultError(.configuration, "[vault] \(what) \(path): \(error.reason)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func readSecureTrimmed(_ path: String, what: String) throws(VaultError) -> SecureBytes {
        var bytes: [UInt8]
        do {
            bytes = try BoundedFile.read(path, limit: credentialFileLimit)
        } catch {
            throw VaultError(.configuration, "[vault] \(what) \(path): \(error.reason)")
        }
        while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 { bytes.removeLast() }
        do {
            return try SecureBytes(consuming: &bytes)
        } catch {
            throw VaultError(.configuration, "[vault] \(what) \(path): cannot allocate guarded memory")
        }
    }
}
