/// Reads installed Debian packages from the dpkg database (`/var/lib/dpkg/status`), keyed for matching by
/// their SOURCE package and source version, as Debian advisories are.
public enum DpkgStatus {
    /// The default location of the dpkg database.
    public static let defaultPath = "/var/lib/dpkg/status"

    /// Parses a status file's text into installed packages (state `install ok installed` only).
    ///
    /// `Source: name (version)` gives the source version of a binNMU; without it the binary version is the
    /// source version. `only`, when given, keeps just those binary packages.
    public static func parse(
        _ text: String,
        source: String,
        release: Ecosystem = .debian12,
        only: Set<String>? = nil
    ) throws(AuditError) -> [AuditedPackage] {
        var packages: [AuditedPackage] = []
        var fields: [String: String] = [:]
        var firstLine = 1
        var lineNumber = 0
        var lastKey: String?

        func flush() throws(AuditError) {
            defer {
                fields = [:]
                lastKey = nil
            }
            guard !fields.isEmpty else { return }
            guard let binary = fields["Package"] else {
                throw AuditError(.malformedInput, "\(source):\(firstLine): a paragraph without a Package field")
            }
            guard fields["Status"]?.hasSuffix(" installed") == true, let version = fields["Version"] else { return }
            if let only, !only.contains(binary) { return }
            var sourceName = binary
            var sourceVersion = version
            if let field = fields["Source"] {
                let parts = field.split(separator: " ", maxSplits: 1)
                sourceName = String(parts[0])
                if parts.count == 2 {
                    sourceVersion = String(parts[1]).trimmingCharacters(in: ["(", ")", " "])
                }
            }
            packages.append(
                AuditedPackage(
                    ecosystem: release,
                    name: sourceName,
                    displayName: binary,
                    version: sourceVersion,
                    declaration: .init(file: source, line: firstLine)
                )
            )
        }

        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty {
                try flush()
                firstLine = lineNumber + 1
                continue
            }
            if line.first == " " || line.first == "\t" {
                guard lastKey != nil else {
                    throw AuditError(.malformedInput, "\(source):\(lineNumber): continuation line before any field")
                }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw AuditError(.malformedInput, "\(source):\(lineNumber): expected 'Field: value'")
            }
            let key = String(line[..<colon])
            let value = line[line.index(after: colon)...].drop(while: { $0 == " " })
            fields[key] = String(value)
            lastKey = key
        }
        try flush()
        return packages
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
