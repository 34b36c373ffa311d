/// Decides whether a version is affected by an `affected[]` entry, following the OSV schema's "Evaluation"
/// pseudo-code: listed `versions`, then each range's events sorted by version, `introduced` opening,
/// `fixed` (exclusive) and `last_affected` (inclusive) closing, `limit` bounding.
public struct RangeEvaluator: Sendable {
    /// The verdict for one version.
    public enum Verdict: Hashable, Sendable {
        /// The version is in a range or in the versions list.
        case affected
        /// The version is outside every range and list.
        case unaffected
        /// Some range could not be evaluated by version (a `GIT` range, or an event version that does not
        /// parse); the reason says which. Unaffected by the ranges that could be evaluated.
        case undecidable(String)
    }

    /// The ordering of the ecosystem.
    public let scheme: VersionScheme

    /// Creates an evaluator for a version ordering.
    public init(scheme: VersionScheme) {
        self.scheme = scheme
    }

    /// Evaluates `version` against one affected entry.
    public func evaluate(_ version: String, _ affected: OSVAffected) -> Verdict {
        for listed in affected.versions where equal(version, listed) { return .affected }
        var problem: String?
        for range in affected.ranges {
            switch range.kind {
            case .git:
                problem = problem ?? "a GIT range needs the commit graph"
                continue
            case .other(let name):
                problem = problem ?? "range type '\(name)' is not defined by OSV"
                continue
            case .semver, .ecosystem:
                break
            }
            let effective = range.kind == .semver ? VersionScheme.semver : scheme
            switch Self.inRange(version, range.events, scheme: effective) {
            case .some(true): return .affected
            case .some(false): continue
            case .none: problem = problem ?? "a version in \(range.events.map(\.version)) does not parse"
            }
        }
        return problem.map { .undecidable($0) } ?? .unaffected
    }

    private func equal(_ lhs: String, _ rhs: String) -> Bool {
        if lhs == rhs { return true }
        return scheme.compare(lhs, rhs) == 0
    }

    /// One range; `nil` when a version does not parse.
    static func inRange(_ version: String, _ events: [OSVRange.Event], scheme: VersionScheme) -> Bool? {
        // "0" introduces from the beginning; "*" limits nothing.
        func compare(_ v: String, _ event: String) -> Int? {
            if event == "0" { return v == "0" ? 0 : 1 }
            return scheme.compare(v, event)
        }
        guard scheme.compare(version, version) != nil else { return nil }
        let limits = events.compactMap { event -> String? in
            if case .limit(let v) = event { return v }
            return nil
        }
        if !limits.isEmpty {
            var below = false
            for limit in limits {
                if limit == "*" {
                    below = true
                    continue
                }
                guard let order = compare(version, limit) else { return nil }
                if order < 0 { below = true }
            }
            if !below { return false }
        }
        // Sort the non-limit events by version; "0" first.
        var ordered: [OSVRange.Event] = []
        for event in events {
            if case .limit = event { continue }
            if event.version != "0", scheme.compare(event.version, event.version) == nil { return nil }
            ordered.append(event)
        }
        ordered.sort { a, b in
            if a.version == "0" { return b.version != "0" }
            if b.version == "0" { return false }
            return (scheme.compare(a.version, b.version) ?? 0) < 0
        }
        var vulnerable = false
        for event in ordered {
            switch event {
            case .introduced(let v):
                if let order = compare(version, v), order >= 0 { vulnerable = true }
            case .fixed(let v):
                if let order = compare(version, v), order >= 0 { vulnerable = false }
            case .lastAffected(let v):
                if let order = compare(version, v), order > 0 { vulnerable = false }
            case .limit:
                break
            }
        }
        return vulnerable
    }
}
