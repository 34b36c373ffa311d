/// A Debian machine-readable copyright file (`/usr/share/doc/<package>/copyright` in the DEP-5 format,
/// https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/), and the package's licence derived
/// from it conservatively.
///
/// The file is a sequence of paragraphs separated by blank lines; a paragraph is a set of `Field: value`
/// lines, where a line starting with a space or tab continues the field above and a continuation line of a
/// single `.` is an empty line. The first paragraph is the header (`Format` is required); a paragraph with a
/// `Files` field is a Files paragraph (its `License` is required); any other paragraph with a `License` field
/// is a stand-alone licence paragraph.
///
/// The licence of the package (``spdxExpression``) is the conjunction (`AND`) of the distinct licences of
/// all Files paragraphs, each Debian short name mapped to its SPDX id (``spdxIdentifier(debianName:)``).
/// It is nil, which the writers show as NOASSERTION, whenever a name has no exact SPDX counterpart
/// (`public-domain`, an unversioned `GPL` or `Artistic`, a `Custom-…` licence), an exception is attached with
/// `with`, or `and` and `or` are mixed without the comma the format uses to group them: never a guess. All
/// Files paragraphs count, `debian/*` included, because the file does not say which of them ship in the
/// binary package.
public struct DebianCopyright: Hashable, Sendable {
    /// One `Files` paragraph.
    public struct FilesParagraph: Hashable, Sendable {
        /// The whitespace-separated patterns of the `Files` field.
        public var patterns: [String]
        /// The first line of the `License` field: the licence short name or an expression of them.
        public var license: String
        /// The line number (1-based) where the paragraph starts.
        public var line: Int
    }

    /// The `Format` field of the header.
    public var format: String
    /// The Files paragraphs, in order.
    public var files: [FilesParagraph]
    /// The short names of the stand-alone License paragraphs, in order.
    public var standaloneLicenses: [String]

    /// Parses a copyright file. Returns nil when it is not machine-readable: its first paragraph has no
    /// `Format` field, or the format is not copyright-format 1.0 (an early DEP-5 draft, for instance).
    /// - Throws: ``SBOMError/Code/malformedCopyright`` naming the file and line, when a file that declares
    ///   the 1.0 format breaks its syntax (a line that is neither a field nor a continuation, a repeated field,
    ///   a Files paragraph without `License`).
    public static func parse(_ bytes: [UInt8], file: String) throws(SBOMError) -> DebianCopyright? {
        guard let paragraphs = try Self.paragraphs(bytes, file: file), let header = paragraphs.first,
            let format = header["format"],
            format.contains("/copyright-format/1.0")
        else { return nil }
        var copyright = DebianCopyright(format: format, files: [], standaloneLicenses: [])
        for paragraph in paragraphs.dropFirst() {
            if let files = paragraph["files"] {
                guard let license = paragraph["license"] else {
                    throw SBOMError(
                        .malformedCopyright,
                        "\(file): line \(paragraph.line): a Files paragraph without a License field"
                    )
                }
                copyright.files.append(
                    FilesParagraph(
                        patterns: files.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
                            .map(String.init),
                        license: Self.synopsis(license),
                        line: paragraph.line
                    )
                )
            } else if let license = paragraph["license"] {
                copyright.standaloneLicenses.append(Self.synopsis(license))
            }
        }
        return copyright
    }

    /// The package's licence as an SPDX expression, or nil (NOASSERTION): nil when there are no Files
    /// paragraphs or when any of their licences does not map exactly (see the type's notes).
    public var spdxExpression: String? {
        guard !files.isEmpty else { return nil }
        var terms = Set<String>()
        for paragraph in files {
            guard let expression = Self.spdxExpression(debian: paragraph.license) else { return nil }
            if expression.contains(" OR ") {
                terms.insert("(\(expression))")
            } else {
                for term in expression.split(separator: " AND ") { terms.insert(String(term)) }
            }
        }
        return terms.sorted().joined(separator: " AND ")
    }

    /// The licence names of the Files paragraphs that have no exact SPDX counterpart, sorted and distinct.
    public var unmappedLicenses: [String] {
        Set(files.filter { Self.spdxExpression(debian: $0.license) == nil }.map(\.license)).sorted()
    }

    /// An SPDX expression for a DEP-5 licence synopsis (`GPL-2+ or Artistic-2.0, and BSD-3-clause`), or nil
    /// when a name does not map, an exception is attached (`with`), or `and` and `or` are mixed within one
    /// comma-separated group.
    public static func spdxExpression(debian synopsis: String) -> String? {
        var result: String?
        for (index, group) in synopsis.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            var words = group.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            var joiner: String?
            if index > 0 {
                guard let first = words.first?.lowercased(), first == "and" || first == "or" else { return nil }
                joiner = first.uppercased()
                words.removeFirst()
            }
            guard let expression = groupExpression(words) else { return nil }
            if let previous = result, let joiner {
                result = "\(parenthesised(previous)) \(joiner) \(parenthesised(expression))"
            } else {
                result = expression
            }
        }
        return result
    }

    /// The SPDX id of one Debian licence short name, or nil when there is no exact counterpart. Matching is
    /// case-insensitive (`BSD-3-clause` and `BSD-3-Clause` both occur). `GPL`, `LGPL` and `AGPL` take a
    /// version and an optional `+` (`GPL-2+` → `GPL-2.0-or-later`, `LGPL-2.1` → `LGPL-2.1-only`); `Expat` is
    /// `MIT`; `CC0` is `CC0-1.0` (the only version there is). Unversioned family names (`GPL`, `BSD`,
    /// `Artistic`, `Apache`, `MPL`) and `public-domain` give nil.
    public static func spdxIdentifier(debianName name: String) -> String? {
        let lower = name.lowercased()
        if let id = plainNames[lower] { return id }
        for family in ["agpl", "lgpl", "gpl"] where lower.hasPrefix(family + "-") {
            var version = lower.dropFirst(family.count + 1)
            let orLater = version.hasSuffix("+")
            if orLater { version = version.dropLast() }
            if version.hasSuffix(".0") { version = version.dropLast(2) }
            let versions: [Substring: String] =
                switch family {
                case "gpl": ["1": "1.0", "2": "2.0", "3": "3.0"]
                case "lgpl": ["2": "2.0", "2.1": "2.1", "3": "3.0"]
                default: ["3": "3.0"]
                }
            guard let spdxVersion = versions[version] else { return nil }
            return "\(family.uppercased())-\(spdxVersion)-\(orLater ? "or-later" : "only")"
        }
        return nil
    }

    /// Debian short names (lower-cased) with an exact SPDX id.
    private static let plainNames: [String: String] = [
        "apache-1.0": "Apache-1.0", "apache-1.1": "Apache-1.1", "apache-2.0": "Apache-2.0",
        "artistic-2.0": "Artistic-2.0", "bsd-2-clause": "BSD-2-Clause", "bsd-3-clause": "BSD-3-Clause",
        "bsd-4-clause": "BSD-4-Clause", "bsl-1.0": "BSL-1.0", "cc0": "CC0-1.0", "cc0-1.0": "CC0-1.0",
        "cddl-1.0": "CDDL-1.0", "curl": "curl", "epl-1.0": "EPL-1.0", "epl-2.0": "EPL-2.0", "expat": "MIT",
        "isc": "ISC", "mit": "MIT", "mpl-1.1": "MPL-1.1", "mpl-2.0": "MPL-2.0", "openssl": "OpenSSL",
        "postgresql": "PostgreSQL", "x11": "X11", "zlib": "Zlib",
    ]

    /// One comma-free group: names joined by a single kind of operator.
    private static func groupExpression(_ words: [String]) -> String? {
        guard words.count % 2 == 1 else { return nil }
        var ids: [String] = []
        var operators = Set<String>()
        for (index, word) in words.enumerated() {
            if index % 2 == 1 {
                let op = word.lowercased()
                guard op == "and" || op == "or" else { return nil }  // `with` (an exception) or stray words
                operators.insert(op.uppercased())
            } else {
                guard let id = spdxIdentifier(debianName: word) else { return nil }
                ids.append(id)
            }
        }
        guard operators.count <= 1 else { return nil }  // `a or b and c` is ambiguous without a comma
        return ids.joined(separator: " \(operators.first ?? "AND") ")
    }

    private static func parenthesised(_ expression: String) -> String {
        expression.contains(" ") ? "(\(expression))" : expression
    }

    /// The first line of a field value, trimmed.
    private static func synopsis(_ value: String) -> String {
        String(value.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// The file's deb822 paragraphs, or nil for a free-text file: a syntax error before the header has
    /// declared a `Format` is a file that never meant to be machine-readable, not a malformed one.
    private static func paragraphs(_ bytes: [UInt8], file: String) throws(SBOMError) -> [Deb822Paragraph]? {
        do {
            return try Deb822.paragraphs(bytes)
        } catch {
            var end = 0
            var newlines = 0
            while end < bytes.count && newlines < error.line - 1 {
                if bytes[end] == 0x0A { newlines += 1 }
                end += 1
            }
            guard (try? Deb822.paragraphs(bytes[..<end]))?.first?["format"] != nil else { return nil }
            throw SBOMError(.malformedCopyright, "\(file): \(error)")
        }
    }
}
