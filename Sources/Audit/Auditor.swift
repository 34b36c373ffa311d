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
    /// Today, by the clock: when ``now`` is another day (`--as-of`), reports say so, and say when the
    /// snapshot is older than `max-age` today although not at ``now``.
    public let today: Date

    /// Creates an auditor.
    public init(
        database: AdvisoryDatabase,
        policy: AuditPolicy,
        vex: [VEXStatement] = [],
        now: Date = Date(),
        securityLists: AptSecurityLists? = nil,
        today: Date = Date()
    ) {
        self.database = database
        self.policy = policy
        self.vex = vex
        self.now = now
        self.securityLists = securityLists
        self.today = today
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
        var warnings = database.warnings.filter { !$0.hasPrefix(AdvisoryDatabase.skippedPrefix) } + input.warnings
        var advisories: [AuditReport.AdvisoryFinding] = []
        var policyFindings =
            unreadableRecordFindings() + input.unaudited.map { unauditedFinding($0.name, nil, $0.reason) }
        var usedIgnores: Set<Int> = []

        for package in input.packages {
            let (findings, notes, used, unaudited) = advisoriesFor(package)
            advisories += findings
            warnings += notes
            usedIgnores.formUnion(used)
            for reason in unaudited { policyFindings.append(unauditedFinding(package.displayName, package, reason)) }
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
            } else if !usedIgnores.contains(index),
                let disposition = policy.unusedIgnore.reportedDisposition(key: "unused-ignore")
            {
                policyFindings.append(
                    .init(
                        category: .advisories,
                        rule: "seal/ignore-unused",
                        package: nil,
                        message: "the ignore of \(ignore.id) (policy line \(ignore.line)) matched no finding",
                        disposition: disposition
                    )
                )
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
            notices: notices(),
            packageCount: input.packages.count,
            scannedFile: input.scannedFile,
            recordCount: database.recordCount,
            snapshotDate: database.snapshotDate,
            signatureVerified: database.signatureVerified,
            evaluatedAt: now
        )
    }

    // MARK: Advisories

    /// The advisory findings of one package, warnings, the ignores used, and why the package (or part of
    /// it) could not be audited.
    private func advisoriesFor(
        _ package: AuditedPackage
    ) -> ([AuditReport.AdvisoryFinding], [String], Set<Int>, [String]) {
        guard let scheme = VersionScheme(ecosystem: package.ecosystem) else {
            return ([], [], [], ["Bot4 cannot order versions of ecosystem '\(package.ecosystem)'"])
        }
        if package.ecosystem.family == .debian && package.ecosystem.release == nil {
            return ([], [], [], ["its Debian release is unknown, so no Debian:<release> advisory can be matched"])
        }
        let candidates = database.entries(family: package.ecosystem.family, name: package.name).filter {
            $0.affected.ecosystem.covers(package.ecosystem)
        }
        guard let version = package.version else {
            let named = candidates.isEmpty ? "" : " (\(Set(candidates.map(\.record.id)).count) advisories name it)"
            if package.ecosystem.family == .swiftURL {
                let pin = package.branch.map { "branch '\($0)'" } ?? "revision \(package.revision ?? "?")"
                return ([], [], [], ["it is pinned to \(pin), with no SemVer version to match" + named])
            }
            return ([], [], [], ["it has no version to match" + named])
        }
        let evaluator = RangeEvaluator(scheme: scheme)
        var matched: [(record: OSVRecord, affected: OSVAffected)] = []
        var notes: [String] = []
        var unaudited: [String] = []
        var byRecord: [String: [OSVAffected]] = [:]
        for candidate in candidates {
            byRecord[candidate.record.id, default: []].append(candidate.affected)
            switch evaluator.evaluate(version, candidate.affected) {
            case .affected: matched.append(candidate)
            case .unaffected: break
            case .undecidable(let why):
                unaudited.append("\(candidate.record.id) cannot be evaluated for \(version): \(why)")
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
        return (findings, notes, used, unaudited)
    }

    private func judge(_ severity: AdvisorySeverity) -> AuditReport.Disposition {
        guard let level = severity.level else {
            return policy.unscored.disposition("unscored, and unscored = \"\(policy.unscored.rawValue)\"")
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
}
