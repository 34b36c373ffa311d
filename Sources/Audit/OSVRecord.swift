import Foundation

/// One OSV record (schema 1.0–1.7), reduced to what auditing needs; unknown fields are ignored.
public struct OSVRecord: Sendable, Hashable {
    /// The record's identifier (`GHSA-…`, `DSA-…`, `DEBIAN-CVE-…`).
    public var id: String
    /// `modified`, as written (RFC 3339).
    public var modified: String
    /// `published`, as written.
    public var published: String?
    /// `withdrawn`, as written: a withdrawn record never matches.
    public var withdrawn: String?
    /// IDs of the same vulnerability in other databases (symmetric, transitive).
    public var aliases: [String]
    /// Upstream IDs (OSV 1.7 `upstream`), which Debian records use for the CVE.
    public var upstream: [String]
    /// One-line summary.
    public var summary: String?
    /// Top-level severities (`CVSS_V3`, `CVSS_V4`, …).
    public var severity: [OSVSeverity]
    /// `database_specific.severity` (GHSA's `LOW`/`MODERATE`/`HIGH`/`CRITICAL`), the fallback label.
    public var severityLabel: String?
    /// The affected packages.
    public var affected: [OSVAffected]
    /// The file (and zip entry) the record came from.
    public var source: String

    /// Creates a record.
    public init(
        id: String,
        modified: String,
        published: String? = nil,
        withdrawn: String? = nil,
        aliases: [String] = [],
        upstream: [String] = [],
        summary: String? = nil,
        severity: [OSVSeverity] = [],
        severityLabel: String? = nil,
        affected: [OSVAffected] = [],
        source: String = ""
    ) {
        self.id = id
        self.modified = modified
        self.published = published
        self.withdrawn = withdrawn
        self.aliases = aliases
        self.upstream = upstream
        self.summary = summary
        self.severity = severity
        self.severityLabel = severityLabel
        self.affected = affected
        self.source = source
    }
}

/// A `severity[]` entry: a scoring type and its vector or score.
public struct OSVSeverity: Sendable, Hashable {
    /// `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`, …
    public var type: String
    /// The vector string or score.
    public var score: String

    /// Creates a severity entry.
    public init(type: String, score: String) {
        self.type = type
        self.score = score
    }
}

/// An `affected[]` entry: one package and the versions of it that are affected.
public struct OSVAffected: Sendable, Hashable {
    /// The ecosystem, normalised.
    public var ecosystem: Ecosystem
    /// The package name as written.
    public var name: String
    /// The package's purl, if given.
    public var purl: String?
    /// Package-level severities.
    public var severity: [OSVSeverity]
    /// Version ranges.
    public var ranges: [OSVRange]
    /// Explicitly listed affected versions.
    public var versions: [String]
    /// `ecosystem_specific.urgency` (Debian's tracker urgency), if any.
    public var urgency: String?

    /// Creates an entry.
    public init(
        ecosystem: Ecosystem,
        name: String,
        purl: String? = nil,
        severity: [OSVSeverity] = [],
        ranges: [OSVRange] = [],
        versions: [String] = [],
        urgency: String? = nil
    ) {
        self.ecosystem = ecosystem
        self.name = name
        self.purl = purl
        self.severity = severity
        self.ranges = ranges
        self.versions = versions
        self.urgency = urgency
    }
}

/// A `ranges[]` entry.
public struct OSVRange: Sendable, Hashable {
    /// How the event versions are ordered.
    public enum Kind: Hashable, Sendable {
        /// SemVer 2.0.0.
        case semver
        /// The ecosystem's own ordering (SemVer for SwiftURL, dpkg for Debian).
        case ecosystem
        /// Git commits; needs the commit graph, so Bot4 does not evaluate it by version.
        case git
        /// A type this version of the schema does not define.
        case other(String)
    }
    /// One event: exactly one of the four keys.
    public enum Event: Hashable, Sendable {
        /// `introduced` (`"0"` sorts before every version).
        case introduced(String)
        /// `fixed` (exclusive upper bound).
        case fixed(String)
        /// `last_affected` (inclusive upper bound).
        case lastAffected(String)
        /// `limit` (`"*"` is infinity).
        case limit(String)

        /// The event's version text.
        public var version: String {
            switch self {
            case .introduced(let v), .fixed(let v), .lastAffected(let v), .limit(let v): v
            }
        }
    }

    /// The ordering.
    public var kind: Kind
    /// The events, in the order written.
    public var events: [Event]

    /// Creates a range.
    public init(kind: Kind, events: [Event]) {
        self.kind = kind
        self.events = events
    }
}
