import Sodium

/// A minisign secret key: the key id and the 64-byte Ed25519 secret key (seed || public key), held in
/// ``SecureBytes``.
///
/// The file layout (158 bytes in base64) is
/// `"Ed" || kdf "Sc"|00 00 || "B2" || salt[32] || opslimit LE || memlimit LE || (keyID[8] || sk[64] || chk[32])`,
/// the last 104 bytes XORed with an scrypt stream when the key is encrypted. `chk` is
/// BLAKE2b-256("Ed" || keyID || sk).
public final class SecretKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The key identifier.
    public let keyID: KeyID
    /// The 64-byte Ed25519 secret key in guarded memory.
    public let secret: SecureBytes

    /// The default comment minisign writes on secret key files (also for unencrypted ones).
    public static let defaultComment = "minisign encrypted secret key"
    static let encodedSize = 158
    static let keyBlockSize = 104

    /// Wraps an existing secret.
    public init(keyID: KeyID, secret: SecureBytes) {
        precondition(secret.count == Ed25519.secretKeyBytes, "an Ed25519 secret key has 64 bytes")
        self.keyID = keyID
        self.secret = secret
    }

    /// A fresh key with a random key id.
    public static func generate() throws(MinisignError) -> SecretKey {
        do {
            let pair = try Ed25519.generateKeyPair()
            return SecretKey(keyID: KeyID(bytes: Sodium.randomBytes(8)), secret: pair.secretKey)
        } catch {
            throw MinisignError(.signerFailed, "key generation failed", underlying: error)
        }
    }

    /// Names the key id only; never the key.
    public var description: String { "SecretKey(keyID: \(keyID), redacted)" }
    /// Names the key id only; never the key.
    public var debugDescription: String { description }

    /// The matching public key.
    public var publicKey: PublicKey { PublicKey(keyID: keyID, key: Ed25519.publicKey(of: secret)) }

    /// How a key file is protected.
    public enum Protection: Sendable {
        /// No password (`-W`): minisign's KDF-none layout with zero salt and limits, and a valid checksum.
        case none
        /// Encrypted with scrypt at the given limits.
        case password(SecureBytes, Scrypt.Limits)
    }

    /// Whether a key file is encrypted, read from its header without a password.
    public static func isEncrypted(fileContents: [UInt8], source: String) throws(MinisignError) -> Bool {
        let raw = try decodeFile(fileContents, source: source)
        return raw[2] == 0x53 && raw[3] == 0x63
    }

    /// The key file's text: the comment line and the base64 line.
    public func fileContents(
        protection: Protection,
        comment: String = SecretKey.defaultComment
    )
        throws(MinisignError) -> String
    {
        var header: [UInt8] = Array("Ed".utf8)
        let salt: [UInt8]
        let limits: Scrypt.Limits
        switch protection {
        case .none:
            header += [0, 0]
            salt = [UInt8](repeating: 0, count: Scrypt.saltBytes)
            limits = Scrypt.Limits(opsLimit: 0, memLimit: 0)
        case .password(_, let l):
            header += Array("Sc".utf8)
            salt = Sodium.randomBytes(Scrypt.saltBytes)
            limits = l
        }
        header += Array("B2".utf8) + salt + littleEndian(limits.opsLimit) + littleEndian(limits.memLimit)

        // keyID || sk || chk, built in secure memory, then XORed with the scrypt stream in place.
        do {
            let block = try SecureBytes(count: Self.keyBlockSize)
            let checksum = self.checksum()
            block.withUnsafeMutableBytes { out in
                out.copyBytes(from: keyID.bytes)
                secret.withUnsafeBytes { sk in
                    UnsafeMutableRawBufferPointer(rebasing: out[8..<72]).copyMemory(from: sk)
                }
                UnsafeMutableRawBufferPointer(rebasing: out[72..<104]).copyBytes(from: checksum)
            }
            if case .password(let password, _) = protection {
                let stream = try Scrypt.deriveKey(
                    length: Self.keyBlockSize,
                    password: password,
                    salt: salt,
                    limits: limits
                )
                xor(block, with: stream)
            }
            var encoded = header + block.withUnsafeBytes { Array($0) }
            let text = Base64Lines.untrustedPrefix + comment + "\n" + Base64Lines.encode(encoded) + "\n"
            Sodium.wipe(&encoded)
            return text
        } catch {
            throw MinisignError(.signerFailed, "could not encrypt the secret key", underlying: error)
        }
    }

    /// Reads a key file. `password` is asked for only when the file is encrypted.
    /// - Throws: ``MinisignError/Code/malformedSecretKey``, ``MinisignError/Code/unsupportedAlgorithm``,
    ///   ``MinisignError/Code/wrongPassword`` or ``MinisignError/Code/corruptedSecretKey``.
    public static func load(
        fileContents: [UInt8],
        source: String,
        password: () throws -> SecureBytes
    ) throws -> SecretKey {
        var raw = try decodeFile(fileContents, source: source)
        defer { Sodium.wipe(&raw) }
        guard raw[0] == 0x45, raw[1] == 0x64 else {
            throw MinisignError(.unsupportedAlgorithm, "\(source): unsupported signature algorithm (expected Ed)")
        }
        guard raw[4] == 0x42, raw[5] == 0x32 else {
            throw MinisignError(.unsupportedAlgorithm, "\(source): unsupported checksum algorithm (expected B2)")
        }
        let encrypted: Bool
        switch (raw[2], raw[3]) {
        case (0x53, 0x63): encrypted = true
        case (0, 0): encrypted = false
        default: throw MinisignError(.unsupportedAlgorithm, "\(source): unsupported key derivation algorithm")
        }
        let salt = Array(raw[6..<38])
        let limits = Scrypt.Limits(
            opsLimit: readLittleEndian(raw[38..<46]),
            memLimit: readLittleEndian(raw[46..<54])
        )
        if encrypted {
            try checkBounds(limits, source: source)
        }
        let block = try SecureBytes(copying: raw[54..<158])
        if encrypted {
            let pwd = try password()
            let stream: SecureBytes
            do {
                stream = try Scrypt.deriveKey(length: keyBlockSize, password: pwd, salt: salt, limits: limits)
            } catch {
                throw MinisignError(
                    .malformedSecretKey,
                    "\(source): the key's scrypt limits (opslimit \(limits.opsLimit), memlimit \(limits.memLimit)) cannot be met"
                )
            }
            xor(block, with: stream)
        }
        let keyID = KeyID(bytes: block.withUnsafeBytes { Array($0[0..<8]) })
        let secret = try block.slice(8..<72)
        let storedChecksum = block.withUnsafeBytes { Array($0[72..<104]) }
        let key = SecretKey(keyID: keyID, secret: secret)
        let consistent = (try? Ed25519.derivedPublicKey(of: secret)) == Ed25519.publicKey(of: secret)

        if !encrypted && storedChecksum.allSatisfy({ $0 == 0 }) {
            // `minisign -G -W` leaves the checksum zero; minisign accepts it without a check.
            guard consistent else {
                throw MinisignError(.corruptedSecretKey, "\(source): the secret key is damaged (its halves disagree)")
            }
            return key
        }
        let checksumMatches = Sodium.constantTimeEqual(storedChecksum, key.checksum())
        if checksumMatches && consistent { return key }
        if encrypted && !consistent {
            throw MinisignError(.wrongPassword, "\(source): wrong password for that key")
        }
        throw MinisignError(
            .corruptedSecretKey,
            "\(source): the secret key's checksum does not match; the file is damaged"
        )
    }

    /// The highest scrypt limits a key file may ask for: minisign's `sensitive` limits, the highest it writes
    /// (it only ever lowers them when memory is short). A file asking for more is refused before any password
    /// is read, so a crafted key cannot make `seal` spend hours or exhaust memory.
    public static let maximumLimits = Scrypt.Limits.sensitive

    static func checkBounds(_ limits: Scrypt.Limits, source: String) throws(MinisignError) {
        guard limits.opsLimit <= maximumLimits.opsLimit, limits.memLimit <= maximumLimits.memLimit else {
            throw MinisignError(
                .malformedSecretKey,
                "\(source): the key's scrypt limits (opslimit \(limits.opsLimit), memlimit \(limits.memLimit)) "
                    + "exceed minisign's sensitive limits (opslimit \(maximumLimits.opsLimit), "
                    + "memlimit \(maximumLimits.memLimit))"
            )
        }
    }

    /// BLAKE2b-256("Ed" || keyID || sk).
    func checksum() -> [UInt8] {
        var hasher = BLAKE2b(outputLength: 32)
        hasher.update(Array("Ed".utf8))
        hasher.update(keyID.bytes)
        secret.withUnsafeBytes { hasher.update($0) }
        return hasher.finalize()
    }

    private static func decodeFile(_ contents: [UInt8], source: String) throws(MinisignError) -> [UInt8] {
        let lines = Base64Lines.lines(contents)
        guard lines.count >= 2 else {
            throw MinisignError(.malformedSecretKey, "\(source): a secret key file has a comment line and a key line")
        }
        guard lines[0].hasPrefix(Base64Lines.untrustedPrefix) else {
            throw MinisignError(.malformedSecretKey, "\(source): line 1 must start with \"untrusted comment: \"")
        }
        guard let raw = Base64Lines.decode(lines[1].trimmingWhitespace(), size: encodedSize) else {
            throw MinisignError(.malformedSecretKey, "\(source) line 2: not a base64 encoding of \(encodedSize) bytes")
        }
        return raw
    }
}

extension Sodium {
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { x in b.withUnsafeBytes { y in constantTimeEqual(x, y) } }
    }
}

private func xor(_ block: SecureBytes, with stream: SecureBytes) {
    block.withUnsafeMutableBytes { out in
        stream.withUnsafeBytes { s in
            for i in 0..<out.count { out[i] ^= s[i] }
        }
    }
}

private func littleEndian(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
}

private func readLittleEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    bytes.enumerated().reduce(0) { $0 | (UInt64($1.element) << (8 * UInt64($1.offset))) }
}
