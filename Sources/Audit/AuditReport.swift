import Foundation

/// What an audit found, as values: advisory findings, policy findings (licences, sources, bans, ignores),
/// and warnings; ``findingsBits`` and ``exitCode`` are the canonical sheet's exit code.
public struct AuditReport: Sendable {
    /// The categories of the exit-code bitset.
    public enum Category: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// Bit 1.
        case advisories = 1
        /// Bit 2.
        case licenses = 2
        /// Bit 4.
        case sources = 4
        /// Bit 8.
        case bans = 8

        /// Lowercase name.
        public var description: String {
            switch self {
            case .advisories: "advisories"
            case .licenses: "licenses"
            case .sources: "sources"
            case .bans: "bans"
            }
        }
    }

    /// What the policy did with a finding.
    public enum Disposition: Sendable, Hashable {
        /// Fails the gate.
        case denied(String)
        /// Reported, does not fail.
        case warned(String)
        /// Matched but allowed by policy (for example `unscored = "allow"`).
        case allowed(String)
        /// Accepted by an ignore in the policy until a date.
        case ignored(reason: String, until: String)
        /// A VEX statement says the package is not affected.
        case notAffected(justification: String, source: String)

        /// Whether it fails the gate.
        public var isDenied: Bool {
            if case .denied = self { return true }
            return false
        }

        /// A one-word name.
        public var name: String {
            switch self {
            case .denied: "denied"
            case .warned: "warning"
            case .allowed: "allowed"
            case .ignored: "ignored"
            case .notAffected: "not-affected"
            }
        }

        /// Why.
        public var explanation: String {
            switch self {
            case .denied(let why), .warned(let why), .allowed(let why): why
            case .ignored(let reason, let until): "ignored until \(until): \(reason)"
            case .notAffected(let justification, let source): "not affected (\(justification)) per \(source)"
            }
        }
    }

    /// One advisory (alias group) affecting one package.
    public struct AdvisoryFinding: Sendable, Hashable {
        /// The record IDs then their aliases; the first is the primary ID (the SARIF rule).
        public var ids: [String]
        /// Upstream IDs (Debian records name the CVE there).
        public var upstream: [String]
        /// The package.
        public var package: AuditedPackage
        /// One-line summary.
        public var summary: String
        /// Severity and its basis.
        public var severity: AdvisorySeverity
        /// Versions that fix it (above the installed one).
        public var fixedVersions: [String]
        /// What the policy did.
        public var disposition: Disposition

        /// The primary ID.
        public var id: String { ids[0] }
    }

    /// A licence, source, ban or ignore finding.
    public struct PolicyFinding: Sendable, Hashable {
        /// The category (its bit in the exit code).
        public var category: Category
        /// A stable rule ID: `seal/license`, `seal/source`, `seal/ban`, `seal/ignore-expired`, `seal/ignore-unused`.
        public var rule: String
        /// The package, when there is one.
        public var package: AuditedPackage?
        /// What is wrong.
        public var message: String
        /// What the policy did.
        public var disposition: Disposition
    }

    /// A Debian package with a newer version published by a security suite but not installed (apt's lists);
    /// a denied one sets the advisories bit.
    public struct SecurityUpdateFinding: Sendable, Hashable {
        /// The installed package.
        public var package: AuditedPackage
        /// The installed binary version.
        public var installed: String
        /// The highest version the security suite offers.
        public var candidate: String
        /// The suite (`bookworm-security`).
        public var suite: String
        /// The `Packages` list the candidate was read from.
        public var list: String
        /// What the policy did (`[advisories] security-update-pending`).
        public var disposition: Disposition

        /// The SARIF rule and policy-finding rule ID.
        public static let rule = "seal/security-update-pending"

        /// One line for people.
        public var message: String {
            "\(package.displayName) \(installed): security update \(candidate) published in \(suite), not installed"
        }
    }

    /// Advisory findings, most severe first.
    public var advisories: [AdvisoryFinding]
    /// Policy findings.
    public var policy: [PolicyFinding]
    /// Pending security updates of Debian packages, by package name.
    public var securityUpdates: [SecurityUpdateFinding] = []
    /// The apt security suites the pending updates were read from (empty when not checked).
    public var securitySuites: [AptSecurityLists.Suite] = []
    /// Warnings (unversioned pins, gaps between ranges, unknown ecosystems, skipped records).
    public var warnings: [String]
    /// Checks the policy turned off (`"none"`) or that could not run, and an evaluation date (`--as-of`) that
    /// is not today: every report format shows them.
    public var notices: [String] = []
    /// The number of packages audited.
    public var packageCount: Int
    /// The scanned file.
    public var scannedFile: String
    /// The number of usable advisory records.
    public var recordCount: Int
    /// When the database snapshot was taken.
    public var snapshotDate: Date?
    /// Whether the snapshot's signature was verified.
    public var signatureVerified: Bool
    /// The evaluation date.
    public var evaluatedAt: Date

    /// The policy rule of a component or record that no advisory could be matched against.
    public static let unauditedRule = "seal/unaudited"

    /// How many components (or advisory records) could not be audited, whatever the policy did with them.
    public var unauditedCount: Int { policy.filter { $0.rule == Self.unauditedRule }.count }

    /// The findings bitset: advisories 1, licences 2, sources 4, bans 8 (denied findings only); a denied
    /// pending security update counts as an advisory.
    public var findingsBits: Int {
        var bits = 0
        for finding in advisories where finding.disposition.isDenied { bits |= Category.advisories.rawValue }
        for finding in securityUpdates where finding.disposition.isDenied { bits |= Category.advisories.rawValue }
        for finding in policy where finding.disposition.isDenied { bits |= finding.category.rawValue }
        return bits
    }

    /// The exit code: 0 when nothing is denied, else 16 plus the bitset.
    public var exitCode: Int32 { findingsBits == 0 ? 0 : Int32(16 + findingsBits) }
}
