import COpenSSL

/// HMAC-SHA256 (RFC 2104) through OpenSSL's one-shot `HMAC`, with a constant-time check of a received MAC.
///
/// The key is only borrowed for the call: nothing here copies it, logs it or puts it in an error.
public enum HMACSHA256 {
    /// The MAC size: 32 bytes.
    public static let macLength = 32

    /// The MAC of `message` under `key`.
    public static func mac(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // OpenSSL rejects a NULL key pointer even for an empty key; point it at a byte that is never read.
        var emptyKey: UInt8 = 0
        let written = withUnsafeMutablePointer(to: &emptyKey) { fallback in
            out.withUnsafeMutableBufferPointer { buffer in
                HMAC(
                    EVP_sha256(),
                    key.baseAddress ?? UnsafeRawPointer(fallback),
                    Int32(key.count),
                    message.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    message.count,
                    buffer.baseAddress,
                    &length
                )
            }
        }
        precondition(written != nil && Int(length) == macLength, "HMAC-SHA256 failed")
        return Array(out.prefix(macLength))
    }

    /// The MAC of `message` under `key` (convenience over ordinary arrays).
    public static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        key.withUnsafeBytes { k in message.withUnsafeBytes { m in mac(key: k, message: m) } }
    }

    /// Whether `candidate` is the MAC of `message` under `key`, compared in constant time (`CRYPTO_memcmp`).
    /// A candidate of the wrong length is simply not valid.
    public static func isValid(
        _ candidate: [UInt8],
        key: UnsafeRawBufferPointer,
        message: UnsafeRawBufferPointer
    ) -> Bool {
        guard candidate.count == macLength else { return false }
        let expected = mac(key: key, message: message)
        return expected.withUnsafeBytes { e in
            candidate.withUnsafeBytes { c in CRYPTO_memcmp(e.baseAddress!, c.baseAddress!, macLength) == 0 }
        }
    }
}
