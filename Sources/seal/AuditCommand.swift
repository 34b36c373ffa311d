import ArgumentParser
import Audit
import FileSystem
import Foundation
import Minisign

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
              seal audit sbom/bot4.cdx.json --vex policy/vex/bot4.openvex.json --format markdown
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
            let code: Int32
            do throws(AuditError) {
                code = try audit()
            } catch {
                SealExit.report(error.message)
                switch error.code {
                case .databaseUnusable, .databaseTooOld, .io: throw SealExit.environment
                default: throw SealExit.badInput
                }
            }
            if code != 0 { throw ExitCode(code) }
        }
    }

    /// Runs the audit and prints the report; returns the findings exit code.
    private func audit() throws(AuditError) -> Int32 {
        let now: Date
        if let asOf {
            guard let day = try? Date.ISO8601FormatStyle().year().month().day().parse(asOf) else {
                throw AuditError(.malformedInput, "--as-of \(asOf): expected a day YYYY-MM-DD")
            }
            now = day.addingTimeInterval(86_400 - 1)
        } else {
            now = Date()
        }
        let policyPath =
            policy ?? (FileManager.default.fileExists(atPath: "policy/audit.toml") ? "policy/audit.toml" : nil)
        let rules = try policyPath.map { path throws(AuditError) in try AuditPolicy.load(path: path) } ?? AuditPolicy()
        guard let databasePath = db ?? rules.databasePath else {
            throw AuditError(.malformedPolicy, "no advisory database: give --db or set [database] path in the policy")
        }
        var key: PublicKey?
        if let keyPath = rules.signatureKey {
            guard let bytes = FileManager.default.contents(atPath: keyPath) else {
                throw AuditError(.io, "\(keyPath): cannot read the snapshot's public key")
            }
            do throws(MinisignError) {
                key = try PublicKey(fileContents: [UInt8](bytes), source: keyPath)
            } catch {
                throw AuditError(.malformedPolicy, error.message)
            }
        }
        let database = try AdvisoryDatabase.load(path: databasePath, publicKey: key)
        var statements: [VEXStatement] = []
        var warnings: [String] = []
        for path in rules.vex + vex {
            let loaded = try VEXStatement.load(path: path)
            statements += loaded.statements
            warnings += loaded.warnings
        }
        var scanned = try AuditInput.load(path: input)
        if !deb.isEmpty {
            guard let data = FileManager.default.contents(atPath: dpkgStatus) else {
                throw AuditError(.io, "\(dpkgStatus): cannot read the dpkg database")
            }
            let installed = try DpkgStatus.parse(
                String(decoding: data, as: UTF8.self),
                source: dpkgStatus,
                only: Set(deb)
            )
            for name in deb where !installed.contains(where: { $0.displayName == name }) {
                throw AuditError(.malformedInput, "--deb \(name): not installed according to \(dpkgStatus)")
            }
            scanned.packages += installed
        }
        scanned.warnings += warnings
        let lists = try securityLists(rules, &scanned)
        let auditor = Auditor(database: database, policy: rules, vex: statements, now: now, securityLists: lists)
        try auditor.checkAge()
        let report = auditor.audit(scanned)
        let text = ReportRenderer.render(report, format: format.rendererFormat)
        if let output {
            do throws(AtomicFile.WriteError) {
                try AtomicFile.write(Array(text.utf8), to: output)
            } catch {
                throw AuditError(.io, error.description)
            }
            FileHandle.standardError.write(Data((ReportRenderer.summaryLine(report) + "\n").utf8))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        return report.exitCode
    }
}

extension AuditCommand {
    /// apt's security suites, read when the policy checks pending security updates and Debian packages are
    /// audited. Under `security-update-pending = "deny"` lists that cannot be read or name no security suite are
    /// an environment failure (the gate cannot tell); under `warn` the report says that nothing was checked.
    private func securityLists(
        _ rules: AuditPolicy,
        _ scanned: inout AuditInput
    ) throws(AuditError) -> AptSecurityLists? {
        guard rules.securityUpdatePending != .allow,
            scanned.packages.contains(where: { $0.ecosystem.family == .debian })
        else { return nil }
        let deny = rules.securityUpdatePending == .deny
        let lists: AptSecurityLists
        do throws(AuditError) {
            lists = try AptSecurityLists.load(directory: aptLists)
        } catch {
            if deny { throw error }
            scanned.warnings.append("pending security updates not checked: \(error.message)")
            return nil
        }
        if lists.suites.isEmpty && deny {
            throw AuditError(
                .io,
                "\(aptLists): no list of a security suite (run apt-get update), so security-update-pending = \"deny\" "
                    + "cannot be checked"
            )
        }
        return lists
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
