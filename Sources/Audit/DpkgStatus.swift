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
        for paragraph in try ControlFile.paragraphs(Array(text.utf8), source: source) {
            guard let binary = paragraph["Package"] else {
                throw AuditError(.malformedInput, "\(source):\(paragraph.line): a paragraph without a Package field")
            }
            guard paragraph["Status"]?.hasSuffix(" installed") == true, let version = paragraph["Version"] else {
                continue
            }
            if let only, !only.contains(binary) { continue }
            var sourceName = binary
            var sourceVersion = version
            if let field = paragraph["Source"] {
                let parts = field.split(separator: " ", maxSplits: 1)
                if let name = parts.first { sourceName = String(name) }
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
                    binaryVersion: version,
                    architecture: paragraph["Architecture"],
                    declaration: .init(file: source, line: paragraph.line)
                )
            )
        }
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
