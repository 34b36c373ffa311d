import CSodium

/// Process-wide libsodium initialisation and random bytes.
public enum Sodium {
    private static let initialised: Bool = sodium_init() >= 0

    /// Makes sure `sodium_init()` ran; every entry point of this module calls it.
    /// - Throws: ``SodiumError/Code/initialisationFailed`` when libsodium cannot start.
    public static func ensureInitialised() throws(SodiumError) {
        guard initialised else { throw SodiumError(.initialisationFailed, "sodium_init() failed") }
    }

    /// `count` bytes from libsodium's CSPRNG, in ordinary memory (for salts, key ids and nonces).
    public static func randomBytes(_ count: Int) -> [UInt8] {
        precondition(initialised, "sodium_init() failed")
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, count) }
        return out
    }

    /// Wipes a buffer in ordinary memory with `sodium_memzero` (which the compiler cannot elide).
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
        }
    }

    /// Constant-time equality of two byte buffers of equal length; unequal lengths compare false.
    public static func constantTimeEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        if a.count == 0 { return true }
        return sodium_memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
    }
}
