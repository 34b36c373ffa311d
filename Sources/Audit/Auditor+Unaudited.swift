import Foundation

/// What the gate could not audit, and the checks it did not run: both are findings or notices in every
/// report, never a silent pass.
extension Auditor {
    /// A component (or an advisory record) no advisory could be matched against: accepted by name in
    /// `[advisories] accept-unaudited`, or else judged by `[advisories] unaudited` (deny by default).
    func unauditedFinding(_ name: String, _ package: AuditedPackage?, _ why: String) -> AuditReport.PolicyFinding {
        let message = "\(name) is not audited: \(why)"
        let names = [name, package?.displayName, package?.name, package?.policyName].compactMap { $0 }
        if let accepted = policy.acceptedUnaudited.first(where: { names.contains($0.package) }) {
            return .init(
                category: .advisories,
                rule: AuditReport.unauditedRule,
                package: package,
                message: message,
                disposition: .allowed("accept-unaudited: \(accepted.reason)")
            )
        }
        return .init(
            category: .advisories,
            rule: AuditReport.unauditedRule,
            package: package,
            message: message,
            disposition: policy.unaudited.disposition("unaudited = \"\(policy.unaudited.rawValue)\"")
        )
    }

    /// One unaudited finding per advisory record that could not be read: what it would have matched is
    /// unknown, so it counts like a component nothing audits.
    func unreadableRecordFindings() -> [AuditReport.PolicyFinding] {
        database.unreadableRecords.map { record in
            unauditedFinding("an advisory record", nil, "it could not be read (\(record))")
        }
    }

    /// The checks the policy turned off or that did not run, and an evaluation date that is not today.
    func notices() -> [String] {
        var notices: [String] = []
        if policy.signatureCheckTurnedOff {
            notices.append("signature-key = \"none\": the advisory snapshot's signature is not checked")
        } else if !database.signatureVerified {
            notices.append("no signature-key: the advisory snapshot's signature is not checked")
        }
        if policy.maxAgeTurnedOff {
            notices.append("max-age = \"none\": the advisory database's age is not checked")
        } else if policy.maxAge == nil {
            notices.append("no max-age: the advisory database's age is not checked")
        }
        if RFC3339.dayString(now) != RFC3339.dayString(today) {
            notices.append("evaluated as of \(RFC3339.dayString(now)), not today (\(RFC3339.dayString(today)))")
            if let maxAge = policy.maxAge, let taken = database.snapshotDate,
                now.timeIntervalSince(taken) <= maxAge, today.timeIntervalSince(taken) > maxAge
            {
                let days = Int(today.timeIntervalSince(taken) / 86_400)
                notices.append(
                    "the advisory snapshot of \(RFC3339.dayString(taken)) is \(days) days old today, older than "
                        + "max-age \(policy.maxAgeText ?? ""): the as-of date hides a stale database"
                )
            }
        }
        return notices
    }
}
