#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that readers see either the old file or the whole new one, never a half-written one:
/// a temporary file in the same folder, `fsync`, `fchmod`, then `rename(2)`.
public enum AtomicFile {
    /// A failure to write, naming the path and the system's reason.
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        /// The path that could not be written.
        public let path: String
        /// The system's reason.
        public let reason: String
        /// Whether the failure is that the file exists and overwriting was not allowed.
        public let alreadyExists: Bool
        /// `path: reason`.
        public var description: String { "\(path): \(reason)" }
    }

    /// Writes `bytes` to `path` atomically with the given permission bits.
    /// - Parameters:
    ///   - overwrite: when false, an existing file at `path` is an error and is left untouched.
    /// - Throws: ``WriteError`` naming the path.
    public static func write(
        _ bytes: some Collection<UInt8>,
        to path: String,
        mode: mode_t = 0o644,
        overwrite: Bool = true
    ) throws(WriteError) {
        if !overwrite && access(path, F_OK) == 0 {
            throw WriteError(path: path, reason: "already exists (refusing to overwrite)", alreadyExists: true)
        }
        let folder = directory(of: path)
        let name = basename(of: path)
        var template = Array("\(folder)/.\(name).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(path) }
        let tempPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = false
        defer {
            if !ok { unlink(tempPath) }
        }
        let contiguous = Array(bytes)
        var written = 0
        while written < contiguous.count {
            let n = contiguous.withUnsafeBytes {
                systemWrite(fd, $0.baseAddress! + written, contiguous.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let error = failure(path)
                close(fd)
                throw error
            }
            written += n
        }
        guard fchmod(fd, mode) == 0, fsync(fd) == 0 else {
            let error = failure(path)
            close(fd)
            throw error
        }
        close(fd)
        if !overwrite {
            // link(2) fails if the target appeared meanwhile: no race with another writer.
            guard link(tempPath, path) == 0 else { throw failure(path, exists: errno == EEXIST) }
            unlink(tempPath)
        } else {
            guard rename(tempPath, path) == 0 else { throw failure(path) }
        }
        ok = true
    }

    /// Writes a UTF-8 string atomically.
    public static func write(
        _ text: String,
        to path: String,
        mode: mode_t = 0o644,
        overwrite: Bool = true
    ) throws(WriteError) {
        try write(Array(text.utf8), to: path, mode: mode, overwrite: overwrite)
    }

    private static func failure(_ path: String, exists: Bool = false) -> WriteError {
        WriteError(path: path, reason: String(cString: strerror(errno)), alreadyExists: exists)
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    private static func basename(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
