import Foundation
import JSON

extension SnapshotManifest {
    /// What reading a snapshot through its package index needs from `snapshot.json`, taken without building
    /// the map of every file (a snapshot of all of OSV lists over a million).
    struct Outline {
        /// When the snapshot was taken.
        var taken: Date
        /// The package index's path, relative to the folder.
        var indexPath: String
        /// The package index's SHA-256, lowercase hex.
        var indexDigest: String
        /// Where the `files` object starts in the manifest's bytes.
        var filesOffset: Int
    }

    /// The outline of a manifest, or nil when it names no package index.
    /// - Throws: ``AuditError/Code/databaseUnusable`` naming `path` and the field at fault.
    static func outline(_ bytes: [UInt8], source path: String) throws(AuditError) -> Outline? {
        if let outline = try plainOutline(bytes, source: path) { return outline }
        let scanned = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONSyntaxError) -> (String?, String?, String?, Int?) in
                var reader = JSONReader(bytes: buffer, maximumDepth: 8)
                var taken: String?
                var indexPath: String?
                var indexDigest: String?
                var filesOffset: Int?
                try reader.beginObject()
                while let key = try reader.nextKey() {
                    switch key {
                    case "taken" where try reader.peekKind() == .string: taken = try reader.readString()
                    case "files":
                        filesOffset = reader.offset
                        try reader.skipValue()
                    case "index" where try reader.peekKind() == .object:
                        try reader.beginObject()
                        while let member = try reader.nextKey() {
                            switch member {
                            case "path" where try reader.peekKind() == .string: indexPath = try reader.readString()
                            case "sha256" where try reader.peekKind() == .string:
                                indexDigest = try reader.readString()
                            default: try reader.skipValue()
                            }
                        }
                    default: try reader.skipValue()
                    }
                }
                try reader.finish()
                return (taken, indexPath, indexDigest, filesOffset)
            }
        }
        guard case .success(let (takenText, indexPath, indexDigest, filesOffset)) = scanned else {
            throw AuditError(.databaseUnusable, "\(path): not a JSON object")
        }
        guard let takenText, let taken = RFC3339.date(takenText) else {
            throw AuditError(.databaseUnusable, "\(path): field 'taken' must be an RFC 3339 date-time")
        }
        guard let filesOffset else {
            throw AuditError(.databaseUnusable, "\(path): field 'files' must map paths to SHA-256 hex digests")
        }
        guard let indexPath, let indexDigest else { return nil }
        return Outline(taken: taken, indexPath: indexPath, indexDigest: indexDigest, filesOffset: filesOffset)
    }

    /// The outline of a manifest as `seal advisories update` writes it (`files` first, in the plain form), its
    /// other members read strictly; nil when it is in another form.
    private static func plainOutline(_ bytes: [UInt8], source path: String) throws(AuditError) -> Outline? {
        let tail: (offset: Int, rest: [UInt8])? = bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            PlainJSONScan.skipSpace(buffer, &i)
            guard PlainJSONScan.literal(buffer, &i, "{") else { return nil }
            PlainJSONScan.skipSpace(buffer, &i)
            guard PlainJSONScan.literal(buffer, &i, "\"files\"") else { return nil }
            PlainJSONScan.skipSpace(buffer, &i)
            guard PlainJSONScan.literal(buffer, &i, ":") else { return nil }
            let offset = i
            guard var end = PlainJSONScan.stringMap(buffer, from: i, { _, _ in }) else { return nil }
            PlainJSONScan.skipSpace(buffer, &end)
            // The other members, as an object of their own.
            if PlainJSONScan.literal(buffer, &end, ",") {
                return (offset, Array("{".utf8) + buffer[end...])
            }
            return (offset, Array(buffer[end...]))
        }
        guard let tail, let rest = try? JSONParser.parse(tail.rest, maximumDepth: 8) else { return nil }
        guard let takenText = rest["taken"]?.stringValue, let taken = RFC3339.date(takenText) else {
            throw AuditError(.databaseUnusable, "\(path): field 'taken' must be an RFC 3339 date-time")
        }
        guard let indexPath = rest["index"]?["path"]?.stringValue,
            let indexDigest = rest["index"]?["sha256"]?.stringValue
        else { return nil }
        return Outline(taken: taken, indexPath: indexPath, indexDigest: indexDigest, filesOffset: tail.offset)
    }

    /// The digests of `files`, and of every file of the same name in another folder (another copy of the same
    /// advisory id), and how many files the manifest lists in all.
    /// - Throws: ``AuditError/Code/databaseUnusable`` when the `files` object is not a map of strings.
    static func digests(
        _ bytes: [UInt8],
        outline: Outline,
        source path: String,
        files: Set<String>
    ) throws(AuditError) -> (digests: [String: String], count: Int) {
        let names = Set(files.map(fileName))
        func keep(_ name: String) -> Bool { files.contains(name) || names.contains(fileName(name)) }
        let nameHashes = Set(names.map { PlainJSONScan.hash(String($0)) })
        let plain: ([String: String], Int)? = bytes.withUnsafeBufferPointer { buffer in
            var digests: [String: String] = [:]
            var count = 0
            var duplicate = false
            let end = PlainJSONScan.stringMap(buffer, from: outline.filesOffset) { key, value in
                count += 1
                var start = key.upperBound
                while start > key.lowerBound, buffer[start - 1] != UInt8(ascii: "/") { start -= 1 }
                guard
                    nameHashes.contains(
                        PlainJSONScan.hash(UnsafeBufferPointer(rebasing: buffer[start..<key.upperBound]))
                    )
                else { return }
                let name = String(decoding: buffer[key], as: UTF8.self)
                guard keep(name) else { return }
                if digests.updateValue(String(decoding: buffer[value], as: UTF8.self), forKey: name) != nil {
                    duplicate = true
                }
            }
            return end == nil || duplicate ? nil : (digests, count)
        }
        if let plain { return plain }
        let scanned = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONSyntaxError) -> ([String: String], Int)? in
                var reader = JSONReader(
                    bytes: UnsafeBufferPointer(rebasing: buffer[outline.filesOffset...]),
                    maximumDepth: 2
                )
                var digests: [String: String] = [:]
                var count = 0
                guard try reader.peekKind() == .object else { return nil }
                try reader.beginObject()
                while let name = try reader.nextKey() {
                    count += 1
                    guard try reader.peekKind() == .string else { return nil }
                    if keep(name) {
                        guard digests.updateValue(try reader.readString(), forKey: name) == nil else { return nil }
                    } else {
                        try reader.skipValue()
                    }
                }
                return (digests, count)
            }
        }
        guard case .success(let found?) = scanned else {
            throw AuditError(.databaseUnusable, "\(path): field 'files' must map paths to SHA-256 hex digests")
        }
        return found
    }

    /// The last component of a relative path.
    static func fileName(_ path: String) -> Substring {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path[...] }
        return path[path.utf8.index(after: slash)...]
    }
}
