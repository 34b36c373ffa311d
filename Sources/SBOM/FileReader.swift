import FileSystem

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the inputs of an SBOM (manifests, ELF binaries, licence and dpkg files) whole through
/// `FileSystem.BoundedFile`, and lists folders.
enum FileReader {
    /// The largest file read whole (256 MiB): larger inputs are refused rather than exhausting memory.
    static let limit = 256 << 20

    /// Reads `path`, at most ``limit`` bytes; `what` names it in the message ("Package.resolved").
    /// - Throws: ``SBOMError/Code/io`` naming the path (and the limit, for a file too large).
    static func read(path: String, what: String) throws(SBOMError) -> [UInt8] {
        do {
            return try BoundedFile.read(path, limit: limit)
        } catch {
            throw SBOMError(.io, "cannot read \(what): \(error)")
        }
    }

    /// The names of the entries of a folder, sorted; empty when it cannot be read.
    static func names(in folder: String) -> [String] {
        guard let dir = opendir(folder) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        // The name is read in place up to its NUL: a `dirent` record is only as long as its name, so copying
        // the whole `d_name` array (256 bytes) would read past the end of the last record in the buffer.
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        while let entry = readdir(dir) {
            let name = String(cString: (UnsafeRawPointer(entry) + nameOffset).assumingMemoryBound(to: CChar.self))
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
