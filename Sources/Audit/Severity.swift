/// Severity levels, ordered, with the CVSS v3/v4 qualitative rating scale (0.1–3.9 low, 4.0–6.9 medium,
/// 7.0–8.9 high, 9.0–10.0 critical).
public enum SeverityLevel: Int, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    /// Score 0.0.
    case none = 0
    /// 0.1–3.9, GHSA `LOW`, Debian `low`/`unimportant`.
    case low
    /// 4.0–6.9, GHSA `MODERATE`, Debian `medium`.
    case medium
    /// 7.0–8.9, GHSA `HIGH`, Debian `high`.
    case high
    /// 9.0–10.0, GHSA `CRITICAL`.
    case critical

    /// The rating of a CVSS base score.
    public init(score: Double) {
        switch score {
        case ..<0.1: self = .none
        case ..<4.0: self = .low
        case ..<7.0: self = .medium
        case ..<9.0: self = .high
        default: self = .critical
        }
    }

    /// Parses a label: a policy word, a GHSA `database_specific.severity`, or a Debian tracker urgency.
    public init?(label: String) {
        switch label.lowercased() {
        case "none": self = .none
        case "low", "unimportant", "negligible": self = .low
        case "medium", "moderate": self = .medium
        case "high", "important": self = .high
        case "critical": self = .critical
        default: return nil
        }
    }

    /// Ordered by level.
    public static func < (lhs: SeverityLevel, rhs: SeverityLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Lowercase name.
    public var description: String {
        switch self {
        case .none: "none"
        case .low: "low"
        case .medium: "medium"
        case .high: "high"
        case .critical: "critical"
        }
    }
}

/// How severe one advisory is for one package, and what that was based on.
public struct AdvisorySeverity: Hashable, Sendable {
    /// The computed CVSS base score, when a v3 or v4 vector was usable.
    public var score: Double?
    /// The vector the score came from.
    public var vector: String?
    /// The level: from the score, else from the record's label or urgency; `nil` when unscored.
    public var level: SeverityLevel?
    /// What the level is based on (`CVSS:3.1`, `CVSS:4.0`, `label MODERATE`, `urgency low`, `unscored`).
    public var basis: String

    /// Creates a value.
    public init(score: Double? = nil, vector: String? = nil, level: SeverityLevel?, basis: String) {
        self.score = score
        self.vector = vector
        self.level = level
        self.basis = basis
    }

    /// The severity of `record` for its affected entry `affected`: the highest CVSS v3.x/v4.0 base score of
    /// the entry's severities (or the record's when the entry has none), else the record's label, else the
    /// entry's Debian urgency, else unscored.
    public static func assess(_ record: OSVRecord, _ affected: OSVAffected?) -> AdvisorySeverity {
        let entries = (affected?.severity.isEmpty == false) ? affected!.severity : record.severity
        var best: AdvisorySeverity?
        for entry in entries {
            var score: Double?
            switch entry.type {
            case "CVSS_V3": score = CVSS3(entry.score)?.baseScore
            case "CVSS_V4": score = CVSS4(entry.score)?.baseScore
            default: score = nil
            }
            guard let score else { continue }
            if best?.score.map({ score > $0 }) ?? true {
                let basis = String(entry.score.prefix(while: { $0 != "/" }))
                best = AdvisorySeverity(
                    score: score,
                    vector: entry.score,
                    level: SeverityLevel(score: score),
                    basis: basis
                )
            }
        }
        if let best { return best }
        if let label = record.severityLabel, let level = SeverityLevel(label: label) {
            return AdvisorySeverity(level: level, basis: "label \(label)")
        }
        if let urgency = affected?.urgency, let level = SeverityLevel(label: urgency) {
            return AdvisorySeverity(level: level, basis: "urgency \(urgency)")
        }
        return AdvisorySeverity(level: nil, basis: "unscored")
    }

    /// The more severe of two assessments (scores first, then levels).
    static func max(_ a: AdvisorySeverity, _ b: AdvisorySeverity) -> AdvisorySeverity {
        switch (a.level, b.level) {
        case (nil, _): return b
        case (_, nil): return a
        case let (l?, r?):
            if l != r { return l > r ? a : b }
            return (b.score ?? -1) > (a.score ?? -1) ? b : a
        }
    }
}
