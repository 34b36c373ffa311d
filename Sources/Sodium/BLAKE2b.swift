import CSodium

/// Streaming BLAKE2b (libsodium's `crypto_generichash`), unkeyed, 1 to 64 bytes of output.
///
/// libsodium's state is a packed, 64-byte-aligned struct that Swift imports only as an opaque pointer, so the
/// state is allocated here with that alignment and wiped before it is freed.
public struct BLAKE2b: ~Copyable {
    private let state: UnsafeMutableRawPointer
    private let stateSize: Int
    /// The number of output bytes.
    public let outputLength: Int

    /// Starts a hash with `outputLength` bytes of output (64 for minisign's prehash, 32 for its key checksum).
    public init(outputLength: Int = 64) {
        precondition(
            outputLength >= Int(crypto_generichash_BYTES_MIN) && outputLength <= Int(crypto_generichash_BYTES_MAX),
            "BLAKE2b output length out of range"
        )
        precondition((try? Sodium.ensureInitialised()) != nil, "sodium_init() failed")
        self.outputLength = outputLength
        self.stateSize = crypto_generichash_statebytes()
        self.state = UnsafeMutableRawPointer.allocate(byteCount: stateSize, alignment: 64)
        crypto_generichash_init(OpaquePointer(state), nil, 0, outputLength)
    }

    deinit {
        sodium_memzero(state, stateSize)
        state.deallocate()
    }

    /// Absorbs more input.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        crypto_generichash_update(OpaquePointer(state), base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    /// Absorbs more input.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let array = Array(bytes)
        array.withUnsafeBytes { update($0) }
    }

    /// Finishes and returns the digest.
    public consuming func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: outputLength)
        let length = outputLength
        out.withUnsafeMutableBytes {
            _ = crypto_generichash_final(
                OpaquePointer(state),
                $0.baseAddress!.assumingMemoryBound(to: UInt8.self),
                length
            )
        }
        return out
    }

    /// One-shot digest of a buffer.
    public static func hash(_ bytes: some Sequence<UInt8>, outputLength: Int = 64) -> [UInt8] {
        var hasher = BLAKE2b(outputLength: outputLength)
        hasher.update(bytes)
        return hasher.finalize()
    }
}
