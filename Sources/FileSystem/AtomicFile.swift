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
        let staged = try stage(Array(bytes), for: path, mode: mode)
        if !overwrite {
            // link(2) fails if the target appeared meanwhile: no race with another writer.
            defer { unlink(staged) }
            guard link(staged, path) == 0 else { throw failure(path, exists: errno == EEXIST) }
        } else {
            guard rename(staged, path) == 0 else {
                let error = failure(path)
                unlink(staged)
                throw error
            }
        }
    }

    /// Writes several files as one outcome: every file is first written in full and synced beside its
    /// destination, and only when all of them are staged are they renamed into place. A failure while staging
    /// leaves every destination untouched.
    /// - Throws: ``WriteError`` naming the path that failed.
    public static func writeAll(_ files: [(path: String, bytes: [UInt8])], mode: mode_t = 0o644) throws(WriteError) {
        var staged: [(temp: String, path: String)] = []
        do {
            for file in files {
                staged.append((try stage(file.bytes, for: file.path, mode: mode), file.path))
            }
        } catch {
            for entry in staged { unlink(entry.temp) }
            throw error
        }
        for (index, entry) in staged.enumerated() where rename(entry.temp, entry.path) != 0 {
            let error = failure(entry.path)
            for rest in staged[index...] { unlink(rest.temp) }
            throw error
        }
    }

    /// Writes `bytes` to a new temporary file beside `path`, synced and with `mode`; returns its path.
    private static func stage(_ bytes: [UInt8], for path: String, mode: mode_t) throws(WriteError) -> String {
        let folder = directory(of: path)
        let name = basename(of: path)
        var template = Array("\(folder)/.\(name).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw failure(path) }
        let tempPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = failure(path)
                close(fd)
                unlink(tempPath)
                throw error
            }
            written += n
        }
        guard fchmod(fd, mode) == 0, fsync(fd) == 0 else {
            let error = failure(path)
            close(fd)
            unlink(tempPath)
            throw error
        }
        close(fd)
        return tempPath
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
