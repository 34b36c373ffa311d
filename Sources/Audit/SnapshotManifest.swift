import Digest
import Foundation
import JSON

/// `snapshot.json` at the top of an advisory folder: when the snapshot was taken, where from, and the
/// SHA-256 of every record file, so that one minisign signature (`snapshot.json.minisig`) covers them all.
///
/// ```json
/// {"taken": "2026-11-25T00:00:00Z", "source": "github/advisory-database@…",
///  "files": {"ghsa/GHSA-7fj7-39wj-c64f.json": "<sha256 hex>"}}
/// ```
public struct SnapshotManifest: Sendable, Hashable {
    /// The manifest's file name in an advisory folder.
    public static let fileName = "snapshot.json"
    /// The signature's file name (minisign format).
    public static let signatureFileName = "snapshot.json.minisig"

    /// When the snapshot was taken (the date `max-age` is measured from).
    public var taken: Date
    /// Free-form provenance.
    public var source: String
    /// Relative path → lowercase SHA-256 hex of every record file.
    public var files: [String: String]

    /// Creates a manifest.
    public init(taken: Date, source: String, files: [String: String]) {
        self.taken = taken
        self.source = source
        self.files = files
    }

    /// Parses a manifest.
    public init(bytes: [UInt8], source path: String) throws(AuditError) {
        guard let object = try? JSONParser.parse(bytes), object.objectValue != nil else {
            throw AuditError(.databaseUnusable, "\(path): not a JSON object")
        }
        guard let takenText = object["taken"]?.stringValue, let taken = RFC3339.date(takenText) else {
            throw AuditError(.databaseUnusable, "\(path): field 'taken' must be an RFC 3339 date-time")
        }
        var files: [String: String] = [:]
        for (name, digest) in object["files"]?.objectValue ?? [] {
            guard let digest = digest.stringValue else {
                throw AuditError(.databaseUnusable, "\(path): field 'files' must map paths to SHA-256 hex digests")
            }
            files[name] = digest
        }
        guard object["files"]?.objectValue != nil else {
            throw AuditError(.databaseUnusable, "\(path): field 'files' must map paths to SHA-256 hex digests")
        }
        self.taken = taken
        self.source = object["source"]?.stringValue ?? ""
        self.files = files
    }

    /// Builds the manifest of a folder's record files (every `*.json` but the manifest itself).
    public static func build(folder: String, taken: Date, source: String) throws(AuditError) -> SnapshotManifest {
        var files: [String: String] = [:]
        for relative in try AdvisoryDatabase.recordFiles(in: folder) {
            let bytes = try AuditFile.read(
                folder + "/" + relative,
                what: "an advisory record",
                limit: AuditFile.recordLimit
            )
            files[relative] = hex(HashFunction.hash(.sha256, bytes))
        }
        return SnapshotManifest(taken: taken, source: source, files: files)
    }

    /// Canonical JSON (`JSONWriter`: sorted keys, two-space indentation), ending with a newline.
    public var json: String {
        JSONWriter.string(
            .object([
                ("taken", .string(RFC3339.string(taken))), ("source", .string(source)),
                ("files", .object(files.map { ($0.key, .string($0.value)) })),
            ])
        )
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// RFC 3339 timestamps (UTC) and ISO dates, without a shared formatter.
enum RFC3339 {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    static func date(_ text: String) -> Date? {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: text.contains("."))
        if let date = try? style.parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// Parses `YYYY-MM-DD` as midnight UTC.
    static func day(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle().year().month().day().parse(text)
    }

    /// Formats as `YYYY-MM-DDTHH:MM:SSZ`.
    static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// Formats as `YYYY-MM-DD`.
    static func dayString(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle().year().month().day())
    }
}
