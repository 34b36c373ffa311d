import Sodium

/// Something that makes pure Ed25519 signatures with one key.
///
/// The minisign format code asks a signer for signatures over at most `64 + len(trusted comment)` bytes and
/// does not care where the key lives: in a key file in this process (``KeyFileSigner``) or in a remote key
/// service such as Vault Transit.
public protocol Signer: Sendable {
    /// The key id written into signatures.
    var keyID: KeyID { get }
    /// The matching public key.
    var publicKey: PublicKey { get async throws }
    /// A pure Ed25519 signature over `message`.
    func sign(_ message: [UInt8]) async throws -> [UInt8]
}

/// A signer over a secret key loaded into this process's guarded memory.
public struct KeyFileSigner: Signer {
    /// The loaded key.
    public let secretKey: SecretKey

    /// Wraps a loaded key.
    public init(secretKey: SecretKey) { self.secretKey = secretKey }

    /// The key id of the loaded key.
    public var keyID: KeyID { secretKey.keyID }
    /// The public half of the loaded key.
    public var publicKey: PublicKey { secretKey.publicKey }

    /// Signs in-process with libsodium.
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        do {
            return try Ed25519.sign(message, secretKey: secretKey.secret)
        } catch {
            throw MinisignError(.signerFailed, "signing failed", underlying: error)
        }
    }
}
