#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file once, in large chunks, and feeds every chunk to one or more consumers (hashes).
///
/// One pass serves SHA-256, SHA-512 and minisign's BLAKE2b prehash together, so a release artifact is read
/// from disk once however many digests it needs.
public enum FileHasher {
    /// The chunk size: 256 KiB amortises the read(2) calls while the chunk stays in L2 between the copy and the hash.
    public static let chunkSize = 1 << 18

    /// Streams `path` through `body`, chunk by chunk.
    /// - Throws: ``DigestError/Code/io`` naming the path when it cannot be opened or read.
    public static func stream(
        path: String,
        _ body: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw DigestError(.io, "\(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        #if canImport(Glibc)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw DigestError(.io, "\(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
    }

    /// SHA-256 and SHA-512 (or any subset) of a file in one read.
    public static func digests(
        of path: String,
        algorithms: [HashFunction.Algorithm] = [.sha256, .sha512]
    ) throws -> [HashFunction.Algorithm: [UInt8]] {
        var sha256 = algorithms.contains(.sha256) ? HashFunction(.sha256) : nil
        var sha512 = algorithms.contains(.sha512) ? HashFunction(.sha512) : nil
        try stream(path: path) { chunk in
            sha256?.update(chunk)
            sha512?.update(chunk)
        }
        var out: [HashFunction.Algorithm: [UInt8]] = [:]
        if let h = sha256.take() { out[.sha256] = h.finalize() }
        if let h = sha512.take() { out[.sha512] = h.finalize() }
        return out
    }
}
