/// An OSV ecosystem string, normalised: `SwiftURL` (and GHSA's older `purl-type:swift`), `Debian[:release]`,
/// or any other ecosystem kept by name so that it can be reported rather than dropped silently.
public struct Ecosystem: Hashable, Sendable, CustomStringConvertible {
    /// The family an ecosystem belongs to.
    public enum Family: Hashable, Sendable {
        /// SwiftPM packages named by Git URL, versions are SemVer tags.
        case swiftURL
        /// Debian source packages, versions ordered by dpkg.
        case debian
        /// An ecosystem Bot4 does not match against (kept by its name).
        case other(String)
    }

    /// The family.
    public let family: Family
    /// The release suffix (`12` in `Debian:12`), if any.
    public let release: String?

    /// Creates an ecosystem value.
    public init(family: Family, release: String? = nil) {
        self.family = family
        self.release = release
    }

    /// `SwiftURL`.
    public static let swiftURL = Ecosystem(family: .swiftURL)
    /// `Debian:12` (bookworm).
    public static let debian12 = Ecosystem(family: .debian, release: "12")

    /// Parses an OSV `affected[].package.ecosystem` string.
    public init(osv text: String) {
        if text == "SwiftURL" || text == "purl-type:swift" {
            self.init(family: .swiftURL)
            return
        }
        let parts = text.split(separator: ":", maxSplits: 1)
        if parts.first == "Debian" {
            self.init(family: .debian, release: parts.count == 2 ? String(parts[1]) : nil)
            return
        }
        self.init(family: .other(text))
    }

    /// The name of an ecosystem of a family Bot4 does not match against; nil for a family it matches.
    var unmatchedName: String? {
        if case .other(let name) = family { name } else { nil }
    }

    /// The OSV spelling.
    public var description: String {
        switch family {
        case .swiftURL: "SwiftURL"
        case .debian: release.map { "Debian:\($0)" } ?? "Debian"
        case .other(let name): name
        }
    }

    /// Whether an advisory for `self` applies to a package installed in `installed`: the families must be
    /// equal, and a release, when the advisory names one, must be the installed release.
    public func covers(_ installed: Ecosystem) -> Bool {
        guard family == installed.family else { return false }
        guard let release else { return true }
        return release == installed.release
    }
}
