import Digest
import Foundation

/// Matches packages against the advisory database and applies the policy and VEX statements.
public struct Auditor: Sendable {
    /// The advisory database.
    public let database: AdvisoryDatabase
    /// The policy.
    public let policy: AuditPolicy
    /// VEX statements that apply.
    public let vex: [VEXStatement]
    /// The evaluation date: ignores expire and the database ages against it.
    public let now: Date
    /// What apt's security suites publish, for `security-update-pending`; `nil` when the caller did not read
    /// them (nothing is checked, and the caller says why).
    public let securityLists: AptSecurityLists?

    /// Creates an auditor.
    public init(
        database: AdvisoryDatabase,
        policy: AuditPolicy,
        vex: [VEXStatement] = [],
        now: Date = Date(),
        securityLists: AptSecurityLists? = nil
    ) {
        self.database = database
        self.policy = policy
        self.vex = vex
        self.now = now
        self.securityLists = securityLists
    }

    /// Fails with `databaseTooOld` when the snapshot is older than the policy's `max-age` at ``now``.
    public func checkAge() throws(AuditError) {
        guard let maxAge = policy.maxAge else { return }
        guard let taken = database.snapshotDate else {
            throw AuditError(.databaseUnusable, "the advisory database has no date, so max-age cannot be checked")
        }
        let age = now.timeIntervalSince(taken)
        if age > maxAge {
            let days = Int(age / 86_400)
            throw AuditError(
                .databaseTooOld,
                "the advisory snapshot was taken \(RFC3339.string(taken)), \(days) days before \(RFC3339.dayString(now)): "
                    + "older than max-age \(policy.maxAgeText ?? "")"
            )
        }
    }

    /// Audits the input.
    public func audit(_ input: AuditInput) -> AuditReport {
        var warnings = database.warnings + input.warnings
        var advisories: [AuditReport.AdvisoryFinding] = []
        var policyFindings: [AuditReport.PolicyFinding] = []
        var usedIgnores: Set<Int> = []

        for package in input.packages {
            let (findings, notes, used) = advisoriesFor(package)
            advisories += findings
            warnings += notes
            usedIgnores.formUnion(used)
            policyFindings += bans(package)
            if let finding = source(package) { policyFindings.append(finding) }
        }
        if policy.allowedLicenses != nil {
            if input.hasLicenseData {
                for package in input.packages { policyFindings += licenses(package) }
            } else {
                warnings.append(
                    "licences not checked: \(input.scannedFile) carries no licence data (audit an SBOM from `seal sbom`)"
                )
            }
        }
        for (index, ignore) in policy.ignores.enumerated() {
            if now > ignore.until {
                policyFindings.append(
                    .init(
                        category: .advisories,
                        rule: "seal/ignore-expired",
                        package: nil,
                        message:
                            "the ignore of \(ignore.id) expired on \(ignore.untilText) (policy line \(ignore.line))",
                        disposition: .denied("an expired ignore fails until it is renewed or removed")
                    )
                )
            } else if !usedIgnores.contains(index) {
                let message = "the ignore of \(ignore.id) (policy line \(ignore.line)) matched no finding"
                switch policy.unusedIgnore {
                case .deny:
                    policyFindings.append(
                        .init(
                            category: .advisories,
                            rule: "seal/ignore-unused",
                            package: nil,
                            message: message,
                            disposition: .denied("unused-ignore = \"deny\"")
                        )
                    )
                case .warn:
                    policyFindings.append(
                        .init(
                            category: .advisories,
                            rule: "seal/ignore-unused",
                            package: nil,
                            message: message,
                            disposition: .warned("unused-ignore = \"warn\"")
                        )
                    )
                case .allow: break
                }
            }
        }
        let (updates, updateNotes) = securityUpdates(input.packages)
        warnings += updateNotes
        advisories.sort { a, b in
            let la = a.severity.level?.rawValue ?? 5
            let lb = b.severity.level?.rawValue ?? 5
            if la != lb { return la > lb }
            return (a.package.displayName, a.id) < (b.package.displayName, b.id)
        }
        return AuditReport(
            advisories: advisories,
            policy: policyFindings,
            securityUpdates: updates,
            securitySuites: securityLists?.suites ?? [],
            warnings: warnings,
            packageCount: input.packages.count,
            scannedFile: input.scannedFile,
            recordCount: database.records.count,
            snapshotDate: database.snapshotDate,
            signatureVerified: database.signatureVerified,
            evaluatedAt: now
        )
    }

    // MARK: Advisories

    private func advisoriesFor(_ package: AuditedPackage) -> ([AuditReport.AdvisoryFinding], [String], Set<Int>) {
        guard let scheme = VersionScheme(ecosystem: package.ecosystem) else { return ([], [], []) }
        let candidates = database.entries(family: package.ecosystem.family, name: package.name).filter {
            $0.affected.ecosystem.covers(package.ecosystem)
        }
        guard let version = package.version else {
            var notes: [String] = []
            if package.ecosystem.family == .swiftURL {
                let pin = package.branch.map { "branch '\($0)'" } ?? "revision \(package.revision ?? "?")"
                notes.append(
                    "\(package.displayName) is pinned to \(pin): it cannot be matched by version"
                        + (candidates.isEmpty ? "" : " (\(Set(candidates.map(\.record.id)).count) advisories name it)")
                )
            } else {
                notes.append("\(package.displayName) has no version: not matched")
            }
            return ([], notes, [])
        }
        let evaluator = RangeEvaluator(scheme: scheme)
        var matched: [(record: OSVRecord, affected: OSVAffected)] = []
        var notes: [String] = []
        var byRecord: [String: [OSVAffected]] = [:]
        for candidate in candidates {
            byRecord[candidate.record.id, default: []].append(candidate.affected)
            switch evaluator.evaluate(version, candidate.affected) {
            case .affected: matched.append(candidate)
            case .unaffected: break
            case .undecidable(let why):
                notes.append("\(candidate.record.id) for \(package.displayName) \(version): \(why)")
            }
        }
        // Gaps: below the advisory's highest fix, above its lowest introduction, yet in no range.
        let matchedIDs = Set(matched.map(\.record.id))
        for (id, entries) in byRecord.sorted(by: { $0.key < $1.key })
        where !matchedIDs.contains(id) && entries.count > 1 {
            let events = entries.flatMap { $0.ranges.flatMap(\.events) }
            let fixes = events.compactMap { event -> String? in
                if case .fixed(let v) = event { return v }
                return nil
            }
            guard let highest = fixes.max(by: { (scheme.compare($0, $1) ?? 0) < 0 }),
                (scheme.compare(version, highest) ?? 0) < 0
            else { continue }
            notes.append(
                "\(package.displayName) \(version) lies in a gap between the ranges of \(id) (fixed in \(fixes.sorted().joined(separator: ", "))): "
                    + "it evaluates as not affected, but that branch may simply be unsupported"
            )
        }
        // Group matched records that share an ID or alias.
        var groups: [[(record: OSVRecord, affected: OSVAffected)]] = []
        var groupIDs: [Set<String>] = []
        for match in matched {
            let ids = Set([match.record.id] + match.record.aliases)
            let overlapping = groupIDs.indices.filter { !groupIDs[$0].isDisjoint(with: ids) }
            var mergedGroup = [match]
            var mergedIDs = ids
            for index in overlapping.reversed() {
                mergedGroup += groups.remove(at: index)
                mergedIDs.formUnion(groupIDs.remove(at: index))
            }
            groups.append(mergedGroup)
            groupIDs.append(mergedIDs)
        }
        var findings: [AuditReport.AdvisoryFinding] = []
        var used: Set<Int> = []
        for group in groups {
            let recordIDs = Array(Set(group.map(\.record.id))).sorted()
            let aliases = Set(group.flatMap(\.record.aliases)).subtracting(recordIDs).sorted()
            let upstream = Set(group.flatMap(\.record.upstream)).subtracting(recordIDs + aliases).sorted()
            let allIDs = Set(recordIDs + aliases + upstream)
            var severity = AdvisorySeverity(level: nil, basis: "unscored")
            for match in group { severity = AdvisorySeverity.max(severity, .assess(match.record, match.affected)) }
            var fixes: Set<String> = []
            for id in recordIDs {
                for entry in byRecord[id] ?? [] {
                    for range in entry.ranges {
                        for case .fixed(let v) in range.events where (scheme.compare(v, version) ?? 0) > 0 {
                            fixes.insert(v)
                        }
                    }
                }
            }
            let summary = group.compactMap(\.record.summary).first ?? ""
            var disposition = judge(severity)
            if let statement = vex.first(where: { statement in
                (allIDs.contains(statement.vulnerability) || !allIDs.isDisjoint(with: statement.aliases))
                    && statement.covers(package)
            }) {
                disposition = .notAffected(justification: statement.justification, source: statement.source)
            } else if let index = policy.ignores.indices.first(where: { allIDs.contains(policy.ignores[$0].id) }) {
                used.insert(index)
                let ignore = policy.ignores[index]
                if now <= ignore.until {
                    disposition = .ignored(reason: ignore.reason, until: ignore.untilText)
                }
            }
            findings.append(
                .init(
                    ids: recordIDs + aliases,
                    upstream: upstream,
                    package: package,
                    summary: summary,
                    severity: severity,
                    fixedVersions: fixes.sorted { (scheme.compare($0, $1) ?? 0) < 0 },
                    disposition: disposition
                )
            )
        }
        return (findings, notes, used)
    }

    private func judge(_ severity: AdvisorySeverity) -> AuditReport.Disposition {
        guard let level = severity.level else {
            switch policy.unscored {
            case .deny: return .denied("unscored, and unscored = \"deny\"")
            case .warn: return .warned("unscored, and unscored = \"warn\"")
            case .allow: return .allowed("unscored, and unscored = \"allow\"")
            }
        }
        if level >= policy.severityThreshold {
            return .denied("\(level) (\(severity.basis)) is at or above severity-threshold \(policy.severityThreshold)")
        }
        return .warned("\(level) (\(severity.basis)) is below severity-threshold \(policy.severityThreshold)")
    }

    // MARK: Pending security updates

    /// Debian packages for which a security suite publishes a newer version than the installed one.
    private func securityUpdates(_ packages: [AuditedPackage]) -> ([AuditReport.SecurityUpdateFinding], [String]) {
        let action = policy.securityUpdatePending
        let debian = packages.filter { $0.ecosystem.family == .debian }
        guard action != .allow, !debian.isEmpty else { return ([], []) }
        guard let lists = securityLists else { return ([], []) }
        guard !lists.suites.isEmpty else {
            return (
                [], ["pending security updates not checked: apt's lists name no security suite (run apt-get update)"]
            )
        }
        var findings: [AuditReport.SecurityUpdateFinding] = []
        for package in debian {
            guard let offer = lists.pendingUpdate(for: package) else { continue }
            let why = "security-update-pending = \"\(action.rawValue)\""
            findings.append(
                .init(
                    package: package,
                    installed: package.binaryVersion ?? package.version ?? "",
                    candidate: offer.version,
                    suite: offer.suite,
                    list: offer.list,
                    disposition: action == .deny ? .denied(why) : .warned(why)
                )
            )
        }
        findings.sort { $0.package.displayName < $1.package.displayName }
        return (findings, [])
    }

    // MARK: Licences, sources, bans

    private func licenses(_ package: AuditedPackage) -> [AuditReport.PolicyFinding] {
        let allowed = Set(policy.allowedLicenses ?? [])
        let extra = Set(
            policy.licenseExceptions.filter { $0.package == package.policyName || $0.package == package.displayName }
                .flatMap(\.allow)
        )
        var licenses = package.licenses
        if licenses.isEmpty,
            let clarification = policy.licenseClarifications.first(where: {
                $0.package == package.policyName || $0.package == package.displayName
            })
        {
            if let stale = staleClarification(clarification, package) { return [stale] }
            licenses = [clarification.expression]
        }
        if licenses.isEmpty {
            let message = "\(package.displayName): no known licence"
            switch policy.unknownLicense {
            case .deny:
                return [
                    .init(
                        category: .licenses,
                        rule: "seal/license",
                        package: package,
                        message: message,
                        disposition: .denied("unknown = \"deny\"")
                    )
                ]
            case .warn:
                return [
                    .init(
                        category: .licenses,
                        rule: "seal/license",
                        package: package,
                        message: message,
                        disposition: .warned("unknown = \"warn\"")
                    )
                ]
            case .allow:
                return []
            }
        }
        var findings: [AuditReport.PolicyFinding] = []
        for expression in licenses where !LicenseExpression.isSatisfied(expression, by: allowed.union(extra)) {
            findings.append(
                .init(
                    category: .licenses,
                    rule: "seal/license",
                    package: package,
                    message: "\(package.displayName): licence \(expression) is not allowed",
                    disposition: .denied("not in [licenses] allow or an exception for this package")
                )
            )
        }
        return findings
    }

    /// A denial when a clarification is pinned to a Debian copyright file that has changed or is missing.
    private func staleClarification(
        _ clarification: AuditPolicy.LicenseClarification,
        _ package: AuditedPackage
    ) -> AuditReport.PolicyFinding? {
        guard let expected = clarification.copyrightSHA256 else { return nil }
        let path = "/usr/share/doc/\(package.displayName)/copyright"  // the binary package's own file
        let actual = (try? FileHasher.digests(of: path, algorithms: [.sha256]))?[.sha256]?.hexString
        guard actual != expected else { return nil }
        return .init(
            category: .licenses,
            rule: "seal/license",
            package: package,
            message: actual == nil
                ? "\(package.displayName): the clarified licence's copyright file \(path) cannot be read"
                : "\(package.displayName): \(path) changed since the licence was clarified (read it again)",
            disposition: .denied("[licenses] clarify is pinned to copyright-sha256 \(expected.prefix(12))…")
        )
    }

    private func source(_ package: AuditedPackage) -> AuditReport.PolicyFinding? {
        guard package.ecosystem.family == .swiftURL else { return nil }
        if let identity = package.registryIdentity { return registry(package, identity: identity) }
        guard let allowList = policy.allowedGit, let url = package.sourceURL else { return nil }
        let canonical = SwiftPackageName(url).canonical
        if allowList.contains(where: { canonical == $0 || canonical.hasPrefix($0 + "/") }) { return nil }
        let message = "\(package.displayName): source \(canonical) is not in [sources] allow-git"
        return sourceFinding(package, message, policy.unknownSource, key: "unknown")
    }

    /// A registry pin is checked against `allow-registry` (exact registry URL, canonicalised), not `allow-git`.
    private func registry(_ package: AuditedPackage, identity: String) -> AuditReport.PolicyFinding? {
        guard let allowList = policy.allowedRegistries else { return nil }
        guard let url = package.registryURL else {
            let message =
                "\(identity): registry pin whose registry is not recorded (no repository_url, no registries.json)"
            return sourceFinding(package, message, policy.unknownRegistry, key: "unknown-registry")
        }
        let canonical = SwiftPackageName(url).canonical
        if allowList.contains(canonical) { return nil }
        let message = "\(identity): registry \(canonical) is not in [sources] allow-registry"
        return sourceFinding(package, message, policy.unknownRegistry, key: "unknown-registry")
    }

    private func sourceFinding(
        _ package: AuditedPackage,
        _ message: String,
        _ action: AuditPolicy.Action,
        key: String
    ) -> AuditReport.PolicyFinding? {
        switch action {
        case .deny:
            return .init(
                category: .sources,
                rule: "seal/source",
                package: package,
                message: message,
                disposition: .denied("\(key) = \"deny\"")
            )
        case .warn:
            return .init(
                category: .sources,
                rule: "seal/source",
                package: package,
                message: message,
                disposition: .warned("\(key) = \"warn\"")
            )
        case .allow:
            return nil
        }
    }

    private func bans(_ package: AuditedPackage) -> [AuditReport.PolicyFinding] {
        var findings: [AuditReport.PolicyFinding] = []
        for ban in policy.bans where ban.package == package.policyName || ban.package == package.displayName {
            let why = ban.reason.isEmpty ? "banned by [bans] deny" : ban.reason
            guard let requirement = ban.versions else {
                findings.append(
                    .init(
                        category: .bans,
                        rule: "seal/ban",
                        package: package,
                        message: "\(package.displayName) is banned",
                        disposition: .denied(why)
                    )
                )
                continue
            }
            guard let version = package.version, let scheme = VersionScheme(ecosystem: package.ecosystem) else {
                findings.append(
                    .init(
                        category: .bans,
                        rule: "seal/ban",
                        package: package,
                        message: "\(package.displayName) has no version to check against the ban \(requirement)",
                        disposition: .warned(why)
                    )
                )
                continue
            }
            switch requirement.matches(version, scheme: scheme) {
            case .some(true):
                findings.append(
                    .init(
                        category: .bans,
                        rule: "seal/ban",
                        package: package,
                        message: "\(package.displayName) \(version) matches the ban \(requirement)",
                        disposition: .denied(why)
                    )
                )
            case .some(false): break
            case .none:
                findings.append(
                    .init(
                        category: .bans,
                        rule: "seal/ban",
                        package: package,
                        message: "\(package.displayName) \(version) cannot be compared with the ban \(requirement)",
                        disposition: .warned(why)
                    )
                )
            }
        }
        return findings
    }
}

/// SPDX licence expressions checked against an allow list: `OR` needs one allowed side, `AND` needs both,
/// `WITH` exceptions must be allowed as written (`Apache-2.0 WITH LLVM-exception`) or by their licence.
enum LicenseExpression {
    static func isSatisfied(_ expression: String, by allowed: Set<String>) -> Bool {
        var tokens = tokenize(expression)[...]
        guard let result = parseOr(&tokens, allowed) else { return allowed.contains(expression) }
        return result && tokens.isEmpty
    }

    private static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for character in text {
            if character == "(" || character == ")" {
                if !current.isEmpty { tokens.append(current) }
                current = ""
                tokens.append(String(character))
            } else if character.isWhitespace {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    private static func parseOr(_ tokens: inout ArraySlice<String>, _ allowed: Set<String>) -> Bool? {
        guard var value = parseAnd(&tokens, allowed) else { return nil }
        while tokens.first?.uppercased() == "OR" {
            tokens = tokens.dropFirst()
            guard let right = parseAnd(&tokens, allowed) else { return nil }
            value = value || right
        }
        return value
    }

    private static func parseAnd(_ tokens: inout ArraySlice<String>, _ allowed: Set<String>) -> Bool? {
        guard var value = parseAtom(&tokens, allowed) else { return nil }
        while tokens.first?.uppercased() == "AND" {
            tokens = tokens.dropFirst()
            guard let right = parseAtom(&tokens, allowed) else { return nil }
            value = value && right
        }
        return value
    }

    private static func parseAtom(_ tokens: inout ArraySlice<String>, _ allowed: Set<String>) -> Bool? {
        guard let first = tokens.popFirst() else { return nil }
        if first == "(" {
            guard let value = parseOr(&tokens, allowed), tokens.popFirst() == ")" else { return nil }
            return value
        }
        if tokens.first?.uppercased() == "WITH" {
            tokens = tokens.dropFirst()
            guard let exception = tokens.popFirst() else { return nil }
            return allowed.contains("\(first) WITH \(exception)") || allowed.contains(first)
        }
        return allowed.contains(first)
    }
}
