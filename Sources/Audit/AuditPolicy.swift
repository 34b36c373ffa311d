import Foundation
import TOMLKit
import TOMLPrecheck

/// `policy/audit.toml`: what the audit gate allows. Format in the canonical sheet (modelled on cargo-deny's
/// `deny.toml`); every key is optional and the defaults are the strict ones, except `[database] max-age` and
/// `signature-key`, which a policy file must state (`"none"` turns a check off, and every report says so).
///
/// Unknown sections and keys are errors (a typo must not silently weaken the gate); every error names the
/// file, the line and the key.
public struct AuditPolicy: Sendable, Hashable {
    /// What a class of finding does to the gate.
    public enum Action: String, Sendable, Hashable {
        /// Fails the gate.
        case deny
        /// Reported, does not fail.
        case warn
        /// Not reported.
        case allow

        /// This action's verdict on a finding: denied, warned or allowed, each with `reason`.
        public func disposition(_ reason: String) -> AuditReport.Disposition {
            switch self {
            case .deny: .denied(reason)
            case .warn: .warned(reason)
            case .allow: .allowed(reason)
            }
        }

        /// The verdict on a finding governed by the policy key `key` set to this action, with the reason
        /// `key = "action"`; nil for `allow`, whose findings are not reported.
        public func reportedDisposition(key: String) -> AuditReport.Disposition? {
            self == .allow ? nil : disposition("\(key) = \"\(rawValue)\"")
        }
    }

    /// One accepted advisory.
    public struct Ignore: Sendable, Hashable {
        /// The advisory ID or any of its aliases (the whole alias group is ignored).
        public var id: String
        /// Why it is acceptable.
        public var reason: String
        /// The last day the ignore holds (inclusive, UTC); after it the ignore is expired and fails.
        public var until: Date
        /// The `until` day as written (`YYYY-MM-DD`).
        public var untilText: String
        /// The line in the policy, for messages.
        public var line: Int
    }

    /// A licence exception for one package.
    public struct LicenseException: Sendable, Hashable {
        /// The package (Swift location, canonicalised; or a Debian package name).
        public var package: String
        /// Extra SPDX identifiers allowed for it.
        public var allow: [String]
    }

    /// A licence stated by the policy for a package whose licence cannot be detected (cargo-deny's `clarify`),
    /// such as a Debian package whose `copyright` file is not machine-readable. When `copyrightSHA256` is set,
    /// the clarification holds only while `/usr/share/doc/<package>/copyright` still has that SHA-256: a changed
    /// file must be read again by a person.
    public struct LicenseClarification: Sendable, Hashable {
        /// The package (Swift location, canonicalised; or a Debian package name).
        public var package: String
        /// The SPDX licence expression the package is under.
        public var expression: String
        /// Why the expression is right (who read what).
        public var reason: String
        /// The SHA-256 (hex) of the Debian copyright file the expression was read from.
        public var copyrightSHA256: String?
    }

    /// A banned package, optionally only some versions of it.
    public struct Ban: Sendable, Hashable {
        /// The package (Swift location, canonicalised; or a Debian package name).
        public var package: String
        /// A version requirement such as `<1.2.0` or `>=1.0.0, <1.2.0`; `nil` bans every version.
        public var versions: VersionRequirement?
        /// Why.
        public var reason: String
    }

    /// A component the policy accepts although no advisory source covers it (`[advisories] accept-unaudited`).
    public struct AcceptedUnaudited: Sendable, Hashable {
        /// The component's name as the audit reports it (a Swift location, a Debian package, an SBOM
        /// component name).
        public var package: String
        /// Why it is acceptable that nothing audits it.
        public var reason: String

        /// Creates an entry.
        public init(package: String, reason: String) {
            self.package = package
            self.reason = reason
        }
    }

    /// `[database] path`.
    public var databasePath: String?
    /// `[database] max-age`, in seconds.
    public var maxAge: TimeInterval?
    /// `[database] max-age` as written.
    public var maxAgeText: String?
    /// `[database] signature-key`: the snapshot's minisign public key file.
    public var signatureKey: String?
    /// `[database] max-age = "none"`: the database's age is deliberately not checked.
    public var maxAgeTurnedOff = false
    /// `[database] signature-key = "none"`: the snapshot's signature is deliberately not checked.
    public var signatureCheckTurnedOff = false

    /// `[advisories] severity-threshold`: advisories at or above it deny, below it warn; `.none` denies all.
    public var severityThreshold: SeverityLevel = .none
    /// `[advisories] unscored`: what an advisory with neither a score nor a label does.
    public var unscored: Action = .deny
    /// `[advisories] unused-ignore`.
    public var unusedIgnore: Action = .warn
    /// `[advisories] ignore`.
    public var ignores: [Ignore] = []
    /// `[advisories] security-update-pending`: what a Debian package does when a security suite in apt's lists
    /// publishes a newer version than the installed one.
    public var securityUpdatePending: Action = .warn
    /// `[advisories] unaudited`: what a component does that no advisory could be matched against (no package
    /// URL, an ecosystem Bot4 does not match, a version that cannot be ordered, a range that cannot be
    /// evaluated, a Debian release that cannot be known) and that `accept-unaudited` does not name; an
    /// advisory record that cannot be read counts too. A denied one sets the advisories bit.
    public var unaudited: Action = .deny
    /// `[advisories] accept-unaudited`: components no advisory source covers, accepted by name with a reason.
    public var acceptedUnaudited: [AcceptedUnaudited] = []
    /// `[advisories] vex`: VEX documents applied on every run.
    public var vex: [String] = []

    /// `[licenses] allow`; `nil` when the section is absent (licences are not checked).
    public var allowedLicenses: [String]?
    /// `[licenses] exceptions`.
    public var licenseExceptions: [LicenseException] = []
    /// `[licenses] clarify`.
    public var licenseClarifications: [LicenseClarification] = []
    /// `[licenses] unknown`: a package with no known licence.
    public var unknownLicense: Action = .deny

    /// `[sources] allow-git`: hosts or host/owner prefixes; `nil` when the section is absent.
    public var allowedGit: [String]?
    /// `[sources] unknown`: a source outside the allow list.
    public var unknownSource: Action = .deny
    /// `[sources] allow-registry`: SwiftPM registry URLs (canonicalised like package locations); `nil` when
    /// absent, in which case registry pins are not checked.
    public var allowedRegistries: [String]?
    /// `[sources] unknown-registry`: a registry pin from a registry outside `allow-registry`, or whose registry
    /// is not recorded; defaults to `unknown`.
    public var unknownRegistry: Action = .deny

    /// `[bans] deny`.
    public var bans: [Ban] = []

    /// The policy used when no file is given: every advisory denies, nothing else is checked.
    public init() {}

    /// Reads a policy file.
    public static func load(path: String) throws(AuditError) -> AuditPolicy {
        let data = try AuditFile.read(path, what: "the policy", limit: AuditFile.configurationLimit)
        return try parse(String(decoding: data, as: UTF8.self), source: path)
    }

    /// Parses policy text.
    public static func parse(_ text: String, source: String) throws(AuditError) -> AuditPolicy {
        if let problem = TOMLPrecheck.firstProblem(in: text) {
            throw AuditError(.malformedPolicy, "\(source):\(problem.line):\(problem.column): \(problem.message)")
        }
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw AuditError(
                .malformedPolicy,
                "\(source):\(error.source.begin.line):\(error.source.begin.column): \(error.description)"
            )
        } catch {
            throw AuditError(.malformedPolicy, "\(source): not TOML")
        }
        let reader = PolicyReader(text: text, source: source)
        var policy = AuditPolicy()
        try reader.onlyKeys(root, ["database", "advisories", "licenses", "sources", "bans"], section: nil)

        // Both checks of the database are stated, or turned off visibly with "none"; the other sections are
        // read first so that a malformed key elsewhere is reported with its line.
        var maxAgeStated = false
        var signatureKeyStated = false
        if let database = try reader.table(root, "database", section: nil) {
            try reader.onlyKeys(database, ["path", "max-age", "signature-key"], section: "database")
            policy.databasePath = try reader.string(database, "path", section: "database")
            let maxAge = try reader.string(database, "max-age", section: "database")
            maxAgeStated = maxAge != nil
            if let text = maxAge, text == "none" {
                policy.maxAgeTurnedOff = true
            } else if let text = maxAge {
                guard let duration = DurationText.parseISO8601(text) else {
                    throw reader.error(
                        "database",
                        "max-age",
                        "must be an ISO 8601 duration such as \"P90D\", not \"\(text)\""
                    )
                }
                policy.maxAge = DurationText.seconds(duration)
                policy.maxAgeText = text
            }
            let key = try reader.string(database, "signature-key", section: "database")
            signatureKeyStated = !(key ?? "").isEmpty
            if key == "none" {
                policy.signatureCheckTurnedOff = true
            } else {
                policy.signatureKey = key
            }
        }

        if let advisories = try reader.table(root, "advisories", section: nil) {
            let section = "advisories"
            try reader.onlyKeys(
                advisories,
                [
                    "severity-threshold", "unscored", "unused-ignore", "security-update-pending", "ignore", "vex",
                    "unaudited", "accept-unaudited",
                ],
                section: section
            )
            if let text = try reader.string(advisories, "severity-threshold", section: section) {
                guard let level = SeverityLevel(label: text), text == level.description else {
                    throw reader.error(
                        section,
                        "severity-threshold",
                        "must be none, low, medium, high or critical, not \"\(text)\""
                    )
                }
                policy.severityThreshold = level
            }
            policy.unscored = try reader.action(advisories, "unscored", section: section) ?? .deny
            policy.unusedIgnore = try reader.action(advisories, "unused-ignore", section: section) ?? .warn
            policy.securityUpdatePending =
                try reader.action(advisories, "security-update-pending", section: section) ?? .warn
            policy.vex = try reader.strings(advisories, "vex", section: section) ?? []
            policy.unaudited = try reader.action(advisories, "unaudited", section: section) ?? .deny
            for (index, entry) in try reader.tables(advisories, "accept-unaudited", section: section).enumerated() {
                let key = "accept-unaudited[\(index)]"
                try reader.onlyKeys(entry, ["package", "reason"], section: section, key: key)
                guard let package = try reader.string(entry, "package", section: section, key: key), !package.isEmpty
                else {
                    throw reader.error(section, "accept-unaudited", "entry \(index + 1) needs a 'package'")
                }
                guard let reason = try reader.string(entry, "reason", section: section, key: key),
                    !reason.trimmingCharacters(in: .whitespaces).isEmpty
                else {
                    throw reader.error(section, "accept-unaudited", "entry for \(package) needs a 'reason'")
                }
                policy.acceptedUnaudited.append(AcceptedUnaudited(package: package, reason: reason))
            }
            for (index, entry) in try reader.tables(advisories, "ignore", section: section).enumerated() {
                let key = "ignore[\(index)]"
                try reader.onlyKeys(entry, ["id", "reason", "until"], section: section, key: key)
                guard let id = try reader.string(entry, "id", section: section, key: key), !id.isEmpty else {
                    throw reader.error(section, "ignore", "entry \(index + 1) needs an 'id'")
                }
                guard let reason = try reader.string(entry, "reason", section: section, key: key),
                    !reason.trimmingCharacters(in: .whitespaces).isEmpty
                else {
                    throw reader.error(section, "ignore", "entry for \(id) needs a 'reason'")
                }
                guard let (until, untilText) = try reader.day(entry, "until", section: section, key: key) else {
                    throw reader.error(section, "ignore", "entry for \(id) needs an 'until' date (YYYY-MM-DD)")
                }
                policy.ignores.append(
                    Ignore(
                        id: id,
                        reason: reason,
                        until: until,
                        untilText: untilText,
                        line: reader.line(of: id, section: section) ?? reader.line(section: section, key: "ignore")
                    )
                )
            }
        }

        if let licenses = try reader.table(root, "licenses", section: nil) {
            let section = "licenses"
            try reader.onlyKeys(licenses, ["allow", "exceptions", "clarify", "unknown"], section: section)
            policy.allowedLicenses = try reader.strings(licenses, "allow", section: section) ?? []
            policy.unknownLicense = try reader.action(licenses, "unknown", section: section) ?? .deny
            for (index, entry) in try reader.tables(licenses, "exceptions", section: section).enumerated() {
                let key = "exceptions[\(index)]"
                try reader.onlyKeys(entry, ["package", "allow"], section: section, key: key)
                guard let package = try reader.string(entry, "package", section: section, key: key),
                    let allow = try reader.strings(entry, "allow", section: section, key: key)
                else {
                    throw reader.error(section, "exceptions", "entry \(index + 1) needs 'package' and 'allow'")
                }
                policy.licenseExceptions.append(LicenseException(package: Self.packageKey(package), allow: allow))
            }
            for (index, entry) in try reader.tables(licenses, "clarify", section: section).enumerated() {
                let key = "clarify[\(index)]"
                try reader.onlyKeys(
                    entry,
                    ["package", "expression", "reason", "copyright-sha256"],
                    section: section,
                    key: key
                )
                guard let package = try reader.string(entry, "package", section: section, key: key),
                    let expression = try reader.string(entry, "expression", section: section, key: key),
                    let reason = try reader.string(entry, "reason", section: section, key: key), !reason.isEmpty
                else {
                    throw reader.error(
                        section,
                        "clarify",
                        "entry \(index + 1) needs 'package', 'expression' and 'reason'"
                    )
                }
                let digest = try reader.string(entry, "copyright-sha256", section: section, key: key)
                if let digest, digest.count != 64 || !digest.allSatisfy(\.isHexDigit) {
                    throw reader.error(section, "clarify", "entry \(index + 1): copyright-sha256 must be 64 hex digits")
                }
                policy.licenseClarifications.append(
                    LicenseClarification(
                        package: Self.packageKey(package),
                        expression: expression,
                        reason: reason,
                        copyrightSHA256: digest?.lowercased()
                    )
                )
            }
        }

        if let sources = try reader.table(root, "sources", section: nil) {
            try reader.onlyKeys(
                sources,
                ["allow-git", "unknown", "allow-registry", "unknown-registry"],
                section: "sources"
            )
            policy.allowedGit = (try reader.strings(sources, "allow-git", section: "sources") ?? []).map {
                SwiftPackageName($0).canonical
            }
            policy.unknownSource = try reader.action(sources, "unknown", section: "sources") ?? .deny
            policy.allowedRegistries = try reader.strings(sources, "allow-registry", section: "sources")?.map {
                SwiftPackageName($0).canonical
            }
            policy.unknownRegistry =
                try reader.action(sources, "unknown-registry", section: "sources") ?? policy.unknownSource
        }

        if let bans = try reader.table(root, "bans", section: nil) {
            try reader.onlyKeys(bans, ["deny"], section: "bans")
            for (index, entry) in try reader.tables(bans, "deny", section: "bans").enumerated() {
                let key = "deny[\(index)]"
                try reader.onlyKeys(entry, ["package", "versions", "reason"], section: "bans", key: key)
                guard let package = try reader.string(entry, "package", section: "bans", key: key) else {
                    throw reader.error("bans", "deny", "entry \(index + 1) needs a 'package'")
                }
                var requirement: VersionRequirement?
                if let text = try reader.string(entry, "versions", section: "bans", key: key) {
                    guard let parsed = VersionRequirement(text) else {
                        throw reader.error("bans", "versions", "\"\(text)\" is not a requirement such as \"<1.2.0\"")
                    }
                    requirement = parsed
                }
                let reason = try reader.string(entry, "reason", section: "bans", key: key) ?? ""
                policy.bans.append(Ban(package: Self.packageKey(package), versions: requirement, reason: reason))
            }
        }
        if !maxAgeStated {
            throw reader.error(
                "database",
                "max-age",
                "is required: an ISO 8601 duration such as \"P90D\", or \"none\" to turn the age check off"
            )
        }
        if !signatureKeyStated {
            throw reader.error(
                "database",
                "signature-key",
                "is required: the snapshot's minisign public key file, or \"none\" to turn the check off"
            )
        }
        return policy
    }

    /// Swift locations are compared canonically; Debian names as written.
    static func packageKey(_ text: String) -> String {
        text.contains("/") ? SwiftPackageName(text).canonical : text
    }
}
