import Digest
import Foundation
import JSON

/// SARIF 2.1.0 for GitHub code scanning: one rule per advisory alias group (plus one per policy check), one
/// result per denied or warned finding, located on the pin's line in the scanned file, with a
/// `primaryLocationLineHash` that depends on the rule, the package and the file, not on the line, so that an
/// alert survives edits that move the pin.
enum SARIFWriter {
    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    static func write(_ report: AuditReport, toolVersion: String) -> String {
        var rules: [JSONValue] = []
        var ruleIndex: [String: Int] = [:]
        var results: [JSONValue] = []

        func addRule(_ id: String, _ rule: JSONValue) -> Int {
            if let index = ruleIndex[id] { return index }
            ruleIndex[id] = rules.count
            rules.append(rule)
            return rules.count - 1
        }

        for finding in report.advisories where isReported(finding.disposition) {
            let summary = finding.summary.isEmpty ? finding.id : finding.summary
            var properties: JSONValue = [
                "tags": ["security", "dependency", .string(finding.package.ecosystem.description)],
                "precision": "very-high",
            ]
            if let level = finding.severity.level {
                let score = finding.severity.score ?? [0.0, 1.0, 4.0, 7.0, 9.0][level.rawValue]
                properties["security-severity"] = .string(String(format: "%.1f", score))
            }
            let helpText =
                "\(finding.ids.joined(separator: ", ")): \(summary). Fixed in: "
                + (finding.fixedVersions.isEmpty
                    ? "no fixed version known" : finding.fixedVersions.joined(separator: ", "))
                + ". Severity: \(ReportRenderer.severityText(finding.severity)) (\(finding.severity.basis))."
            let helpMarkdown =
                "**\(finding.id)** \(summary)\n\n| Package | Fixed in |\n|---|---|\n| `\(finding.package.displayName)` | "
                + (finding.fixedVersions.isEmpty ? "none" : finding.fixedVersions.joined(separator: ", ")) + " |\n"
            let index = addRule(
                finding.id,
                [
                    "id": .string(finding.id), "name": "VulnerableDependency",
                    "shortDescription": ["text": .string("\(finding.id): \(summary)")],
                    "fullDescription": ["text": .string(summary)],
                    "help": ["text": .string(helpText), "markdown": .string(helpMarkdown)],
                    "helpUri": .string(
                        finding.id.hasPrefix("GHSA-")
                            ? "https://github.com/advisories/\(finding.id)"
                            : "https://osv.dev/vulnerability/\(finding.id)"
                    ),
                    "properties": properties, "deprecatedIds": .strings(finding.ids.dropFirst()),
                ]
            )
            let message =
                "Package '\(finding.package.displayName)@\(ReportRenderer.version(finding.package))' is vulnerable to '\(finding.id)'"
                + (finding.ids.count > 1 ? " (also known as \(finding.ids.dropFirst().joined(separator: ", ")))" : "")
                + ". " + finding.disposition.explanation
            results.append(
                result(
                    ruleID: finding.id,
                    ruleIndex: index,
                    level: level(finding),
                    message: message,
                    package: finding.package,
                    scannedFile: report.scannedFile
                )
            )
        }
        for finding in report.securityUpdates where isReported(finding.disposition) {
            let rule = AuditReport.SecurityUpdateFinding.rule
            let index = addRule(
                rule,
                [
                    "id": .string(rule), "name": .string(ruleName(rule)),
                    "shortDescription": ["text": .string(ruleDescription(rule))],
                    "fullDescription": ["text": .string(ruleDescription(rule))],
                    "help": [
                        "text": .string(
                            ruleDescription(rule)
                                + ". Install it (apt-get upgrade), or set [advisories] security-update-pending in policy/audit.toml."
                        )
                    ],
                    "properties": ["tags": ["security", "dependency", "advisories"], "precision": "very-high"],
                ]
            )
            results.append(
                result(
                    ruleID: rule,
                    ruleIndex: index,
                    level: finding.disposition.isDenied ? "error" : "warning",
                    message: finding.message + ". " + finding.disposition.explanation,
                    package: finding.package,
                    scannedFile: report.scannedFile
                )
            )
        }
        for finding in report.policy where isReported(finding.disposition) {
            let index = addRule(
                finding.rule,
                [
                    "id": .string(finding.rule), "name": .string(ruleName(finding.rule)),
                    "shortDescription": ["text": .string(ruleDescription(finding.rule))],
                    "fullDescription": ["text": .string(ruleDescription(finding.rule))],
                    "help": ["text": .string(ruleDescription(finding.rule) + ". See policy/audit.toml.")],
                    "properties": [
                        "tags": ["supply-chain", .string(finding.category.description)], "precision": "very-high",
                    ],
                ]
            )
            results.append(
                result(
                    ruleID: finding.rule,
                    ruleIndex: index,
                    level: finding.disposition.isDenied ? "error" : "warning",
                    message: finding.message + ". " + finding.disposition.explanation,
                    package: finding.package,
                    scannedFile: report.scannedFile
                )
            )
        }
        let run: JSONValue = [
            "tool": [
                "driver": [
                    "name": "seal", "informationUri": "https://github.com/bot4/bot4", "version": .string(toolVersion),
                    "semanticVersion": .string(toolVersion), "rules": .array(rules),
                ]
            ],
            "automationDetails": ["id": .string("seal-audit/\(relative(report.scannedFile))/")],
            "results": .array(results),
            "columnKind": "unicodeCodePoints",
            "properties": ["unaudited": .integer(report.unauditedCount), "notices": .strings(report.notices)],
        ]
        let log: JSONValue = ["$schema": .string(schema), "version": "2.1.0", "runs": [run]]
        return JSONWriter.string(log)
    }

    private static func isReported(_ disposition: AuditReport.Disposition) -> Bool {
        switch disposition {
        case .denied, .warned: true
        default: false
        }
    }

    private static func level(_ finding: AuditReport.AdvisoryFinding) -> String {
        if case .warned = finding.disposition { return "warning" }
        switch finding.severity.level {
        case .critical?, .high?, nil: return "error"
        case .medium?: return "warning"
        default: return "note"
        }
    }

    private static func ruleName(_ rule: String) -> String {
        switch rule {
        case "seal/license": "DisallowedLicense"
        case "seal/source": "UnapprovedSource"
        case "seal/ban": "BannedDependency"
        case "seal/ignore-expired": "ExpiredIgnore"
        case AuditReport.unauditedRule: "NotAudited"
        case AuditReport.SecurityUpdateFinding.rule: "SecurityUpdatePending"
        default: "UnusedIgnore"
        }
    }

    private static func ruleDescription(_ rule: String) -> String {
        switch rule {
        case "seal/license": "A dependency's licence is not allowed by the audit policy"
        case "seal/source": "A dependency comes from a source the audit policy does not allow"
        case "seal/ban": "A dependency (or this version of it) is banned by the audit policy"
        case "seal/ignore-expired": "An advisory ignore in the audit policy has expired"
        case AuditReport.unauditedRule:
            "A dependency (or an advisory record) could not be matched against any advisory, and the audit policy does not accept it"
        case AuditReport.SecurityUpdateFinding.rule:
            "A Debian package has a security update published in a security suite (apt's lists) but not installed"
        default: "An advisory ignore in the audit policy matches no finding"
        }
    }

    private static func result(
        ruleID: String,
        ruleIndex: Int,
        level: String,
        message: String,
        package: AuditedPackage?,
        scannedFile: String
    ) -> JSONValue {
        let declaration = package?.declaration
        let file = relative(declaration?.file ?? scannedFile)
        let region: JSONValue = [
            "startLine": .integer(declaration?.line ?? 1), "startColumn": .integer(declaration?.startColumn ?? 1),
            "endLine": .integer(declaration?.line ?? 1), "endColumn": .integer(declaration?.endColumn ?? 2),
        ]
        let key = "\(ruleID):\(package?.policyName ?? "policy"):\(file)"
        let digest = SnapshotManifest.hex(HashFunction.hash(.sha256, Array(key.utf8)))
        var result: JSONValue = [
            "ruleId": .string(ruleID), "ruleIndex": .integer(ruleIndex), "level": .string(level),
            "message": ["text": .string(message)],
            "locations": [["physicalLocation": ["artifactLocation": ["uri": .string(file)], "region": region]]],
            "partialFingerprints": ["primaryLocationLineHash": .string(String(digest.prefix(16)) + ":1")],
        ]
        if let package {
            result["properties"] = [
                "package": .string(package.displayName), "version": .string(ReportRenderer.version(package)),
            ]
        }
        return result
    }

    /// A path relative to the current directory when it is under it (GitHub wants repository-relative URIs).
    static func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = path.hasPrefix("/") ? path : cwd + "/" + path
        let standardized = URL(fileURLWithPath: absolute).standardizedFileURL.path
        if standardized.hasPrefix(cwd + "/") { return String(standardized.dropFirst(cwd.count + 1)) }
        return path.hasPrefix("./") ? String(path.dropFirst(2)) : path
    }
}
