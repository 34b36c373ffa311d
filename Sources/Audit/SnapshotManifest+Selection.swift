import Foundation
import JSON

extension SnapshotManifest {
    /// What a load needs from `snapshot.json` before its `files` map, taken without building that map (a
    /// snapshot of all of OSV lists over a million).
    struct Outline {
        /// When the snapshot was taken.
        var taken: Date
        /// The package index the manifest names, if any.
        var index: IndexReference?
        /// Where the `files` object starts in the manifest's bytes.
        var filesOffset: Int
    }

    /// The package index a manifest names.
    struct IndexReference {
        /// Its path, relative to the folder.
        var path: String
        /// Its SHA-256, hex.
        var digest: String
    }

    /// The outline of a manifest. A key repeated in the manifest or its `index` object is refused, as
    /// `JSONParser` refuses it, so that no reader of the manifest takes another copy of a field.
    /// - Throws: ``AuditError/Code/databaseUnusable`` naming `path` and the field at fault.
    static func outline(_ bytes: [UInt8], source path: String) throws(AuditError) -> Outline {
        if let outline = try plainOutline(bytes, source: path) { return outline }
        var repeated: String?
        let scanned = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONSyntaxError) -> (String?, String?, String?, Int?)? in
                var reader = JSONReader(bytes: buffer, maximumDepth: 8)
                var seen = Set<String>()
                var taken: String?
                var indexPath: String?
                var indexDigest: String?
                var filesOffset: Int?
                try reader.beginObject()
                while let key = try reader.nextKey() {
                    guard seen.insert(key).inserted else {
                        repeated = key
                        return nil
                    }
                    switch key {
                    case "taken" where try reader.peekKind() == .string: taken = try reader.readString()
                    case "files":
                        filesOffset = reader.offset
                        try reader.skipValue()
                    case "index" where try reader.peekKind() == .object:
                        try reader.beginObject()
                        var seenInIndex = Set<String>()
                        while let member = try reader.nextKey() {
                            guard seenInIndex.insert(member).inserted else {
                                repeated = "index." + member
                                return nil
                            }
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
        if let repeated { throw AuditError(.databaseUnusable, "\(path): field '\(repeated)' appears twice") }
        guard case .success(let (takenText, indexPath, indexDigest, filesOffset)?) = scanned else {
            throw AuditError(.databaseUnusable, "\(path): not a JSON object")
        }
        guard let takenText, let taken = RFC3339.date(takenText) else {
            throw AuditError(.databaseUnusable, "\(path): field 'taken' must be an RFC 3339 date-time")
        }
        guard let filesOffset else {
            throw AuditError(.databaseUnusable, "\(path): field 'files' must map paths to SHA-256 hex digests")
        }
        let index = indexPath.flatMap { path in indexDigest.map { IndexReference(path: path, digest: $0) } }
        return Outline(taken: taken, index: index, filesOffset: filesOffset)
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
        // A second `files` among the other members is left to the strict reading, which refuses it.
        guard let tail, let rest = try? JSONParser.parse(tail.rest, maximumDepth: 8), rest["files"] == nil else {
            return nil
        }
        guard let takenText = rest["taken"]?.stringValue, let taken = RFC3339.date(takenText) else {
            throw AuditError(.databaseUnusable, "\(path): field 'taken' must be an RFC 3339 date-time")
        }
        var index: IndexReference?
        if let indexPath = rest["index"]?["path"]?.stringValue, let digest = rest["index"]?["sha256"]?.stringValue {
            index = IndexReference(path: indexPath, digest: digest)
        }
        return Outline(taken: taken, index: index, filesOffset: tail.offset)
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
