import Foundation
import TOMLKit

/// Typed reads from TOMLKit tables, with errors that name the line and the key.
struct PolicyReader {
    let text: String
    let source: String
    let lines: [Substring]

    init(text: String, source: String) {
        self.text = text
        self.source = source
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func error(_ section: String?, _ key: String, _ problem: String) -> AuditError {
        let line = self.line(section: section, key: key)
        let name = section.map { "\($0).\(key)" } ?? key
        return AuditError(.malformedPolicy, "\(source):\(line): \(name) \(problem)")
    }

    /// The line of `key = …` inside `[section]` (or of the section header), 1-based; 1 when not found.
    func line(section: String?, key: String) -> Int {
        var inSection = section == nil
        for (index, raw) in lines.enumerated() {
            let line = raw.drop(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("[") {
                let name = line.dropFirst().prefix(while: { $0 != "]" }).trimmingCharacters(in: .whitespaces)
                if name == key && section == nil { return index + 1 }
                inSection = (name == section)
                continue
            }
            guard inSection else { continue }
            if line.hasPrefix(key) {
                let rest = line.dropFirst(key.count).drop(while: { $0 == " " || $0 == "\t" })
                if rest.hasPrefix("=") { return index + 1 }
            }
        }
        return inlineLine(section: section, key: key) ?? 1
    }

    /// The line of `key = …` inside an inline table of `[section]` (`{ id = …, versions = … }`).
    private func inlineLine(section: String?, key: String) -> Int? {
        var inSection = section == nil
        for (index, raw) in lines.enumerated() {
            let line = raw.drop(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("[") && !line.contains("=") {
                inSection =
                    line.dropFirst().prefix(while: { $0 != "]" }).trimmingCharacters(in: .whitespaces) == section
                continue
            }
            guard inSection else { continue }
            var search = raw[...]
            while let range = search.range(of: key) {
                let before = range.lowerBound == raw.startIndex ? " " : raw[raw.index(before: range.lowerBound)]
                let after = raw[range.upperBound...].drop(while: { $0 == " " })
                if (before == " " || before == "{" || before == ",") && after.hasPrefix("=") { return index + 1 }
                search = raw[range.upperBound...]
            }
        }
        return nil
    }

    /// The line where a quoted value first appears inside `[section]`.
    func line(of value: String, section: String) -> Int? {
        var inSection = false
        for (index, raw) in lines.enumerated() {
            let line = raw.drop(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("[") && !line.hasPrefix("[ ") && !line.contains("=") {
                inSection = line.dropFirst().prefix(while: { $0 != "]" }) == section
                continue
            }
            if inSection && raw.contains("\"\(value)\"") { return index + 1 }
        }
        return nil
    }

    private func name(_ section: String?, _ key: String?, _ leaf: String) -> String {
        [section, key, leaf].compactMap { $0 }.joined(separator: ".")
    }

    private func wrongType(_ section: String?, _ key: String?, _ leaf: String, _ expected: String) -> AuditError {
        let line = self.line(section: section, key: key.map { String($0.prefix(while: { $0 != "[" })) } ?? leaf)
        return AuditError(.malformedPolicy, "\(source):\(line): \(name(section, key, leaf)) must be \(expected)")
    }

    func onlyKeys(_ table: TOMLTable, _ allowed: Set<String>, section: String?, key: String? = nil) throws(AuditError) {
        for present in table.keys where !allowed.contains(present) {
            let line =
                section == nil ? self.line(section: nil, key: present) : self.line(section: section, key: present)
            throw AuditError(
                .malformedPolicy,
                "\(source):\(line): unknown key '\(name(section, key, present))' (allowed: \(allowed.sorted().joined(separator: ", ")))"
            )
        }
    }

    func table(_ table: TOMLTable, _ leaf: String, section: String?) throws(AuditError) -> TOMLTable? {
        guard let value = table[leaf] else { return nil }
        guard let result = value.table else { throw wrongType(section, nil, leaf, "a table") }
        return result
    }

    func string(_ table: TOMLTable, _ leaf: String, section: String?, key: String? = nil) throws(AuditError) -> String?
    {
        guard let value = table[leaf] else { return nil }
        guard let result = value.string else { throw wrongType(section, key, leaf, "a string") }
        return result
    }

    func strings(
        _ table: TOMLTable,
        _ leaf: String,
        section: String?,
        key: String? = nil
    ) throws(AuditError)
        -> [String]?
    {
        try array(table, leaf, section: section, key: key, of: "an array of strings") { $0.string }
    }

    func tables(_ table: TOMLTable, _ leaf: String, section: String?) throws(AuditError) -> [TOMLTable] {
        try array(table, leaf, section: section, key: nil, of: "an array of tables") { $0.table } ?? []
    }

    /// The array at `leaf` with every element converted by `element`, or nil when the key is absent.
    /// - Throws: ``AuditError`` naming the key and `kind` when the value is not an array or an element does
    ///   not convert.
    private func array<Element>(
        _ table: TOMLTable,
        _ leaf: String,
        section: String?,
        key: String?,
        of kind: String,
        _ element: (any TOMLValueConvertible) -> Element?
    ) throws(AuditError) -> [Element]? {
        guard let value = table[leaf] else { return nil }
        guard let array = value.array else { throw wrongType(section, key, leaf, kind) }
        var result: [Element] = []
        for item in array {
            guard let converted = element(item) else { throw wrongType(section, key, leaf, kind) }
            result.append(converted)
        }
        return result
    }

    func action(_ table: TOMLTable, _ leaf: String, section: String) throws(AuditError) -> AuditPolicy.Action? {
        guard let text = try string(table, leaf, section: section) else { return nil }
        guard let action = AuditPolicy.Action(rawValue: text) else {
            throw error(section, leaf, "must be \"deny\", \"warn\" or \"allow\", not \"\(text)\"")
        }
        return action
    }

    /// A day given as a TOML local date (`2027-01-31`) or a string `"2027-01-31"`: the end of that day, UTC.
    func day(_ table: TOMLTable, _ leaf: String, section: String, key: String) throws(AuditError) -> (Date, String)? {
        guard let value = table[leaf] else { return nil }
        var text: String?
        if let date = value.date {
            text = String(format: "%04d-%02d-%02d", date.year, date.month, date.day)
        } else if let string = value.string {
            text = string
        }
        guard let text, let start = RFC3339.day(text) else {
            throw wrongType(section, key, leaf, "a date YYYY-MM-DD")
        }
        return (start.addingTimeInterval(86_400 - 1), text)
    }
}
