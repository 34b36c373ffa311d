import COpenSSL

/// A streaming hash through OpenSSL's EVP interface (SHA-NI/AVX2 code paths where the CPU has them).
public struct HashFunction: ~Copyable {
    /// The algorithms Bot4 uses.
    public enum Algorithm: String, Sendable, CaseIterable {
        /// SHA-256 (32 bytes).
        case sha256
        /// SHA-512 (64 bytes).
        case sha512

        /// Digest size in bytes.
        public var digestLength: Int { self == .sha256 ? 32 : 64 }
        /// The name `sha256sum`-style manifests use: `SHA256SUMS` or `SHA512SUMS`.
        public var manifestName: String { self == .sha256 ? "SHA256SUMS" : "SHA512SUMS" }
    }

    /// The algorithm of this hash.
    public let algorithm: Algorithm
    private let context: OpaquePointer

    /// Starts a hash.
    public init(_ algorithm: Algorithm) {
        self.algorithm = algorithm
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        self.context = context
        let md = algorithm == .sha256 ? EVP_sha256() : EVP_sha512()
        precondition(EVP_DigestInit_ex(context, md, nil) == 1, "EVP_DigestInit_ex failed")
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Absorbs more input.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        precondition(EVP_DigestUpdate(context, base, bytes.count) == 1, "EVP_DigestUpdate failed")
    }

    /// Absorbs more input.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Finishes and returns the digest.
    public consuming func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let ctx = context
        out.withUnsafeMutableBufferPointer {
            precondition(EVP_DigestFinal_ex(ctx, $0.baseAddress, &length) == 1, "EVP_DigestFinal_ex failed")
        }
        return Array(out.prefix(Int(length)))
    }

    /// One-shot digest of a buffer.
    public static func hash(_ algorithm: Algorithm, _ bytes: [UInt8]) -> [UInt8] {
        var h = HashFunction(algorithm)
        h.update(bytes)
        return h.finalize()
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hexadecimal, as `sha256sum` prints it.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
