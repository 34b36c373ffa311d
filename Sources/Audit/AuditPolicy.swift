import Foundation
import TOMLKit
import TOMLPrecheck

/// `policy/audit.toml`: what the audit gate allows. Format in the canonical sheet (modelled on cargo-deny's
/// `deny.toml`); every key is optional and the defaults are the strict ones.
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

    /// `[database] path`.
    public var databasePath: String?
    /// `[database] max-age`, in seconds.
    public var maxAge: TimeInterval?
    /// `[database] max-age` as written.
    public var maxAgeText: String?
    /// `[database] signature-key`: the snapshot's minisign public key file.
    public var signatureKey: String?

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
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AuditError(.io, "\(path): cannot read the policy")
        }
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

        if let database = try reader.table(root, "database", section: nil) {
            try reader.onlyKeys(database, ["path", "max-age", "signature-key"], section: "database")
            policy.databasePath = try reader.string(database, "path", section: "database")
            if let text = try reader.string(database, "max-age", section: "database") {
                guard let seconds = ISODuration.seconds(text) else {
                    throw reader.error(
                        "database",
                        "max-age",
                        "must be an ISO 8601 duration such as \"P90D\", not \"\(text)\""
                    )
                }
                policy.maxAge = seconds
                policy.maxAgeText = text
            }
            policy.signatureKey = try reader.string(database, "signature-key", section: "database")
        }

        if let advisories = try reader.table(root, "advisories", section: nil) {
            let section = "advisories"
            try reader.onlyKeys(
                advisories,
                ["severity-threshold", "unscored", "unused-ignore", "security-update-pending", "ignore", "vex"],
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
        return policy
    }

    /// Swift locations are compared canonically; Debian names as written.
    static func packageKey(_ text: String) -> String {
        text.contains("/") ? SwiftPackageName(text).canonical : text
    }
}

/// Typed reads from TOMLKit tables, with errors that name the line and the key.
private struct PolicyReader {
    let text: String
    let source: String
    let lines: [Substring]

    init(text: String, source: String) {
        self.text = text
        self.source = source
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func error(_ section: String?, _ key: String, _ problem: String) -> AuditError {
        let line = self.line(section: section, key: key)
        let name = section.map { "\($0).\(key)" } ?? key
        return AuditError(.malformedPolicy, "\(source):\(line): \(name) \(problem)")
    }

    /// The line of `key = …` inside `[section]` (or of the section header), 1-based; 1 when not found.
    func line(section: String?, key: String) -> Int {
        var inSection = section == nil
        for (index, raw) in lines.enumerated() {
            let line = raw.drop(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("[") {
                let name = line.dropFirst().prefix(while: { $0 != "]" }).trimmingCharacters(in: .whitespaces)
                if name == key && section == nil { return index + 1 }
                inSection = (name == section)
                continue
            }
            guard inSection else { continue }
            if line.hasPrefix(key) {
                let rest = line.dropFirst(key.count).drop(while: { $0 == " " || $0 == "\t" })
                if rest.hasPrefix("=") { return index + 1 }
            }
        }
        return inlineLine(section: section, key: key) ?? 1
    }

    /// The line of `key = …` inside an inline table of `[section]` (`{ id = …, versions = … }`).
    private func inlineLine(section: String?, key: String) -> Int? {
        var inSection = section == nil
        for (index, raw) in lines.enumerated() {
            let line = raw.drop(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("[") && !line.contains("=") {
                inSection =
                    line.dropFirst().prefix(while: { $0 != "]" }).trimmingCharacters(in: .whitespaces) == section
                continue
            }
            guard inSection else { continue }
            var search = raw[...]
            while let range = search.range(of: key) {
                let before = range.lowerBound == raw.startIndex ? " " : raw[raw.index(before: range.lowerBound)]
                let after = raw[range.upperBound...].drop(while: { $0 == " " })
                if (before == " " || before == "{" || before == ",") && after.hasPrefix("=") { return index + 1 }
                search = raw[range.upperBound...]
            }
        }
        return nil
    }

    /// The line where a quoted value first appears inside `[section]`.
    func line(of value: String, section: String) -> Int? {
        var inSection = false
        for (index, raw) in lines.enumerated() {
            let line = raw.drop(while: { $0 == " " || $0 == "\t" })
            if line.hasPrefix("[") && !line.hasPrefix("[ ") && !line.contains("=") {
                inSection = line.dropFirst().prefix(while: { $0 != "]" }) == section
                continue
            }
            if inSection && raw.contains("\"\(value)\"") { return index + 1 }
        }
        return nil
    }

    private func name(_ section: String?, _ key: String?, _ leaf: String) -> String {
        [section, key, leaf].compactMap { $0 }.joined(separator: ".")
    }

    private func wrongType(_ section: String?, _ key: String?, _ leaf: String, _ expected: String) -> AuditError {
        let line = self.line(section: section, key: key.map { String($0.prefix(while: { $0 != "[" })) } ?? leaf)
        return AuditError(.malformedPolicy, "\(source):\(line): \(name(section, key, leaf)) must be \(expected)")
    }

    func onlyKeys(_ table: TOMLTable, _ allowed: Set<String>, section: String?, key: String? = nil) throws(AuditError) {
        for present in table.keys where !allowed.contains(present) {
            let line =
                section == nil ? self.line(section: nil, key: present) : self.line(section: section, key: present)
            throw AuditError(
                .malformedPolicy,
                "\(source):\(line): unknown key '\(name(section, key, present))' (allowed: \(allowed.sorted().joined(separator: ", ")))"
            )
        }
    }

    func table(_ table: TOMLTable, _ leaf: String, section: String?) throws(AuditError) -> TOMLTable? {
        guard let value = table[leaf] else { return nil }
        guard let result = value.table else { throw wrongType(section, nil, leaf, "a table") }
        return result
    }

    func string(_ table: TOMLTable, _ leaf: String, section: String?, key: String? = nil) throws(AuditError) -> String?
    {
        guard let value = table[leaf] else { return nil }
        guard let result = value.string else { throw wrongType(section, key, leaf, "a string") }
        return result
    }

    func strings(
        _ table: TOMLTable,
        _ leaf: String,
        section: String?,
        key: String? = nil
    ) throws(AuditError)
        -> [String]?
    {
        guard let value = table[leaf] else { return nil }
        guard let array = value.array else { throw wrongType(section, key, leaf, "an array of strings") }
        var result: [String] = []
        for element in array {
            guard let text = element.string else { throw wrongType(section, key, leaf, "an array of strings") }
            result.append(text)
        }
        return result
    }

    func tables(_ table: TOMLTable, _ leaf: String, section: String?) throws(AuditError) -> [TOMLTable] {
        guard let value = table[leaf] else { return [] }
        guard let array = value.array else { throw wrongType(section, nil, leaf, "an array of tables") }
        var result: [TOMLTable] = []
        for element in array {
            guard let entry = element.table else { throw wrongType(section, nil, leaf, "an array of tables") }
            result.append(entry)
        }
        return result
    }

    func action(_ table: TOMLTable, _ leaf: String, section: String) throws(AuditError) -> AuditPolicy.Action? {
        guard let text = try string(table, leaf, section: section) else { return nil }
        guard let action = AuditPolicy.Action(rawValue: text) else {
            throw error(section, leaf, "must be \"deny\", \"warn\" or \"allow\", not \"\(text)\"")
        }
        return action
    }

    /// A day given as a TOML local date (`2027-01-31`) or a string `"2027-01-31"`: the end of that day, UTC.
    func day(_ table: TOMLTable, _ leaf: String, section: String, key: String) throws(AuditError) -> (Date, String)? {
        guard let value = table[leaf] else { return nil }
        var text: String?
        if let date = value.date {
            text = String(format: "%04d-%02d-%02d", date.year, date.month, date.day)
        } else if let string = value.string {
            text = string
        }
        guard let text, let start = RFC3339.day(text) else {
            throw wrongType(section, key, leaf, "a date YYYY-MM-DD")
        }
        return (start.addingTimeInterval(86_400 - 1), text)
    }
}

/// ISO 8601 durations (`P90D`, `P1Y2M`, `PT12H`, `P2W`); years are 365 days and months 30, as cargo-deny's
/// `maximum-db-staleness` counts them.
enum ISODuration {
    static func seconds(_ text: String) -> TimeInterval? {
        var rest = Substring(text.uppercased())
        guard rest.first == "P" else { return nil }
        rest = rest.dropFirst()
        var total: TimeInterval = 0
        var inTime = false
        var sawComponent = false
        var number = ""
        for character in rest {
            if character == "T" {
                guard number.isEmpty, !inTime else { return nil }
                inTime = true
                continue
            }
            if character.isNumber || character == "." {
                number.append(character)
                continue
            }
            guard let value = Double(number) else { return nil }
            number = ""
            sawComponent = true
            switch (character, inTime) {
            case ("Y", false): total += value * 365 * 86_400
            case ("M", false): total += value * 30 * 86_400
            case ("W", false): total += value * 7 * 86_400
            case ("D", false): total += value * 86_400
            case ("H", true): total += value * 3_600
            case ("M", true): total += value * 60
            case ("S", true): total += value
            default: return nil
            }
        }
        guard number.isEmpty, sawComponent else { return nil }
        return total
    }
}
