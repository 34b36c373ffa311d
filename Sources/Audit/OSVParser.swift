import Foundation

/// Parses OSV JSON records leniently: unknown fields are ignored, `upstream` is read whatever the
/// `schema_version` says, an empty `severity[]` is allowed, and an unknown ecosystem is kept by name.
///
/// A record without `id` or `modified`, or with a field of the wrong JSON type, is malformed: the error names
/// the source and the field.
public enum OSVParser {
    /// Parses one record from its JSON bytes.
    public static func parse(_ bytes: some Collection<UInt8>, source: String) throws(AuditError) -> OSVRecord {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw AuditError(.malformedInput, "\(source): not JSON (\(Self.jsonReason(error)))")
        }
        guard let dictionary = object as? [String: Any] else {
            throw AuditError(.malformedInput, "\(source): an OSV record is a JSON object")
        }
        return try record(dictionary, source: source)
    }

    /// Maps an already parsed JSON object to a record.
    public static func record(_ json: [String: Any], source: String) throws(AuditError) -> OSVRecord {
        let fields = Fields(json: json, source: source, path: "")
        guard let id = try fields.string("id"), !id.isEmpty else {
            throw AuditError(.malformedInput, "\(source): required field 'id' is missing")
        }
        guard let modified = try fields.string("modified") else {
            throw AuditError(.malformedInput, "\(source): \(id): required field 'modified' is missing")
        }
        var record = OSVRecord(id: id, modified: modified, source: source)
        record.published = try fields.string("published")
        record.withdrawn = try fields.string("withdrawn")
        record.aliases = try fields.strings("aliases")
        record.upstream = try fields.strings("upstream")
        record.summary = try fields.string("summary")
        record.severity = try severities(fields.objects("severity"), source: source, path: "severity")
        if let specific = try fields.object("database_specific") {
            record.severityLabel = specific["severity"] as? String
        }
        for (index, entry) in try fields.objects("affected").enumerated() {
            record.affected.append(try affected(entry, source: source, path: "affected[\(index)]"))
        }
        return record
    }

    private static func affected(_ json: [String: Any], source: String, path: String) throws(AuditError) -> OSVAffected
    {
        let fields = Fields(json: json, source: source, path: path)
        guard let package = try fields.object("package") else {
            throw AuditError(.malformedInput, "\(source): \(path).package is missing")
        }
        let packageFields = Fields(json: package, source: source, path: path + ".package")
        guard let ecosystem = try packageFields.string("ecosystem"), let name = try packageFields.string("name") else {
            throw AuditError(.malformedInput, "\(source): \(path).package needs 'ecosystem' and 'name'")
        }
        var entry = OSVAffected(ecosystem: Ecosystem(osv: ecosystem), name: name)
        entry.purl = try packageFields.string("purl")
        entry.severity = try severities(fields.objects("severity"), source: source, path: path + ".severity")
        entry.versions = try fields.strings("versions")
        if let specific = try fields.object("ecosystem_specific") {
            entry.urgency = specific["urgency"] as? String
        }
        for (index, range) in try fields.objects("ranges").enumerated() {
            entry.ranges.append(try self.range(range, source: source, path: "\(path).ranges[\(index)]"))
        }
        return entry
    }

    private static func range(_ json: [String: Any], source: String, path: String) throws(AuditError) -> OSVRange {
        let fields = Fields(json: json, source: source, path: path)
        let kind: OSVRange.Kind =
            switch try fields.string("type") {
            case "SEMVER": .semver
            case "ECOSYSTEM": .ecosystem
            case "GIT": .git
            case let other: .other(other ?? "")
            }
        var events: [OSVRange.Event] = []
        for (index, event) in try fields.objects("events").enumerated() {
            let eventFields = Fields(json: event, source: source, path: "\(path).events[\(index)]")
            if let v = try eventFields.string("introduced") {
                events.append(.introduced(v))
            } else if let v = try eventFields.string("fixed") {
                events.append(.fixed(v))
            } else if let v = try eventFields.string("last_affected") {
                events.append(.lastAffected(v))
            } else if let v = try eventFields.string("limit") {
                events.append(.limit(v))
            } else {
                throw AuditError(
                    .malformedInput,
                    "\(source): \(path).events[\(index)] has none of introduced, fixed, last_affected, limit"
                )
            }
        }
        return OSVRange(kind: kind, events: events)
    }

    private static func severities(
        _ list: [[String: Any]],
        source: String,
        path: String
    ) throws(AuditError)
        -> [OSVSeverity]
    {
        var result: [OSVSeverity] = []
        for (index, entry) in list.enumerated() {
            let fields = Fields(json: entry, source: source, path: "\(path)[\(index)]")
            guard let type = try fields.string("type"), let score = try fields.string("score") else {
                throw AuditError(.malformedInput, "\(source): \(path)[\(index)] needs 'type' and 'score'")
            }
            result.append(OSVSeverity(type: type, score: score))
        }
        return result
    }

    private static func jsonReason(_ error: any Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return text ?? "invalid JSON"
    }
}

/// Typed access to a JSON object's fields, with errors naming the field's path.
private struct Fields {
    let json: [String: Any]
    let source: String
    let path: String

    private func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func string(_ key: String) throws(AuditError) -> String? {
        guard let value = json[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else {
            throw AuditError(.malformedInput, "\(source): field '\(name(key))' must be a string")
        }
        return text
    }

    func strings(_ key: String) throws(AuditError) -> [String] {
        guard let value = json[key], !(value is NSNull) else { return [] }
        guard let list = value as? [Any], let texts = list as? [String] else {
            throw AuditError(.malformedInput, "\(source): field '\(name(key))' must be an array of strings")
        }
        return texts
    }

    func object(_ key: String) throws(AuditError) -> [String: Any]? {
        guard let value = json[key], !(value is NSNull) else { return nil }
        guard let object = value as? [String: Any] else {
            throw AuditError(.malformedInput, "\(source): field '\(name(key))' must be an object")
        }
        return object
    }

    func objects(_ key: String) throws(AuditError) -> [[String: Any]] {
        guard let value = json[key], !(value is NSNull) else { return [] }
        guard let list = value as? [Any] else {
            throw AuditError(.malformedInput, "\(source): field '\(name(key))' must be an array")
        }
        var result: [[String: Any]] = []
        for (index, element) in list.enumerated() {
            guard let object = element as? [String: Any] else {
                throw AuditError(.malformedInput, "\(source): '\(name(key))[\(index)]' must be an object")
            }
            result.append(object)
        }
        return result
    }
}
