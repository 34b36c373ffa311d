import Foundation
import JSON
import Minisign
import Sodium
import Vault

/// A minisign ``Signer`` whose Ed25519 key never leaves a Vault/OpenBao Transit engine.
///
/// minisign's prehashed signatures need two Ed25519 signatures: over the 64-byte BLAKE2b-512 digest of the
/// file (computed locally) and over `signature || trusted comment`. Both are sent to `transit/sign/<name>`
/// (pure Ed25519 over the raw input) with a pinned `key_version`, so a run never mixes versions.
///
/// **Key id policy.** A minisign key id is 8 bytes; Transit keys have none. The id is the first 8 bytes of
/// BLAKE2b-512(`"seal-transit-keyid-v1"` || the 32-byte public key), so it is a pure function of the key
/// version's public key: `seal pubkey` and `seal sign` agree without any state, two different key versions get
/// two different ids, and the same version always gets the same id.
///
/// **Rotation.** `transit/keys/<name>/rotate` adds a version with a new public key and a new key id. Signing
/// uses the latest version (or `?version=N`); signatures made earlier keep verifying with the public key
/// file written for their version, so publish the new `seal pubkey` output before signing with a new version,
/// and keep the old ones while old signatures must verify. Set `min_encryption_version` only after that.
public struct TransitSigner: Signer {
    /// The key.
    public let reference: TransitKeyReference
    /// The key version in use.
    public let keyVersion: Int
    /// The key id (see the policy above).
    public let keyID: KeyID
    private let key: [UInt8]
    private let client: VaultClient

    /// The domain-separation prefix of the key id derivation.
    public static let keyIDDomain = Array("seal-transit-keyid-v1".utf8)

    /// Reads the key's public half for the chosen version.
    /// - Throws: ``VaultError/Code/notFound`` for an unknown key or version,
    ///   ``VaultError/Code/configuration`` for a key that is not ed25519.
    public init(client: VaultClient, reference: TransitKeyReference) async throws(VaultError) {
        let path = "\(reference.mount)/keys/\(reference.name)"
        guard let data = try await client.request(.GET, path)?.data else {
            throw VaultError(.notFound, "\(path): no such Transit key")
        }
        guard data["type"]?.stringValue == "ed25519" else {
            throw VaultError(.configuration, "\(path): the key is \(data["type"]?.stringValue ?? "?"), not ed25519")
        }
        let latest = data["latest_version"]?.vaultInteger ?? 1
        let version = reference.version ?? latest
        guard let encoded = data["keys"]?["\(version)"]?["public_key"]?.stringValue,
            let key = Data(base64Encoded: encoded), key.count == Ed25519.publicKeyBytes
        else {
            throw VaultError(.notFound, "\(path): version \(version) has no Ed25519 public key")
        }
        self.client = client
        self.reference = reference
        self.keyVersion = version
        self.key = Array(key)
        self.keyID = TransitSigner.keyID(of: Array(key))
    }

    /// The key id of a Transit public key.
    public static func keyID(of publicKey: [UInt8]) -> KeyID {
        var hasher = BLAKE2b(outputLength: 64)
        hasher.update(keyIDDomain)
        hasher.update(publicKey)
        return KeyID(bytes: Array(hasher.finalize().prefix(8)))
    }

    /// The minisign public key of this version.
    public var publicKey: PublicKey { PublicKey(keyID: keyID, key: key) }

    /// Signs `message` remotely and checks the answer against the public key before returning it.
    public func sign(_ message: [UInt8]) async throws -> [UInt8] {
        let path = "\(reference.mount)/sign/\(reference.name)"
        let body = JSONValue.object([
            ("input", .string(Data(message).base64EncodedString())),
            ("key_version", .number(String(keyVersion))),
        ])
        guard let text = try await client.request(.POST, path, body: body)?.data?["signature"]?.stringValue else {
            throw VaultError(.malformedResponse, "\(path): the answer has no signature")
        }
        let prefix = "vault:v\(keyVersion):"
        guard text.hasPrefix(prefix), let signature = Data(base64Encoded: String(text.dropFirst(prefix.count))),
            signature.count == Ed25519.signatureBytes
        else {
            throw VaultError(.malformedResponse, "\(path): the signature is not \(prefix)<base64 of 64 bytes>")
        }
        guard Ed25519.verify(signature: Array(signature), message: message, publicKey: key) else {
            throw VaultError(
                .malformedResponse,
                "\(path): the signature does not verify with key version \(keyVersion)"
            )
        }
        return Array(signature)
    }
}
