/// A version requirement for bans: comma-separated comparisons that must all hold, such as `<1.2.0` or
/// `>=1.0.0, <1.2.0`; `*` matches every version. Compared with the package's ecosystem ordering.
public struct VersionRequirement: Sendable, Hashable, CustomStringConvertible {
    /// One comparison.
    public struct Comparison: Sendable, Hashable {
        /// `<`, `<=`, `>`, `>=` or `=`.
        public var op: String
        /// The version compared with.
        public var version: String
    }

    /// The comparisons (all must hold).
    public let comparisons: [Comparison]
    /// The text as written.
    public let description: String

    /// Parses a requirement; `nil` when a part is not `OP VERSION`.
    public init?(_ text: String) {
        var comparisons: [Comparison] = []
        for part in text.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed == "*" { continue }
            let op = ["<=", ">=", "<", ">", "="].first(where: { trimmed.hasPrefix($0) })
            guard let op else { return nil }
            let version = trimmed.dropFirst(op.count).trimmingCharacters(in: .whitespaces)
            guard !version.isEmpty else { return nil }
            comparisons.append(Comparison(op: op, version: version))
        }
        self.comparisons = comparisons
        self.description = text
    }

    /// Whether `version` satisfies every comparison; `nil` when a version does not parse under `scheme`.
    public func matches(_ version: String, scheme: VersionScheme) -> Bool? {
        for comparison in comparisons {
            guard let order = scheme.compare(version, comparison.version) else { return nil }
            let holds: Bool =
                switch comparison.op {
                case "<": order < 0
                case "<=": order <= 0
                case ">": order > 0
                case ">=": order >= 0
                default: order == 0
                }
            if !holds { return false }
        }
        return true
    }
}
