/// The 8-byte key identifier that ties signatures to keys.
public struct KeyID: Hashable, Sendable, CustomStringConvertible {
    /// The 8 bytes as stored in files.
    public let bytes: [UInt8]

    /// Wraps 8 stored bytes.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 8, "a key id has 8 bytes")
        self.bytes = bytes
    }

    /// The stored bytes read as a little-endian integer, as minisign prints it.
    public var value: UInt64 {
        bytes.enumerated().reduce(0) { $0 | (UInt64($1.element) << (8 * UInt64($1.offset))) }
    }

    /// Uppercase hexadecimal without padding, as minisign 0.11 prints it in key comments.
    public var description: String { String(value, radix: 16, uppercase: true) }

    /// Zero-padded to 16 digits, as minisign 0.12 and later print it.
    public var padded: String {
        let digits = description
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }
}
