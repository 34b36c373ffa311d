import ArgumentParser
import Audit
import FileSystem
import Foundation

/// `seal audit`: advisory, licence, source and ban findings for a project, a Package.resolved or an SBOM.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit dependencies against OSV advisories and the policy in policy/audit.toml.",
        discussion: """
            Reads a project folder (its Package.resolved), a Package.resolved, or a CycloneDX/SPDX SBOM; matches \
            SwiftURL pins (SemVer) and Debian:12 packages (dpkg ordering, by source package) against an offline OSV \
            database (a folder or osv.dev's all.zip), whose minisign signature is verified when the policy names a \
            key. Paths in the policy are relative to the current directory.

            Debian packages are also checked against apt's lists (--apt-lists): a newer version published by a \
            security suite such as bookworm-security but not installed is a pending security update, which the \
            policy's [advisories] security-update-pending warns about (the default), denies or allows.

            Exit codes: 0 the gate passes; 16 + a bitset when it fails (advisories 1, which includes a denied \
            pending security update, licences 2, sources 4, bans 8); 2 bad input (a malformed policy, SBOM, \
            Package.resolved or VEX document); 3 the database is missing, unsigned when a key is set, fails its \
            signature or is older than max-age, a file cannot be read, or security-update-pending = "deny" and \
            apt's lists name no security suite.

            Examples:
              seal audit
              seal audit Package.resolved --db policy/advisories --format sarif --output audit.sarif
              seal audit sbom/bot4.cdx.json --vex not-affected.openvex.json --format markdown
              seal audit --deb libssl3 --deb libpq5 --deb libsodium23
              seal audit --as-of 2026-11-25     # evaluate as on the day the committed snapshot was taken
            """
    )

    @Argument(help: "A project folder, a Package.resolved, or a CycloneDX/SPDX JSON SBOM.")
    var input: String = "."

    @Option(name: .long, help: "Advisory database: a folder of OSV records or an all.zip (default: the policy's).")
    var db: String?

    @Option(name: .long, help: "Policy file (default: policy/audit.toml when it exists).")
    var policy: String?

    @Option(name: .long, help: "A VEX document (OpenVEX or CycloneDX); repeatable.")
    var vex: [String] = []

    @Option(name: .long, help: "Also audit this installed Debian binary package (from the dpkg database); repeatable.")
    var deb: [String] = []

    @Option(name: .long, help: "The dpkg database to read --deb packages from.")
    var dpkgStatus: String = DpkgStatus.defaultPath

    @Option(name: .long, help: "apt's lists, read for security updates published but not installed.")
    var aptLists: String = AptSecurityLists.defaultDirectory

    @Option(name: .long, help: "Evaluate as on this day (YYYY-MM-DD): database age and ignore expiry.")
    var asOf: String?

    @Option(name: .long, help: "Report format: table, json, markdown or sarif.")
    var format: AuditFormat = .table

    @Option(name: .long, help: "Write the report to this file (atomically) instead of standard output.")
    var output: String?

    func run() async throws {
        try await SealExit.mapping {
            let report = try Audit.run(
                AuditRequest(
                    input: input,
                    databasePath: db,
                    policyPath: policy ?? AuditRequest.defaultPolicy(),
                    vex: vex,
                    debianPackages: deb,
                    dpkgStatus: dpkgStatus,
                    aptLists: aptLists,
                    now: try asOf.map { day throws(AuditError) in try AuditRequest.endOfDay(day) } ?? Date()
                )
            )
            let text = ReportRenderer.render(report, format: format.rendererFormat)
            if let output {
                try AtomicFile.write(Array(text.utf8), to: output)
                FileHandle.standardError.write(Data((ReportRenderer.summaryLine(report) + "\n").utf8))
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            if report.exitCode != 0 { throw ExitCode(report.exitCode) }
        }
    }
}

/// `--format` values.
enum AuditFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, markdown, sarif

    var rendererFormat: ReportRenderer.Format {
        switch self {
        case .table: .table
        case .json: .json
        case .markdown: .markdown
        case .sarif: .sarif
        }
    }
}
