import Foundation
import Zip

/// The records of one OSV export (`all.zip`, one `<ID>.json` per record), read under ``OSVExportLimits``.
///
/// The archive is read by ``ZipArchive``: every entry's place in the file, declared sizes and ratio are checked
/// against the file and the limits before anything is inflated, then the bytes actually inflated (a lying
/// header is caught as it inflates), then the CRC. Each record must
/// parse as OSV and carry an id usable as a file name; records that do not are set aside with the reason.
public struct OSVExportArchive: Sendable {
    /// One accepted record: its id, its bytes exactly as published, and the parsed record.
    public struct Entry: Sendable {
        /// The record's `id`.
        public let id: String
        /// The record's JSON, unchanged.
        public let bytes: [UInt8]
        /// The parsed record.
        public let record: OSVRecord
    }

    /// The accepted records, sorted by id.
    public let entries: [Entry]
    /// One line per entry set aside: `<archive>!<entry>: <reason>`.
    public let rejected: [String]

    /// Reads the export at `path`.
    /// - Throws: ``AuditError/Code/databaseUnusable`` when the file is not a zip archive or breaks a limit
    ///   (naming the entry and the limit), or holds no usable record.
    public init(path: String, limits: OSVExportLimits = OSVExportLimits()) throws(AuditError) {
        try self.init(path: path, name: path, limits: limits)
    }

    /// Reads the export at `path`, calling it `name` in messages (the address it was downloaded from).
    init(path realPath: String, name path: String, limits: OSVExportLimits) throws(AuditError) {
        let archive: ZipArchive
        do throws(ZipError) {
            archive = try ZipArchive(path: realPath, limits: limits.zipLimits, name: path)
        } catch {
            throw AuditError(error.code == .io ? .io : .databaseUnusable, "", underlying: error)
        }
        let candidates = archive.entries.filter { !$0.isDirectory }
        var accepted: [String: Entry] = [:]
        var rejected: [String] = []
        for entry in candidates {
            let name = "\(path)!\(entry.name)"
            guard entry.name.hasSuffix(".json") else {
                rejected.append("\(name): not a .json record")
                continue
            }
            let bytes: [UInt8]
            do throws(ZipError) {
                bytes = try archive.contents(of: entry)
            } catch {
                throw AuditError(.databaseUnusable, "", underlying: error)
            }
            let record: OSVRecord
            do throws(AuditError) {
                record = try OSVParser.parse(bytes, source: name)
            } catch {
                rejected.append(error.message)
                continue
            }
            guard Self.isUsableID(record.id) else {
                rejected.append("\(name): the id is not usable as a file name")
                continue
            }
            guard accepted[record.id] == nil else {
                rejected.append("\(name): a second record with id \(record.id)")
                continue
            }
            accepted[record.id] = Entry(id: record.id, bytes: bytes, record: record)
        }
        guard !accepted.isEmpty else {
            throw AuditError(
                .databaseUnusable,
                "\(path): no usable OSV record" + (rejected.first.map { " (first problem: \($0))" } ?? "")
            )
        }
        self.entries = accepted.values.sorted { $0.id < $1.id }
        self.rejected = rejected
    }

    /// An OSV id that is safe as a file name: letters, digits, `.`, `_`, `-` and `:` (written as `_`), at
    /// most 128 characters, not starting with a dot.
    static func isUsableID(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 128, !id.hasPrefix(".") else { return false }
        return id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"),
                UInt8(ascii: ":"):
                true
            default: false
            }
        }
    }

    /// The record file name of an id.
    static func fileName(of id: String) -> String {
        id.replacingOccurrences(of: ":", with: "_") + ".json"
    }
}
