import JSON

/// The package index of an advisory snapshot (`package-index.jsonl`): one line per affected package,
/// `{"ecosystem": …, "name": …, "records": [<record files>]}`, sorted by ecosystem and name, so that a gate
/// reads only the records of the packages it audits. Its SHA-256 is in the signed `snapshot.json`.
///
/// The name ends in `.jsonl`, not `.json`, so a reader that takes every `*.json` of the folder as a record
/// does not mistake it for one.
public struct AdvisoryPackageIndex: Sendable {
    /// The index's file name in a snapshot folder.
    public static let fileName = "package-index.jsonl"

    private struct Key: Hashable, Comparable {
        let ecosystem: String
        let name: String
        static func < (a: Key, b: Key) -> Bool { (a.ecosystem, a.name) < (b.ecosystem, b.name) }
    }
    private var files: [Key: Set<String>] = [:]

    /// An empty index.
    public init() {}

    /// Adds `record`, stored at `file`, under every package it affects.
    public mutating func add(_ record: OSVRecord, file: String) {
        for affected in record.affected {
            files[Key(ecosystem: affected.ecosystem.description, name: affected.name), default: []].insert(file)
        }
    }

    /// The record files listed for a package.
    public func files(ecosystem: String, name: String) -> [String] {
        files[Key(ecosystem: ecosystem, name: name)].map { $0.sorted() } ?? []
    }

    /// The index as JSON Lines.
    public var jsonLines: [UInt8] {
        var out: [UInt8] = []
        for key in files.keys.sorted() {
            let line: JSONValue = .object([
                ("ecosystem", .string(key.ecosystem)),
                ("name", .string(key.name)),
                ("records", .array(files[key, default: []].sorted().map { .string($0) })),
            ])
            out += JSONWriter.compactBytes(line)
            out.append(0x0A)
        }
        return out
    }
}
