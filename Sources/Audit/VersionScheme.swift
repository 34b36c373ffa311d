/// How versions of one ecosystem are ordered: SemVer 2.0.0 for SwiftURL (and `SEMVER` ranges), dpkg for
/// Debian.
public enum VersionScheme: Sendable, Hashable {
    /// SemVer 2.0.0 precedence, with SwiftPM's lenient tag parsing.
    case semver
    /// dpkg ordering (Debian Policy §5.6.12).
    case dpkg

    /// The scheme an ecosystem's `ECOSYSTEM` ranges use, or `nil` when Bot4 cannot order its versions.
    public init?(ecosystem: Ecosystem) {
        switch ecosystem.family {
        case .swiftURL: self = .semver
        case .debian: self = .dpkg
        case .other: return nil
        }
    }

    /// Three-way comparison; `nil` when either side does not parse under this scheme.
    public func compare(_ lhs: String, _ rhs: String) -> Int? {
        switch self {
        case .semver:
            guard let l = SemanticVersion(lhs), let r = SemanticVersion(rhs) else { return nil }
            return l < r ? -1 : (l == r ? 0 : 1)
        case .dpkg:
            guard let l = DebianVersion(lhs), let r = DebianVersion(rhs) else { return nil }
            return DebianVersion.compare(l, r)
        }
    }
}
