import JSON

/// A single-pass reader of OSV JSON on the shared lexer (`JSONReader`): it keeps the fields auditing needs
/// and skips the rest (long `details`, `references`, `credits`, …) without building them, checking their
/// structure all the same.
///
/// It is strict about the JSON (the shared lexer's errors, with line and column) and lenient about content:
/// unknown fields of any type are skipped; duplicate keys keep the last value.
///
/// Why it is not `JSONParser` plus a walk over the tree: building the tree costs about twice as long, and
/// the audit loads osv.dev exports of hundreds of thousands of records (measured in release, the committed
/// OSV records read 200 times: see "One JSON stack" in `docs/architecture.md`).
struct OSVReader: ~Copyable {
    private var json: JSONReader
    private let source: String
    private static let maximumDepth = 256

    init(bytes: UnsafeBufferPointer<UInt8>, source: String) {
        json = JSONReader(bytes: bytes, maximumDepth: Self.maximumDepth)
        self.source = source
    }

    // MARK: The record

    /// Reads the record.
    /// - Throws: ``AuditError/Code/malformedInput`` naming the source and the line and column, or the field.
    mutating func record() throws(AuditError) -> OSVRecord {
        do {
            return try readRecord()
        } catch let error as AuditError {
            throw error
        } catch let error as JSONSyntaxError {
            // The position and reason are the whole story: the message carries them, as for a wrong type.
            throw AuditError(.malformedInput, "\(source):\(error)")
        } catch {
            throw AuditError(.malformedInput, "\(source): \(error)")
        }
    }

    private mutating func readRecord() throws -> OSVRecord {
        var id: String?
        var modified: String?
        var record = OSVRecord(id: "", modified: "", source: source)
        try begin(.object, "an OSV record is a JSON object")
        while let key = try json.nextKey() {
            switch key {
            case "id": id = try string(or: "id")
            case "modified": modified = try string(or: "modified")
            case "published": record.published = try string(or: "published")
            case "withdrawn": record.withdrawn = try string(or: "withdrawn")
            case "aliases": record.aliases = try strings("aliases")
            case "upstream": record.upstream = try strings("upstream")
            case "summary": record.summary = try string(or: "summary")
            case "severity": record.severity = try severities("severity")
            case "database_specific": record.severityLabel = try stringMember("severity", of: "database_specific")
            case "affected":
                record.affected = []
                try begin(.array, "field 'affected' must be an array")
                while try json.nextElement() {
                    record.affected.append(try affected("affected[\(record.affected.count)]"))
                }
            default: try json.skipValue()
            }
        }
        try json.finish()
        guard let id, !id.isEmpty else {
            throw AuditError(.malformedInput, "\(source): required field 'id' is missing")
        }
        guard let modified else {
            throw AuditError(.malformedInput, "\(source): \(id): required field 'modified' is missing")
        }
        record.id = id
        record.modified = modified
        return record
    }

    private mutating func affected(_ path: String) throws -> OSVAffected {
        var ecosystem: String?
        var name: String?
        var entry = OSVAffected(ecosystem: .swiftURL, name: "")
        try begin(.object, "'\(path)' must be an object")
        while let key = try json.nextKey() {
            switch key {
            case "package":
                try begin(.object, "'\(path).package' must be an object")
                while let packageKey = try json.nextKey() {
                    switch packageKey {
                    case "ecosystem": ecosystem = try string(or: "\(path).package.ecosystem")
                    case "name": name = try string(or: "\(path).package.name")
                    case "purl": entry.purl = try string(or: "\(path).package.purl")
                    default: try json.skipValue()
                    }
                }
            case "severity": entry.severity = try severities("\(path).severity")
            case "versions": entry.versions = try strings("\(path).versions")
            case "ecosystem_specific": entry.urgency = try stringMember("urgency", of: "\(path).ecosystem_specific")
            case "ranges":
                entry.ranges = []
                try begin(.array, "field '\(path).ranges' must be an array")
                while try json.nextElement() {
                    entry.ranges.append(try range("\(path).ranges[\(entry.ranges.count)]"))
                }
            default: try json.skipValue()
            }
        }
        guard let ecosystem, let name else {
            throw AuditError(.malformedInput, "\(source): \(path).package needs 'ecosystem' and 'name'")
        }
        entry.ecosystem = Ecosystem(osv: ecosystem)
        entry.name = name
        return entry
    }

    private mutating func range(_ path: String) throws -> OSVRange {
        var kind = OSVRange.Kind.other("")
        var events: [OSVRange.Event] = []
        try begin(.object, "'\(path)' must be an object")
        while let key = try json.nextKey() {
            switch key {
            case "type":
                kind =
                    switch try string(or: "\(path).type") {
                    case "SEMVER": .semver
                    case "ECOSYSTEM": .ecosystem
                    case "GIT": .git
                    case let other: .other(other ?? "")
                    }
            case "events":
                events = []
                try begin(.array, "field '\(path).events' must be an array")
                while try json.nextElement() {
                    events.append(try event("\(path).events[\(events.count)]"))
                }
            default: try json.skipValue()
            }
        }
        return OSVRange(kind: kind, events: events)
    }

    private mutating func event(_ path: @autoclosure () -> String) throws -> OSVRange.Event {
        var introduced: String?
        var fixed: String?
        var lastAffected: String?
        var limit: String?
        try begin(.object, "'\(path())' must be an object")
        while let key = try json.nextKey() {
            switch key {
            case "introduced": introduced = try string(or: "\(path()).introduced")
            case "fixed": fixed = try string(or: "\(path()).fixed")
            case "last_affected": lastAffected = try string(or: "\(path()).last_affected")
            case "limit": limit = try string(or: "\(path()).limit")
            default: try json.skipValue()
            }
        }
        if let introduced { return .introduced(introduced) }
        if let fixed { return .fixed(fixed) }
        if let lastAffected { return .lastAffected(lastAffected) }
        if let limit { return .limit(limit) }
        throw AuditError(.malformedInput, "\(source): \(path()) has none of introduced, fixed, last_affected, limit")
    }

    private mutating func severities(_ path: String) throws -> [OSVSeverity] {
        var result: [OSVSeverity] = []
        if try null(or: .array, "field '\(path)' must be an array") { return result }
        try json.beginArray()
        while try json.nextElement() {
            let entryPath = "\(path)[\(result.count)]"
            var type: String?
            var score: String?
            try begin(.object, "'\(entryPath)' must be an object")
            while let key = try json.nextKey() {
                switch key {
                case "type": type = try string(or: "\(entryPath).type")
                case "score": score = try string(or: "\(entryPath).score")
                default: try json.skipValue()
                }
            }
            guard let type, let score else {
                throw AuditError(.malformedInput, "\(source): \(entryPath) needs 'type' and 'score'")
            }
            result.append(OSVSeverity(type: type, score: score))
        }
        return result
    }

    /// A string member of an object whose other members are skipped; a non-string value is ignored.
    private mutating func stringMember(_ wanted: String, of path: String) throws -> String? {
        if try null(or: .object, "field '\(path)' must be an object") { return nil }
        try json.beginObject()
        var result: String?
        while let key = try json.nextKey() {
            if key == wanted, try json.peekKind() == .string {
                result = try json.readString()
            } else {
                try json.skipValue()
            }
        }
        return result
    }

    // MARK: Values

    private mutating func string(or path: @autoclosure () -> String) throws -> String? {
        if try null(or: .string, "field '\(path())' must be a string") { return nil }
        return try json.readString()
    }

    private mutating func strings(_ path: @autoclosure () -> String) throws -> [String] {
        if try null(or: .array, "field '\(path())' must be an array") { return [] }
        try json.beginArray()
        var result: [String] = []
        while try json.nextElement() {
            guard try json.peekKind() == .string else {
                throw json.failure("field '\(path())' must be an array of strings")
            }
            result.append(try json.readString())
        }
        return result
    }

    /// Consumes `null` and returns true if it is next; otherwise checks that a value of `kind` is next.
    private mutating func null(or kind: JSONReader.Kind, _ message: @autoclosure () -> String) throws -> Bool {
        let next = try json.peekKind()
        if next == .null {
            try json.readNull()
            return true
        }
        guard next == kind else { throw json.failure(message()) }
        return false
    }

    /// Checks that a value of `kind` is next and opens it.
    private mutating func begin(_ kind: JSONReader.Kind, _ message: @autoclosure () -> String) throws {
        guard try json.peekKind() == kind else { throw json.failure(message()) }
        if kind == .object { try json.beginObject() } else { try json.beginArray() }
    }
}
