#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that readers see either the old file or the whole new one, never a half-written one:
/// a temporary file in the same folder (opened close-on-exec, so a process started meanwhile cannot inherit
/// it), `fsync`, `fchmod`, `rename(2)`, then `fsync` of the folder, so that the rename itself survives a
/// power loss.
///
/// A destination that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written
/// through, not replaced: renaming over it would swap the device node or pipe for a plain file. A symbolic link
/// to a regular file stays a link; its target is replaced atomically.
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
        let target = try destination(path)
        if target.isStream { return try writeThrough(Array(bytes), to: target.path) }
        let staged = try stage(Array(bytes), for: target.path, mode: mode)
        if !overwrite {
            // link(2) fails if the target appeared meanwhile: no race with another writer.
            defer { unlink(staged) }
            guard link(staged, target.path) == 0 else { throw failure(target.path, exists: errno == EEXIST) }
        } else {
            guard rename(staged, target.path) == 0 else {
                let error = failure(target.path)
                unlink(staged)
                throw error
            }
        }
        try syncDirectory(of: target.path)
    }

    /// Writes several files as one outcome: every file is first written in full and synced beside its
    /// destination, and only when all of them are staged are they renamed into place. A failure while staging
    /// leaves every destination untouched; so does a rename that fails half-way: each existing destination is
    /// first kept under a hard link beside it, and the files already renamed are put back from those links.
    /// - Throws: ``WriteError`` naming the path that failed.
    public static func writeAll(_ files: [(path: String, bytes: [UInt8])], mode: mode_t = 0o644) throws(WriteError) {
        var staged: [(temp: String, path: String)] = []
        var streams: [(path: String, bytes: [UInt8])] = []
        do {
            for file in files {
                let target = try destination(file.path)
                if target.isStream {
                    streams.append((target.path, file.bytes))
                } else {
                    staged.append((try stage(file.bytes, for: target.path, mode: mode), target.path))
                }
            }
        } catch {
            for entry in staged { unlink(entry.temp) }
            throw error
        }
        // Keep every existing destination under a second name, so a failed rename can put it back.
        var backups: [String?] = []
        for entry in staged {
            guard access(entry.path, F_OK) == 0 else {
                backups.append(nil)
                continue
            }
            let backup = entry.temp + ".old"
            guard link(entry.path, backup) == 0 else {
                let error = failure(entry.path)
                for (old, entry) in zip(backups, staged) {
                    if let old { unlink(old) }
                    unlink(entry.temp)
                }
                for rest in staged[backups.count...] { unlink(rest.temp) }
                throw error
            }
            backups.append(backup)
        }
        for (index, entry) in staged.enumerated() where rename(entry.temp, entry.path) != 0 {
            let error = failure(entry.path)
            for rest in staged[index...] { unlink(rest.temp) }
            for (done, backup) in zip(staged[..<index], backups[..<index]) {
                if let backup { rename(backup, done.path) } else { unlink(done.path) }
            }
            for backup in backups[index...] { if let backup { unlink(backup) } }
            throw error
        }
        for backup in backups { if let backup { unlink(backup) } }
        for folder in Set(staged.map { directory(of: $0.path) }) { try syncDirectory(folder) }
        for stream in streams { try writeThrough(stream.bytes, to: stream.path) }
    }

    /// Syncs the folder that holds `path`, so that a rename into it is on disk.
    private static func syncDirectory(of path: String) throws(WriteError) {
        try syncDirectory(directory(of: path))
    }

    private static func syncDirectory(_ folder: String) throws(WriteError) {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(folder) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure(folder) }
    }

    /// Where `path` really is: itself, the regular file a symbolic link names (so the link survives), or a
    /// stream (an existing device, FIFO or socket) to write through.
    private static func destination(_ path: String) throws(WriteError) -> (path: String, isStream: Bool) {
        var info = stat()
        guard stat(path, &info) == 0 else { return (path, false) }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            var link = stat()
            guard lstat(path, &link) == 0, link.st_mode & S_IFMT == S_IFLNK, let real = realpath(path, nil) else {
                return (path, false)
            }
            defer { free(real) }
            return (String(cString: real), false)
        case S_IFDIR:
            errno = EISDIR
            throw failure(path)
        default:
            return (path, true)
        }
    }

    /// Writes `bytes` straight into an existing stream (a device or a pipe), which has nothing to replace.
    private static func writeThrough(_ bytes: [UInt8], to path: String) throws(WriteError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path)
            }
            written += n
        }
    }

    /// Writes `bytes` to a new temporary file beside `path`, synced and with `mode`; returns its path.
    private static func stage(_ bytes: [UInt8], for path: String, mode: mode_t) throws(WriteError) -> String {
        let folder = directory(of: path)
        let name = basename(of: path)
        let (fd, tempPath) = try openTemporary(in: folder, name: name, for: path)
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

    /// Creates `.NAME.tmp-XXXXXXXXXXXX` (random letters) in `folder`: ``createTemporary(in:prefix:for:)``.
    static func openTemporary(
        in folder: String,
        name: String,
        for path: String
    ) throws(WriteError) -> (fd: Int32, path: String) {
        try createTemporary(in: folder, prefix: ".\(name).tmp-", for: path)
    }

    /// Creates `PREFIXXXXXXXXXXXXX` (12 random letters) in `folder` with `O_CREAT | O_EXCL | O_CLOEXEC`, mode
    /// 0600, so that the descriptor is close-on-exec from its first instant (`mkstemp` cannot say so, and
    /// setting it afterwards leaves a window for a concurrent `exec`): the one way Bot4 creates temporary files.
    /// - Returns: the open descriptor (the caller closes it) and the file's path.
    /// - Throws: ``WriteError`` naming `path` (the file the temporary one stands in for).
    public static func createTemporary(
        in folder: String,
        prefix: String,
        for path: String
    ) throws(WriteError) -> (fd: Int32, path: String) {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        for _ in 0..<100 {
            let suffix = String((0..<12).map { _ in letters.randomElement()! })
            let candidate = "\(folder)/\(prefix)\(suffix)"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 { return (fd, candidate) }
            if errno != EEXIST { throw failure(path) }
        }
        throw failure(path)
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
