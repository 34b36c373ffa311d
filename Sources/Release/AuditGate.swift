import Audit

/// The audit gate of a release (and of a deploy): the whole audit as one call, and its verdict.
public struct AuditGate: Sendable {
    /// The report the gate decided on (`audit.md`/`audit.json` of a bundle).
    public let report: AuditReport

    /// Whether the gate lets the release through: no finding the policy denies.
    public var passes: Bool { report.exitCode == 0 }

    /// Runs ``Audit/run(_:)``.
    /// - Throws: ``AuditError`` when the audit cannot be made (a malformed policy, an unusable or too-old
    ///   database); a failing gate is not an error but a verdict (``passes`` is false).
    public static func check(_ request: AuditRequest) throws(AuditError) -> AuditGate {
        AuditGate(report: try Audit.run(request))
    }
}
