import Digest
import Foundation
import JSON

/// Renders an ``AuditReport`` as a table (default), JSON, Markdown or SARIF 2.1.0.
public enum ReportRenderer {
    /// The output formats.
    public enum Format: String, Sendable, CaseIterable {
        /// A plain-text table for terminals.
        case table
        /// A stable JSON document (sorted keys).
        case json
        /// GitHub-flavoured Markdown, for job summaries and PR comments.
        case markdown
        /// SARIF 2.1.0 for GitHub code scanning.
        case sarif
    }

    /// Renders `report`; `toolVersion` goes into SARIF's driver.
    public static func render(_ report: AuditReport, format: Format, toolVersion: String = "0.1.0") -> String {
        switch format {
        case .table: table(report)
        case .json: json(report)
        case .markdown: markdown(report)
        case .sarif: SARIFWriter.write(report, toolVersion: toolVersion)
        }
    }

    static func version(_ package: AuditedPackage) -> String {
        package.version ?? package.branch.map { "branch \($0)" } ?? package.revision.map { String($0.prefix(12)) }
            ?? "-"
    }

    static func severityText(_ severity: AdvisorySeverity) -> String {
        guard let level = severity.level else { return "unscored" }
        if let score = severity.score { return "\(level) \(String(format: "%.1f", score))" }
        return "\(level)"
    }

    private static func table(_ report: AuditReport) -> String {
        var rows: [[String]] = [["STATUS", "ID", "PACKAGE", "VERSION", "SEVERITY", "FIXED IN", "SUMMARY"]]
        for finding in report.advisories {
            rows.append([
                finding.disposition.name, finding.id, finding.package.displayName, version(finding.package),
                severityText(finding.severity), finding.fixedVersions.first ?? "-", String(finding.summary.prefix(60)),
            ])
        }
        var out = ""
        if rows.count > 1 {
            let widths = (0..<rows[0].count - 1).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                var line = ""
                for (column, cell) in row.enumerated() {
                    line +=
                        column < widths.count
                        ? cell.padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0) : cell
                }
                out += line + "\n"
            }
        } else {
            out += "No advisory matches.\n"
        }
        for finding in report.securityUpdates {
            out += "\(finding.disposition.name): [advisories] \(finding.message) (\(finding.disposition.explanation))\n"
        }
        for finding in report.policy {
            out +=
                "\(finding.disposition.name): [\(finding.category)] \(finding.message) (\(finding.disposition.explanation))\n"
        }
        for warning in report.warnings { out += "warning: \(warning)\n" }
        for notice in report.notices { out += "notice: \(notice)\n" }
        out += summaryLine(report) + "\n"
        return out
    }

    /// One line: packages, advisories, snapshot date, matches and the gate verdict.
    public static func summaryLine(_ report: AuditReport) -> String {
        let denied = report.advisories.filter(\.disposition.isDenied).count
        let snapshot = report.snapshotDate.map { RFC3339.dayString($0) } ?? "undated"
        var text =
            "\(report.packageCount) packages, \(report.recordCount) advisories (snapshot \(snapshot)"
            + (report.signatureVerified ? ", signature verified" : "") + "): "
            + "\(report.advisories.count) matched, \(denied) denied; \(report.unauditedCount) not audited"
        if !report.securitySuites.isEmpty || !report.securityUpdates.isEmpty {
            text += "; \(report.securityUpdates.count) security updates pending"
        }
        let bits = report.findingsBits
        if bits == 0 {
            text += "; gate passes"
        } else {
            let failing = AuditReport.Category.allCases.filter { bits & $0.rawValue != 0 }.map(\.description)
            text += "; gate fails (\(failing.joined(separator: ", ")); exit \(report.exitCode))"
        }
        return text
    }

    private static func packageJSON(_ package: AuditedPackage) -> JSONValue {
        var object: JSONValue = [
            "ecosystem": .string(package.ecosystem.description), "name": .string(package.name),
            "display_name": .string(package.displayName),
        ]
        if let version = package.version { object["version"] = .string(version) }
        if let revision = package.revision { object["revision"] = .string(revision) }
        if let branch = package.branch { object["branch"] = .string(branch) }
        if let declaration = package.declaration {
            object["location"] = ["file": .string(declaration.file), "line": .integer(declaration.line)]
        }
        return object
    }

    private static func dispositionJSON(_ disposition: AuditReport.Disposition) -> JSONValue {
        ["status": .string(disposition.name), "reason": .string(disposition.explanation)]
    }

    private static func json(_ report: AuditReport) -> String {
        let advisories: [JSONValue] = report.advisories.map { finding in
            var severity: JSONValue = ["basis": .string(finding.severity.basis)]
            if let level = finding.severity.level { severity["level"] = .string(level.description) }
            if let score = finding.severity.score { severity["score"] = .number(score) }
            if let vector = finding.severity.vector { severity["vector"] = .string(vector) }
            return [
                "id": .string(finding.id), "ids": .strings(finding.ids), "upstream": .strings(finding.upstream),
                "summary": .string(finding.summary), "package": packageJSON(finding.package), "severity": severity,
                "fixed": .strings(finding.fixedVersions), "disposition": dispositionJSON(finding.disposition),
            ]
        }
        let policy: [JSONValue] = report.policy.map { finding in
            var object: JSONValue = [
                "category": .string(finding.category.description), "rule": .string(finding.rule),
                "message": .string(finding.message), "disposition": dispositionJSON(finding.disposition),
            ]
            if let package = finding.package { object["package"] = packageJSON(package) }
            return object
        }
        let updates: [JSONValue] = report.securityUpdates.map { finding in
            [
                "rule": .string(AuditReport.SecurityUpdateFinding.rule), "package": packageJSON(finding.package),
                "installed": .string(finding.installed), "candidate": .string(finding.candidate),
                "suite": .string(finding.suite), "list": .string(finding.list), "message": .string(finding.message),
                "disposition": dispositionJSON(finding.disposition),
            ]
        }
        let suites: [JSONValue] = report.securitySuites.map { suite in
            var object: JSONValue = [
                "name": .string(suite.name), "release_file": .string(suite.releaseFile), "lists": .strings(suite.lists),
            ]
            if let version = suite.version { object["version"] = .string(version) }
            if let date = suite.date { object["date"] = .string(date) }
            return object
        }
        var database: JSONValue = [
            "records": .integer(report.recordCount), "signature_verified": .bool(report.signatureVerified),
        ]
        if let date = report.snapshotDate { database["snapshot"] = .string(RFC3339.string(date)) }
        let object: JSONValue = [
            "scanned": .string(report.scannedFile), "packages": .integer(report.packageCount),
            "evaluated_at": .string(RFC3339.string(report.evaluatedAt)),
            "database": database, "advisories": .array(advisories), "policy": .array(policy),
            "warnings": .strings(report.warnings), "security_updates": .array(updates),
            "security_suites": .array(suites), "findings_bits": .integer(Int(report.findingsBits)),
            "exit_code": .integer(Int(report.exitCode)), "unaudited": .integer(report.unauditedCount),
            "notices": .strings(report.notices),
        ]
        return JSONWriter.string(object)
    }

    private static func escapeCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    private static func markdown(_ report: AuditReport) -> String {
        var out = "## seal audit\n\n" + summaryLine(report) + "\n\n"
        if !report.notices.isEmpty {
            out += "### Notices\n\n"
            for notice in report.notices { out += "- \(escapeCell(notice))\n" }
            out += "\n"
        }
        if !report.advisories.isEmpty {
            out += "| Status | Advisory | Package | Version | Severity | Fixed in | Summary |\n"
            out += "|---|---|---|---|---|---|---|\n"
            for finding in report.advisories {
                let link =
                    finding.id.hasPrefix("GHSA-")
                    ? "[\(finding.id)](https://github.com/advisories/\(finding.id))"
                    : "[\(finding.id)](https://osv.dev/vulnerability/\(finding.id))"
                out +=
                    "| \(finding.disposition.name) | \(link) | `\(escapeCell(finding.package.displayName))` | "
                    + "\(escapeCell(version(finding.package))) | \(severityText(finding.severity)) | "
                    + "\(escapeCell(finding.fixedVersions.joined(separator: ", "))) | \(escapeCell(finding.summary)) |\n"
            }
            out += "\n"
        }
        if !report.securityUpdates.isEmpty {
            out += "### Pending security updates\n\n"
            out += "| Status | Package | Installed | Candidate | Suite |\n|---|---|---|---|---|\n"
            for finding in report.securityUpdates {
                out +=
                    "| \(finding.disposition.name) | `\(escapeCell(finding.package.displayName))` | "
                    + "\(escapeCell(finding.installed)) | \(escapeCell(finding.candidate)) | \(escapeCell(finding.suite)) |\n"
            }
            out += "\n"
        }
        if !report.policy.isEmpty {
            out += "### Policy\n\n"
            for finding in report.policy {
                out +=
                    "- **\(finding.disposition.name)** [\(finding.category)] \(escapeCell(finding.message)) — \(escapeCell(finding.disposition.explanation))\n"
            }
            out += "\n"
        }
        if !report.warnings.isEmpty {
            out += "### Warnings\n\n"
            for warning in report.warnings { out += "- \(escapeCell(warning))\n" }
        }
        return out
    }
}
