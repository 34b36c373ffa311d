import CSodium

/// scrypt as libsodium's `crypto_pwhash_scryptsalsa208sha256`, which minisign uses to encrypt secret keys.
public enum Scrypt {
    /// Salt size: 32 bytes.
    public static let saltBytes = Int(crypto_pwhash_scryptsalsa208sha256_SALTBYTES)

    /// Cost limits stored with an encrypted key.
    public struct Limits: Hashable, Sendable {
        /// The operations limit.
        public var opsLimit: UInt64
        /// The memory limit in bytes.
        public var memLimit: UInt64
        /// Creates limits.
        public init(opsLimit: UInt64, memLimit: UInt64) {
            self.opsLimit = opsLimit
            self.memLimit = memLimit
        }
        /// minisign's default: `OPSLIMIT_SENSITIVE` (33554432) and `MEMLIMIT_SENSITIVE` (1 GiB): N = 2^20.
        public static let sensitive = Limits(
            opsLimit: UInt64(crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE),
            memLimit: UInt64(crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE)
        )
        /// `OPSLIMIT_INTERACTIVE` (524288) and `MEMLIMIT_INTERACTIVE` (16 MiB): for tests and low-value keys.
        public static let interactive = Limits(
            opsLimit: UInt64(crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_INTERACTIVE),
            memLimit: UInt64(crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_INTERACTIVE)
        )
        /// The smallest limits libsodium accepts.
        public static let minimum = Limits(
            opsLimit: UInt64(crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN),
            memLimit: UInt64(crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN)
        )
    }

    /// Derives `length` bytes from a password held in secure memory, into secure memory.
    /// - Throws: ``SodiumError/Code/keyDerivationFailed`` (for example when the memory limit cannot be met).
    public static func deriveKey(
        length: Int,
        password: SecureBytes,
        salt: [UInt8],
        limits: Limits
    ) throws(SodiumError) -> SecureBytes {
        guard salt.count == saltBytes else { throw SodiumError(.invalidLength, "a scrypt salt has \(saltBytes) bytes") }
        let out = try SecureBytes(count: length)
        let rc = out.withUnsafeMutableBytes { dest in
            password.withUnsafeBytes { pwd in
                salt.withUnsafeBytes { saltBuffer in
                    crypto_pwhash_scryptsalsa208sha256(
                        dest.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        UInt64(length),
                        pwd.baseAddress!.assumingMemoryBound(to: CChar.self),
                        UInt64(pwd.count),
                        saltBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        limits.opsLimit,
                        Int(clamping: limits.memLimit)
                    )
                }
            }
        }
        guard rc == 0 else {
            throw SodiumError(
                .keyDerivationFailed,
                "scrypt failed with opslimit \(limits.opsLimit) and memlimit \(limits.memLimit)"
            )
        }
        return out
    }
}
