/// One paragraph of a Debian control file: its fields (the first line of each value) and the line it starts on.
public struct ControlParagraph: Sendable, Hashable {
    /// Field values by name, as written (`Package`, `Version`, …); a multi-line value keeps its first line.
    public var fields: [String: String]
    /// The 1-based line of the paragraph's first field.
    public var line: Int

    /// The value of a field.
    public subscript(_ name: String) -> String? { fields[name] }
}

/// Reads Debian control files (deb822: paragraphs of `Field: value` lines separated by blank lines) at the byte
/// level, as the dpkg database (`/var/lib/dpkg/status`), apt's `Packages` lists and `Release` files are written.
///
/// Continuation lines (starting with a space or tab) are accepted and skipped: Bot4 reads only single-line
/// fields. A line that is neither a field, a continuation nor blank is an error naming the file and the line.
public enum ControlFile {
    /// Parses `bytes` into paragraphs; `keep`, when given, limits the stored fields to those names (faster on
    /// large lists). `source` names the file in errors, and `firstLine` is the line `bytes` start on in it.
    public static func paragraphs(
        _ bytes: [UInt8],
        source: String,
        keep: Set<String>? = nil,
        firstLine: Int = 1
    ) throws(AuditError) -> [ControlParagraph] {
        var result: [ControlParagraph] = []
        var current = ControlParagraph(fields: [:], line: 0)
        var started = false
        var lineNumber = firstLine - 1
        var start = 0
        let count = bytes.count
        while start < count {
            lineNumber += 1
            var end = start
            while end < count && bytes[end] != 0x0A { end += 1 }
            var last = end
            if last > start && bytes[last - 1] == 0x0D { last -= 1 }
            defer { start = end + 1 }
            if last == start {
                if started { result.append(current) }
                current = ControlParagraph(fields: [:], line: 0)
                started = false
                continue
            }
            let first = bytes[start]
            if first == 0x20 || first == 0x09 {
                guard started else {
                    throw AuditError(.malformedInput, "\(source):\(lineNumber): continuation line before any field")
                }
                continue
            }
            guard let colon = bytes[start..<last].firstIndex(of: 0x3A), colon > start else {
                throw AuditError(.malformedInput, "\(source):\(lineNumber): expected 'Field: value'")
            }
            if !started {
                started = true
                current.line = lineNumber
            }
            let name = String(decoding: bytes[start..<colon], as: UTF8.self)
            if let keep, !keep.contains(name) { continue }
            var valueStart = colon + 1
            while valueStart < last && (bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09) { valueStart += 1 }
            var valueEnd = last
            while valueEnd > valueStart && (bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09) {
                valueEnd -= 1
            }
            current.fields[name] = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
        }
        if started { result.append(current) }
        return result
    }
}
