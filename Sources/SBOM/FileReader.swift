#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files with errors that name the path.
enum FileReader {
    /// The largest file read whole (256 MiB): larger inputs are refused rather than exhausting memory.
    static let limit = 256 << 20

    static func read(path: String, what: String) throws(SBOMError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SBOMError(.io, "\(path): cannot open \(what): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw SBOMError(.io, "\(path): cannot read \(what): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw SBOMError(.io, "\(path): \(what) is not a regular file") }
        guard Int(info.st_size) <= limit else { throw SBOMError(.io, "\(path): \(what) is larger than \(limit) bytes") }
        var out = [UInt8](repeating: 0, count: Int(info.st_size))
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SBOMError(.io, "\(path): cannot read \(what): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            done += n
        }
        return Array(out.prefix(done))
    }

    /// The names of the entries of a folder, sorted; empty when it cannot be read.
    static func names(in folder: String) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}

private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}
