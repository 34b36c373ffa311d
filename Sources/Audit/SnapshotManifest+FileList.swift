import JSON

extension SnapshotManifest {
    /// One entry of a manifest's `files` map.
    public struct FileEntry: Sendable, Hashable {
        /// The record file's path, relative to the folder.
        public let path: String
        /// Its SHA-256, hex as the manifest gives it.
        public let digest: String
    }

    /// The files a manifest lists with their digests, sorted by path, read as a load without a package index
    /// reads them: without building the manifest (a snapshot of all of OSV lists over a million files).
    /// - Throws: ``AuditError/Code/databaseUnusable`` naming `path` and what is wrong, as
    ///   ``init(bytes:source:)`` refuses it, or for a file listed twice.
    public static func listedFiles(_ bytes: [UInt8], source path: String) throws(AuditError) -> [FileEntry] {
        try fileList(bytes, outline: try outline(bytes, source: path), source: path)
    }

    /// Every entry of the `files` map that `outline` locates, sorted by path (the order a load reads them in),
    /// without building a dictionary of them: the plain form in one scan, any other with the strict reader.
    /// - Throws: ``AuditError/Code/databaseUnusable`` naming `path` when `files` is not a map of strings or
    ///   names a file twice.
    static func fileList(_ bytes: [UInt8], outline: Outline, source path: String) throws(AuditError) -> [FileEntry] {
        var entries: [FileEntry] = []
        let plain = bytes.withUnsafeBufferPointer { buffer in
            PlainJSONScan.stringMap(buffer, from: outline.filesOffset) { key, value in
                entries.append(
                    FileEntry(
                        path: String(decoding: buffer[key], as: UTF8.self),
                        digest: String(decoding: buffer[value], as: UTF8.self)
                    )
                )
            } != nil
        }
        if !plain {
            let scanned = bytes.withUnsafeBufferPointer { buffer in
                Result { () throws(JSONSyntaxError) -> [FileEntry]? in
                    var reader = JSONReader(
                        bytes: UnsafeBufferPointer(rebasing: buffer[outline.filesOffset...]),
                        maximumDepth: 2
                    )
                    var entries: [FileEntry] = []
                    guard try reader.peekKind() == .object else { return nil }
                    try reader.beginObject()
                    while let name = try reader.nextKey() {
                        guard try reader.peekKind() == .string else { return nil }
                        entries.append(FileEntry(path: name, digest: try reader.readString()))
                    }
                    return entries
                }
            }
            guard case .success(let found?) = scanned else {
                throw AuditError(.databaseUnusable, "\(path): field 'files' must map paths to SHA-256 hex digests")
            }
            entries = found
        }
        if !entries.indices.dropFirst().allSatisfy({ entries[$0 - 1].path < entries[$0].path }) {
            entries.sort { $0.path < $1.path }
        }
        for position in entries.indices.dropFirst() where entries[position - 1].path == entries[position].path {
            throw AuditError(.databaseUnusable, "\(path): field 'files' names '\(entries[position].path)' twice")
        }
        return entries
    }
}
