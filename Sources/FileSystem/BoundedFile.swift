#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way Bot4 reads an input file whole: with a size limit the caller states, so that a wrong path (a
/// disk image, `/dev/zero`) fails with a clear error instead of exhausting memory.
///
/// Regular files, pipes and character devices (`/dev/stdin`, `/dev/fd/3`) are read up to the limit; a folder is
/// refused. One byte past the limit is an error, never a silently truncated read. The bytes are read straight
/// into the array returned, and a buffer that is outgrown or refused is zeroed before it is freed, so that a
/// secret file (a token, a password) leaves no copy behind but the one the caller gets and wipes.
public enum BoundedFile {
    /// Reads all of `path`, at most `limit` bytes.
    /// - Throws: ``FileReadError`` naming the path (and the limit, when the file is larger).
    public static func read(_ path: String, limit: Int) throws(FileReadError) -> [UInt8] {
        try read(path, relativeTo: AT_FDCWD, limit: limit)
    }

    /// Reads all of `path`, at most `limit` bytes, a relative `path` taken from the open folder `directory`
    /// (openat(2)): reading many files of one folder this way saves the kernel looking up the folder's own
    /// path for each.
    /// - Throws: ``FileReadError`` naming `path` as given.
    public static func read(_ path: String, relativeTo directory: Int32, limit: Int) throws(FileReadError) -> [UInt8] {
        precondition(limit >= 0, "a negative size limit")
        let fd = openat(directory, path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(.cannotOpen, path, limit) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(.cannotRead, path, limit) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw FileReadError(.notAFile, path: path, limit: limit) }
        let isRegular = (info.st_mode & S_IFMT) == S_IFREG
        if isRegular && Int(info.st_size) > limit { throw FileReadError(.tooLarge, path: path, limit: limit) }
        // A regular file fits at once (one byte more shows that it grew); a stream grows its buffer as it comes.
        var out = [UInt8](repeating: 0, count: isRegular ? Int(info.st_size) + 1 : min(limit + 1, 1 << 16))
        var done = 0
        while true {
            if done == out.count {
                guard out.count <= limit else { break }
                var grown = [UInt8](repeating: 0, count: min(limit + 1, out.count * 2))
                grown.withUnsafeMutableBytes { $0.copyBytes(from: out) }
                wipe(&out)
                out = grown
            }
            let n = out.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                let error = failure(.cannotRead, path, limit)
                wipe(&out)
                throw error
            }
            if n == 0 { break }
            done += n
        }
        guard done <= limit else {
            wipe(&out)
            throw FileReadError(.tooLarge, path: path, limit: limit)
        }
        out.removeLast(out.count - done)
        return out
    }

    private static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { _ = memset($0.baseAddress!, 0, $0.count) }
    }

    private static func failure(_ code: FileReadError.Code, _ path: String, _ limit: Int) -> FileReadError {
        FileReadError(code, path: path, limit: limit, systemReason: String(cString: strerror(errno)))
    }
}

private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

extension BoundedFile {
    /// The first `count` bytes of `path`, fewer when it is shorter: enough to tell a file's kind by its magic
    /// number without reading it whole.
    /// - Throws: ``FileReadError`` naming the path when it cannot be opened or read (a folder cannot be read).
    public static func prefix(_ path: String, count: Int) throws(FileReadError) -> [UInt8] {
        precondition(count >= 0, "a negative count")
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(.cannotOpen, path, count) }
        defer { close(fd) }
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + done, count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(.cannotRead, path, count)
            }
            if n == 0 { break }
            done += n
        }
        out.removeLast(count - done)
        return out
    }
}
