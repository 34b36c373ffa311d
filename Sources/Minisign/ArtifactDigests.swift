import Digest
import Foundation
import Locking
import Sodium

/// The three digests a release needs of every artifact, from one read of the file: SHA-256 and SHA-512
/// (for `SHA256SUMS`, `SHA512SUMS` and the provenance subjects) and minisign's BLAKE2b-512 prehash (for its
/// signature).
///
/// It lives here, the lowest module that sees both hash owners: `Digest` (SHA-2 through OpenSSL) and `Sodium`
/// (BLAKE2b). One thread reads the file into a ring of shared buffers; three threads hash every buffer
/// concurrently, each with its own hash, and a buffer is refilled only when all three are done with it.
public struct ArtifactDigests: Hashable, Sendable {
    /// SHA-256 (32 bytes).
    public let sha256: [UInt8]
    /// SHA-512 (64 bytes).
    public let sha512: [UInt8]
    /// BLAKE2b-512 of the file (64 bytes): what a prehashed (`ED`) minisign signature signs.
    public let blake2b512: [UInt8]
    /// The number of bytes read.
    public let byteCount: Int
    /// The first bytes of the file (at most the `retaining` count ``compute(path:retaining:)`` was given),
    /// copied from the very read that was hashed: what a caller parses is what the digests describe.
    public let retained: [UInt8]

    /// Whether ``retained`` holds the whole file.
    public var retainsWholeFile: Bool { retained.count == byteCount }

    /// The size of each shared buffer (1 MiB), and how many there are: enough that the reader stays ahead
    /// of the slowest hash without the ring leaving the cache hierarchy's reach.
    static let bufferSize = 1 << 20
    static let bufferCount = 8

    /// Reads `path` once and computes the three digests in parallel, keeping the first `retaining` bytes of
    /// that read (the whole file when it is no longer): a small file (a manifest, an SBOM) or the head of a
    /// large one (an executable's magic number) needs no second open, so nothing can change between the
    /// check and the use.
    /// - Throws: ``DigestError/Code/io`` naming the path when it cannot be opened or read, or is not a regular
    ///   file (a FIFO, a device or a folder is refused before it is read).
    public static func compute(path: String, retaining: Int = 0) throws(DigestError) -> ArtifactDigests {
        // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below as not a regular file.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw DigestError(.io, "\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw DigestError(.io, "\(path): \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw DigestError(.io, "\(path): not a regular file") }
        #if canImport(Glibc)
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        #endif
        let ring = BufferRing(count: bufferCount, size: bufferSize, consumers: 3)
        defer { ring.deallocate() }
        let results = Results()
        let group = DispatchGroup()
        let consumers: [@Sendable (BufferRing) -> Void] = [
            { ring in
                var hash = HashFunction(.sha256)
                ring.consume(consumer: 0) { hash.update($0) }
                results.set(0, hash.finalize())
            },
            { ring in
                var hash = HashFunction(.sha512)
                ring.consume(consumer: 1) { hash.update($0) }
                results.set(1, hash.finalize())
            },
            { ring in
                var hash = BLAKE2b(outputLength: 64)
                ring.consume(consumer: 2) { hash.update($0) }
                results.set(2, hash.finalize())
            },
        ]
        for body in consumers {
            group.enter()
            let thread = Thread {
                body(ring)
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        var retained: [UInt8] = []
        let outcome = ring.produce(fd: fd) { chunk in
            let wanted = retaining - retained.count
            if wanted > 0 { retained.append(contentsOf: chunk.prefix(wanted)) }
        }
        group.wait()
        switch outcome {
        case .failure(let failure):
            throw DigestError(.io, "\(path): \(String(cString: strerror(failure.code)))")
        case .success(let total):
            return ArtifactDigests(
                sha256: results.get(0),
                sha512: results.get(1),
                blake2b512: results.get(2),
                byteCount: total,
                retained: retained
            )
        }
    }
}

/// A ring of read buffers shared by one producer and a fixed number of consumers. Slot `i % count` holds
/// chunk `i` once `filled[slot] == i`; the producer reuses a slot when every consumer has released it.
/// A chunk of length 0 marks the end of the file (or a read error).
private final class BufferRing: @unchecked Sendable {
    // @unchecked Sendable: every mutable field is read and written under `condition`; a buffer's bytes are
    // written by the producer only while no consumer holds it and read by consumers only while it is filled.
    private let condition = NSCondition()
    private let buffers: [UnsafeMutableRawBufferPointer]
    private var lengths: [Int]
    private var filled: [Int]
    private var pending: [Int]
    private let consumers: Int

    init(count: Int, size: Int, consumers: Int) {
        buffers = (0..<count).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64) }
        lengths = Array(repeating: 0, count: count)
        filled = Array(repeating: -1, count: count)
        pending = Array(repeating: 0, count: count)
        self.consumers = consumers
    }

    func deallocate() {
        for buffer in buffers { buffer.deallocate() }
    }

    /// Reads the file into the ring until its end; returns the bytes read or the errno of a failed read.
    /// `inspect` sees every chunk after it is read and before any consumer can (the same bytes they hash).
    func produce(fd: Int32, inspect: (UnsafeRawBufferPointer) -> Void) -> Result<Int, Errno> {
        var chunk = 0
        var total = 0
        while true {
            let slot = chunk % buffers.count
            condition.lock()
            while pending[slot] > 0 { condition.wait() }
            condition.unlock()
            var n = 0
            var failure: Int32?
            repeat {
                n = read(fd, buffers[slot].baseAddress, buffers[slot].count)
            } while n < 0 && errno == EINTR
            if n < 0 {
                failure = errno
                n = 0
            }
            if n > 0 { inspect(UnsafeRawBufferPointer(rebasing: buffers[slot][0..<n])) }
            condition.lock()
            lengths[slot] = n
            filled[slot] = chunk
            pending[slot] = consumers
            condition.broadcast()
            condition.unlock()
            if let failure { return .failure(Errno(code: failure)) }
            if n == 0 { return .success(total) }
            total += n
            chunk += 1
        }
    }

    /// Feeds every chunk, in order, to `body` until the end marker.
    func consume(consumer: Int, _ body: (UnsafeRawBufferPointer) -> Void) {
        var chunk = 0
        while true {
            let slot = chunk % buffers.count
            condition.lock()
            while filled[slot] != chunk { condition.wait() }
            let length = lengths[slot]
            condition.unlock()
            if length > 0 { body(UnsafeRawBufferPointer(rebasing: buffers[slot][0..<length])) }
            condition.lock()
            pending[slot] -= 1
            if pending[slot] == 0 { condition.broadcast() }
            condition.unlock()
            if length == 0 { return }
            chunk += 1
        }
    }
}

/// An errno value carried out of the reader.
private struct Errno: Error {
    let code: Int32
}

/// The three digests, written once each by their thread.
private final class Results: Sendable {
    private let values = LockedState<[[UInt8]]>([[], [], []])

    func set(_ index: Int, _ value: [UInt8]) {
        values.withLock { $0[index] = value }
    }

    func get(_ index: Int) -> [UInt8] {
        values.withLock { $0[index] }
    }
}
