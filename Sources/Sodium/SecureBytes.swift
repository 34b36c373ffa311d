import CSodium
import Locking

/// Secret bytes in libsodium's guarded heap.
///
/// The bytes live in `sodium_malloc`'d memory (guard pages, canary, `mlock`ed where the system allows), are
/// `mprotect`ed no-access whenever no closure is reading or writing them, are compared in constant time, and
/// are wiped by `sodium_free` when the last reference goes. No API returns them as a `String`, and
/// `description` never shows them.
///
/// Access is only through ``withUnsafeBytes(_:)`` and ``withUnsafeMutableBytes(_:)``; the pointer must not
/// escape the closure.
public final class SecureBytes: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    // @unchecked Sendable: every access to `pointer` happens under `lock`, which also serialises the
    // mprotect state changes.
    private let pointer: UnsafeMutableRawPointer
    /// The number of secret bytes.
    public let count: Int
    private let lock = LockedState()

    /// Allocates `count` zeroed secret bytes.
    /// - Throws: ``SodiumError/Code/allocationFailed`` when the guarded heap is exhausted.
    public init(count: Int) throws(SodiumError) {
        try Sodium.ensureInitialised()
        guard let p = sodium_malloc(Swift.max(count, 1)) else {
            throw SodiumError(.allocationFailed, "sodium_malloc(\(count)) failed")
        }
        sodium_memzero(p, Swift.max(count, 1))
        self.pointer = p
        self.count = count
        sodium_mprotect_noaccess(p)
    }

    /// Copies `bytes` into new secret memory. The caller should wipe its own copy.
    public convenience init(copying bytes: some Collection<UInt8>) throws(SodiumError) {
        try self.init(count: bytes.count)
        withUnsafeMutableBytes { buffer in
            buffer.copyBytes(from: bytes)
        }
    }

    /// Copies `bytes` into secret memory and wipes the source array.
    public convenience init(consuming bytes: inout [UInt8]) throws(SodiumError) {
        try self.init(copying: bytes)
        Sodium.wipe(&bytes)
    }

    deinit {
        sodium_mprotect_readwrite(pointer)
        sodium_free(pointer)  // wipes before unmapping
    }

    /// Reads the secret bytes; the memory is read-only for the closure's duration and no-access after.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try lock.withLock { () throws(E) -> R in
            sodium_mprotect_readonly(pointer)
            defer { sodium_mprotect_noaccess(pointer) }
            return try body(UnsafeRawBufferPointer(start: pointer, count: count))
        }
    }

    /// Writes the secret bytes; the memory is writable for the closure's duration and no-access after.
    public func withUnsafeMutableBytes<R, E: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        try lock.withLock { () throws(E) -> R in
            sodium_mprotect_readwrite(pointer)
            defer { sodium_mprotect_noaccess(pointer) }
            return try body(UnsafeMutableRawBufferPointer(start: pointer, count: count))
        }
    }

    /// A new `SecureBytes` holding `range` of these bytes.
    public func slice(_ range: Range<Int>) throws(SodiumError) -> SecureBytes {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "slice out of bounds")
        let out = try SecureBytes(count: range.count)
        withUnsafeBytes { source in
            out.withUnsafeMutableBytes { dest in
                dest.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[range]))
            }
        }
        return out
    }

    /// Overwrites the bytes with zeros now (before the object is released).
    public func wipe() {
        withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
        }
    }

    /// Constant-time equality.
    public func constantTimeEquals(_ other: SecureBytes) -> Bool {
        if self === other { return true }
        return withUnsafeBytes { a in other.withUnsafeBytes { b in Sodium.constantTimeEqual(a, b) } }
    }

    /// Constant-time equality with bytes in ordinary memory.
    public func constantTimeEquals(_ other: some Collection<UInt8>) -> Bool {
        let copy = Array(other)
        return withUnsafeBytes { a in copy.withUnsafeBytes { b in Sodium.constantTimeEqual(a, b) } }
    }

    /// Never shows the bytes.
    public var description: String { "SecureBytes(\(count) bytes, redacted)" }
    /// Never shows the bytes.
    public var debugDescription: String { description }
}
