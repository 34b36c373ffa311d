/// The Debian release a package was installed from, as OSV's `Debian:<major>` names it, read from the
/// spellings SBOM tools write: `debian-12` (the SBOM–audit contract, Syft), a point release `debian-12.5`
/// (Trivy), a codename `bookworm` or `debian-bookworm`, or an operating-system component `debian` `12.5`.
/// A spelling it does not know gives `nil`: the release is then unknown and the package is not audited.
public enum DebianRelease {
    /// Codenames of the releases OSV's Debian ecosystem has records for, and the next ones.
    static let codenames: [String: String] = [
        "wheezy": "7", "jessie": "8", "stretch": "9", "buster": "10", "bullseye": "11", "bookworm": "12",
        "trixie": "13", "forky": "14",
    ]

    /// The major release of a `distro` qualifier or an operating-system version: `12` for `debian-12`,
    /// `debian-12.5`, `12.5`, `bookworm` or `debian-bookworm`; `nil` otherwise.
    public static func major(_ text: String) -> String? {
        var rest = Substring(text.lowercased())
        if rest.hasPrefix("debian-") { rest = rest.dropFirst("debian-".count) }
        if let number = codenames[String(rest)] { return number }
        let major = rest.prefix { $0.isASCII && $0.isNumber }
        guard !major.isEmpty, major.count <= 3 else { return nil }
        let tail = rest.dropFirst(major.count)
        guard
            tail.isEmpty
                || (tail.first == "." && tail.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
                    && tail.count > 1)
        else { return nil }
        return String(major)
    }
}
