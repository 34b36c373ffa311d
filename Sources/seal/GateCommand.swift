import ArgumentParser
import Audit
import Foundation
import JSON
import Release

/// `seal gate`: the deploy gate (the bundle verifies and its SBOM passes today's audit).
struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Deploy gate: the bundle verifies and its CycloneDX SBOM passes the audit with today's database.",
        discussion: """
            Runs verify-release on the bundle, then audits its CycloneDX SBOM (*.cdx.json) under the policy \
            with the advisory database the deployer has now, not the one the release was built with. Exit 0 \
            only when both pass; 1 the bundle does not verify (nothing is audited); 16 + a bitset when the \
            audit refuses (advisories 1, licences 2, sources 4, bans 8); 2 bad input (a bad key, a malformed \
            policy); 3 the bundle cannot be read or the database is unusable or too old.

            Examples:
              seal gate release/dist/v1.2.0 -p release/bot4.pub
              seal gate release/dist/v1.2.0 -p release/bot4.pub --policy policy/audit.toml --db /srv/advisories
            """
    )

    @Argument(help: "The bundle folder.")
    var directory: String

    @Option(name: .customShort("p"), help: ArgumentHelp("The release public key file.", valueName: "pubkey"))
    var publicKeyFile: String

    @Option(name: .long, help: "Policy file (default: policy/audit.toml when it exists).")
    var policy: String?

    @Option(name: .long, help: "Advisory database: a folder of OSV records or an all.zip (default: the policy's).")
    var db: String?

    @Option(name: .long, help: "Evaluate the audit as on this day (YYYY-MM-DD): database age and ignore expiry.")
    var asOf: String?

    @Option(name: .long, help: "Report format: text or json.")
    var format: ReportFormat = .text

    func run() async throws {
        try await SealExit.mapping {
            let request = DeployGate.Request(
                directory: directory,
                publicKey: try loadPublicKey(file: publicKeyFile, inline: nil),
                audit: AuditRequest(
                    databasePath: db,
                    policyPath: policy ?? AuditRequest.defaultPolicy(),
                    now: try asOf.map { day throws(AuditError) in try AuditRequest.endOfDay(day) } ?? Date()
                )
            )
            let verdict = try DeployGate.check(request)
            print(Self.render(verdict, format: format))
            guard verdict.verification.isVerified else { throw SealExit.negative }
            if let report = verdict.audit?.report, report.exitCode != 0 { throw ExitCode(report.exitCode) }
        }
    }

    /// The verification's report followed by the audit's (a table), or one JSON object with both.
    static func render(_ verdict: DeployGate.Verdict, format: ReportFormat) -> String {
        if format == .json {
            var members: [(String, JSONValue)] = [
                ("passes", .bool(verdict.passes)), ("verification", verdict.verification.jsonValue),
            ]
            if let report = verdict.audit?.report {
                let audit = ReportRenderer.render(report, format: .json)
                members.append(("audit", (try? JSONParser.parse(Array(audit.utf8))) ?? .string(audit)))
            }
            return JSONWriter.string(.object(members)).trimmingCharacters(in: .newlines)
        }
        var text = VerifyReleaseCommand.render(verdict.verification, format: .text)
        if let report = verdict.audit?.report {
            text += "\n" + ReportRenderer.render(report, format: .table).trimmingCharacters(in: .newlines)
            text += "\n" + ReportRenderer.summaryLine(report)
        }
        return text
    }
}
