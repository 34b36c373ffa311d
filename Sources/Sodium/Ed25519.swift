import CSodium

/// Ed25519 as libsodium implements it: deterministic signatures over the raw message (pure Ed25519,
/// not Ed25519ph).
public enum Ed25519 {
    /// Public key size: 32 bytes.
    public static let publicKeyBytes = Int(crypto_sign_PUBLICKEYBYTES)
    /// Secret key size: 64 bytes (seed || public key).
    public static let secretKeyBytes = Int(crypto_sign_SECRETKEYBYTES)
    /// Seed size: 32 bytes.
    public static let seedBytes = Int(crypto_sign_SEEDBYTES)
    /// Signature size: 64 bytes.
    public static let signatureBytes = Int(crypto_sign_BYTES)

    /// A fresh key pair; the secret half is created directly in secure memory.
    public static func generateKeyPair() throws(SodiumError) -> (publicKey: [UInt8], secretKey: SecureBytes) {
        try Sodium.ensureInitialised()
        let secret = try SecureBytes(count: secretKeyBytes)
        var publicKey = [UInt8](repeating: 0, count: publicKeyBytes)
        let rc = secret.withUnsafeMutableBytes { sk in
            publicKey.withUnsafeMutableBytes { pk in
                crypto_sign_keypair(
                    pk.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    sk.baseAddress!.assumingMemoryBound(to: UInt8.self)
                )
            }
        }
        guard rc == 0 else { throw SodiumError(.signingFailed, "crypto_sign_keypair failed") }
        return (publicKey, secret)
    }

    /// Signs `message` with a 64-byte secret key held in secure memory.
    /// - Throws: ``SodiumError/Code/invalidLength`` for a key that is not 64 bytes.
    public static func sign(_ message: UnsafeRawBufferPointer, secretKey: SecureBytes) throws(SodiumError) -> [UInt8] {
        guard secretKey.count == secretKeyBytes else {
            throw SodiumError(.invalidLength, "an Ed25519 secret key has \(secretKeyBytes) bytes")
        }
        var signature = [UInt8](repeating: 0, count: signatureBytes)
        let rc = secretKey.withUnsafeBytes { sk in
            signature.withUnsafeMutableBytes { sig in
                crypto_sign_detached(
                    sig.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    nil,
                    message.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    UInt64(message.count),
                    sk.baseAddress!.assumingMemoryBound(to: UInt8.self)
                )
            }
        }
        guard rc == 0 else { throw SodiumError(.signingFailed, "crypto_sign_detached failed") }
        return signature
    }

    /// Signs `message` (convenience over ordinary arrays).
    public static func sign(_ message: [UInt8], secretKey: SecureBytes) throws(SodiumError) -> [UInt8] {
        let result = message.withUnsafeBytes { buffer in
            Result { () throws(SodiumError) in try sign(buffer, secretKey: secretKey) }
        }
        return try result.get()
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` under `publicKey`.
    /// Wrong sizes verify false; this never throws, a bad signature is a verdict.
    public static func verify(signature: [UInt8], message: UnsafeRawBufferPointer, publicKey: [UInt8]) -> Bool {
        guard signature.count == signatureBytes, publicKey.count == publicKeyBytes,
            (try? Sodium.ensureInitialised()) != nil
        else { return false }
        return signature.withUnsafeBytes { sig in
            publicKey.withUnsafeBytes { pk in
                crypto_sign_verify_detached(
                    sig.baseAddress!.assumingMemoryBound(to: UInt8.self),
                    message.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    UInt64(message.count),
                    pk.baseAddress!.assumingMemoryBound(to: UInt8.self)
                ) == 0
            }
        }
    }

    /// Whether `signature` is valid for `message` (convenience over ordinary arrays).
    public static func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        message.withUnsafeBytes { verify(signature: signature, message: $0, publicKey: publicKey) }
    }

    /// The public key embedded in a 64-byte secret key (its last 32 bytes).
    public static func publicKey(of secretKey: SecureBytes) -> [UInt8] {
        secretKey.withUnsafeBytes { Array($0[seedBytes..<secretKeyBytes]) }
    }

    /// The public key derived from the seed half of a 64-byte secret key. A secret key whose embedded public
    /// half differs from this one is damaged or was decrypted with the wrong password.
    public static func derivedPublicKey(of secretKey: SecureBytes) throws(SodiumError) -> [UInt8] {
        guard secretKey.count == secretKeyBytes else {
            throw SodiumError(.invalidLength, "an Ed25519 secret key has \(secretKeyBytes) bytes")
        }
        let scratch = try SecureBytes(count: secretKeyBytes)
        var publicKey = [UInt8](repeating: 0, count: publicKeyBytes)
        let rc = secretKey.withUnsafeBytes { sk in
            scratch.withUnsafeMutableBytes { out in
                publicKey.withUnsafeMutableBytes { pk in
                    crypto_sign_seed_keypair(
                        pk.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        out.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        sk.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    )
                }
            }
        }
        guard rc == 0 else { throw SodiumError(.signingFailed, "crypto_sign_seed_keypair failed") }
        return publicKey
    }
}
