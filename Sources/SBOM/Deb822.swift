/// One paragraph of a deb822 file: its fields and the line it starts on.
public struct Deb822Paragraph: Sendable, Hashable {
    /// Field values by lower-cased name. A value is its first line, then each continuation line on a line of
    /// its own (leading and trailing blanks removed; a continuation line of a single `.` is an empty line).
    public var fields: [String: String]
    /// The 1-based line of the paragraph's first field.
    public var line: Int

    /// The value of a field; names are compared without regard to case, as deb822 says.
    public subscript(_ name: String) -> String? { fields[name.lowercased()] }
}

/// The one reader of Debian's deb822 format (deb822(5)): paragraphs of `Field: value` lines separated by
/// blank lines (or lines of blanks only), a line starting with a space or tab continuing the field above, and
/// lines starting with `#` being comments. It reads bytes, as the dpkg database (`/var/lib/dpkg/status`),
/// apt's `Packages` lists and `Release` files and machine-readable copyright files are written; a CR before
/// each LF is dropped.
///
/// A line that is neither a field, a continuation, a comment nor blank, a continuation line outside a field
/// and a field repeated within a paragraph are errors naming the line.
public enum Deb822 {
    /// Parses `bytes` into paragraphs.
    /// - Parameters:
    ///   - keep: when given, the only fields stored (lower-cased names): faster on large `Packages` lists.
    ///   - firstLine: the line `bytes` start on in the file, for line numbers.
    /// - Throws: ``Deb822Error`` naming the line.
    public static func paragraphs(
        _ bytes: some Collection<UInt8>,
        keep: Set<String>? = nil,
        firstLine: Int = 1
    ) throws(Deb822Error) -> [Deb822Paragraph] {
        let bytes = Array(bytes)
        var result: [Deb822Paragraph] = []
        var current: Deb822Paragraph?
        var field: String?  // the field continuation lines extend; nil when not stored
        var lineNumber = firstLine - 1
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var last = end
            if last > start && bytes[last - 1] == 0x0D { last -= 1 }
            defer { start = end + 1 }
            let line = bytes[start..<last]
            if line.allSatisfy(isBlank) {
                if let paragraph = current { result.append(paragraph) }
                current = nil
                field = nil
                continue
            }
            if line.first == 0x23 { continue }  // `#`: a comment line
            if isBlank(line.first!) {
                guard current != nil else { throw Deb822Error(.continuationOutsideField, line: lineNumber) }
                if let name = field {
                    let content = trimmed(line)
                    current?.fields[name, default: ""] += "\n" + (content == "." ? "" : content)
                }
                continue
            }
            guard let colon = line.firstIndex(of: 0x3A), colon > start,
                !line[..<colon].contains(where: isBlank)
            else { throw Deb822Error(.notAField, line: lineNumber) }
            let written = String(decoding: line[..<colon], as: UTF8.self)
            let name = written.lowercased()
            if current == nil { current = Deb822Paragraph(fields: [:], line: lineNumber) }
            if let keep, !keep.contains(name) {
                field = nil
                continue
            }
            guard current?.fields[name] == nil else {
                throw Deb822Error(.repeatedField, line: lineNumber, field: written)
            }
            current?.fields[name] = trimmed(line[(colon + 1)...])
            field = name
        }
        if let paragraph = current { result.append(paragraph) }
        return result
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        guard let first = bytes.firstIndex(where: { !isBlank($0) }),
            let last = bytes.lastIndex(where: { !isBlank($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
