import SBOM

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
        for paragraph in try paragraphs(Array(text.utf8), source: source) {
            guard let binary = paragraph["Package"] else {
                throw AuditError(.malformedInput, "\(source):\(paragraph.line): a paragraph without a Package field")
            }
            guard paragraph["Status"]?.hasSuffix(" installed") == true, let version = paragraph["Version"] else {
                continue
            }
            if let only, !only.contains(binary) { continue }
            let (sourceName, sourceVersion) = paragraph.sourcePackage(binary: (binary, version))
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

    /// The deb822 paragraphs of a dpkg or apt file (SBOM's one reader), a syntax error as
    /// ``AuditError/Code/malformedInput`` naming the file and line.
    static func paragraphs(
        _ bytes: some Collection<UInt8>,
        source: String,
        keep: Set<String>? = nil,
        firstLine: Int = 1
    ) throws(AuditError) -> [Deb822Paragraph] {
        do {
            return try Deb822.paragraphs(bytes, keep: keep, firstLine: firstLine)
        } catch {
            throw AuditError(.malformedInput, "\(source):\(error.line): \(error.reason)")
        }
    }
}
