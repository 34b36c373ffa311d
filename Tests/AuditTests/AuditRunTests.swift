import Audit
import Bot4TestSupport
import Foundation
import Minisign
import Testing

/// `Audit.run`: the audit `seal audit` and the release gate make, called as a library. Findings are the
/// report's verdict (`exitCode`, 16 plus the bitset); failures are `AuditError`s whose codes `seal` maps to
/// the sheet's exit codes (`AuditCLITests` checks that mapping end to end).
@Suite struct AuditRunTests {
    /// A scratch project with the fixture Package.resolved (and no policy/audit.toml).
    static func project(_ label: String) throws -> URL {
        let directory = try TestEnvironment.temporaryDirectory(label)
        try FileManager.default.copyItem(
            atPath: Fixture.path("Package.resolved.v3"),
            toPath: directory.appendingPathComponent("Package.resolved").path
        )
        return directory
    }

    @Test func findingsAreAVerdictNotAnError() throws {
        let directory = try Self.project("audit-run")
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try Audit.run(
            AuditRequest(
                input: directory.path,
                databasePath: Fixture.path("osv"),
                policyPath: nil
            )
        )
        #expect(report.exitCode == 17)
        #expect(ReportRenderer.render(report, format: .table).contains("GHSA-7fj7-39wj-c64f"))
    }

    /// `inputContents` is what is audited: `input` only names it (here a path that does not exist, then a
    /// file whose own contents would give another verdict).
    @Test func givenContentsAreAuditedAndTheInputFileIsNeverOpened() throws {
        let directory = try Self.project("audit-run-contents")
        defer { try? FileManager.default.removeItem(at: directory) }
        let affected = Array(try Data(contentsOf: URL(fileURLWithPath: Fixture.path("Package.resolved.v3"))))
        let missing = directory.appendingPathComponent("elsewhere/Package.resolved").path
        let report = try Audit.run(
            AuditRequest(input: missing, inputContents: affected, databasePath: Fixture.path("osv"))
        )
        #expect(report.exitCode == 17)
        #expect(ReportRenderer.render(report, format: .table).contains("GHSA-7fj7-39wj-c64f"))

        let empty = Array(#"{"pins":[],"version":3}"#.utf8)
        let onDisk = directory.appendingPathComponent("Package.resolved").path
        let clean = try Audit.run(AuditRequest(input: onDisk, inputContents: empty, databasePath: Fixture.path("osv")))
        #expect(clean.exitCode == 0)

        let garbage = #expect(throws: AuditError.self) {
            try Audit.run(
                AuditRequest(input: onDisk, inputContents: Array("{".utf8), databasePath: Fixture.path("osv"))
            )
        }
        #expect(garbage?.code == .malformedInput)
    }

    /// The database check a release makes before it builds: the same age and signature checks as the audit.
    @Test func theDatabaseIsCheckedOnItsOwn() throws {
        let directory = try Self.project("audit-run-database")
        defer { try? FileManager.default.removeItem(at: directory) }
        let policy = directory.appendingPathComponent("audit.toml")
        try Data("[database]\nmax-age = \"P30D\"\nsignature-key = \"none\"\n".utf8).write(to: policy)
        let fresh = try Audit.checkDatabase(
            AuditRequest(
                databasePath: Fixture.path("osv"),
                policyPath: policy.path,
                now: try AuditRequest.endOfDay("2026-05-20")
            )
        )
        // Checked for no package in particular: every record is counted, none needs parsing.
        #expect(fresh.recordCount > 0)
        #expect(!fresh.signatureVerified)
        let old = #expect(throws: AuditError.self) {
            try Audit.checkDatabase(
                AuditRequest(
                    databasePath: Fixture.path("osv"),
                    policyPath: policy.path,
                    now: try AuditRequest.endOfDay("2030-01-01")
                )
            )
        }
        #expect(old?.code == .databaseTooOld)
        #expect(old?.description.contains("max-age P30D") == true)

        let key = directory.appendingPathComponent("snapshot.pub")
        try Data(try SecretKey.generate().publicKey.fileContents().utf8).write(to: key)
        try Data("[database]\nmax-age = \"none\"\nsignature-key = \"\(key.path)\"\n".utf8).write(to: policy)
        let unsigned = #expect(throws: AuditError.self) {
            try Audit.checkDatabase(AuditRequest(databasePath: Fixture.path("osv"), policyPath: policy.path))
        }
        #expect(unsigned?.code == .databaseUnusable)
        #expect(unsigned?.message.contains("signature key") == true)
    }

    @Test func failuresAreErrorsWithTheSheetsKinds() throws {
        let directory = try Self.project("audit-run-errors")
        defer { try? FileManager.default.removeItem(at: directory) }
        let policy = directory.appendingPathComponent("audit.toml")
        let db = Fixture.path("osv")

        try Data("[advisories]\nseverity-threshold = \"severe\"\n".utf8).write(to: policy)
        let malformed = #expect(throws: AuditError.self) {
            try Audit.run(AuditRequest(input: directory.path, databasePath: db, policyPath: policy.path))
        }
        #expect(malformed?.code == .malformedPolicy)
        #expect(malformed?.message.contains("audit.toml:2:") == true)
        #expect(malformed?.message.contains("severity-threshold") == true)

        try Data("[database]\nmax-age = \"P30D\"\nsignature-key = \"none\"\n".utf8).write(to: policy)
        let old = #expect(throws: AuditError.self) {
            try Audit.run(
                AuditRequest(
                    input: directory.path,
                    databasePath: db,
                    policyPath: policy.path,
                    now: try AuditRequest.endOfDay("2030-01-01")
                )
            )
        }
        #expect(old?.code == .databaseTooOld)
        #expect(old?.description.contains("max-age") == true)

        let missing = #expect(throws: AuditError.self) {
            try Audit.run(
                AuditRequest(input: directory.path, databasePath: directory.appendingPathComponent("nothing").path)
            )
        }
        #expect(missing.map { [.databaseUnusable, .io].contains($0.code) } == true, "\(String(describing: missing))")

        let day = #expect(throws: AuditError.self) { try AuditRequest.endOfDay("tomorrow") }
        #expect(day?.message.contains("--as-of tomorrow") == true)
    }

    @Test func aDisallowedSourceAddsItsBitToTheVerdict() throws {
        let directory = try Self.project("audit-run-sources")
        defer { try? FileManager.default.removeItem(at: directory) }
        let policy = directory.appendingPathComponent("audit.toml")
        try Data(
            """
            [database]
            max-age = "none"
            signature-key = "none"
            [licenses]
            allow = ["MIT"]
            [sources]
            allow-git = ["github.com/apple"]

            """.utf8
        ).write(to: policy)
        let report = try Audit.run(
            AuditRequest(input: directory.path, databasePath: Fixture.path("osv"), policyPath: policy.path)
        )
        #expect(report.exitCode == 16 + 1 + 4)
    }

    @Test func theJSONAndMarkdownReportsCarryTheVerdict() throws {
        let directory = try Self.project("audit-run-formats")
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = try Audit.run(AuditRequest(input: directory.path, databasePath: Fixture.path("osv")))
        let json = ReportRenderer.render(report, format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["exit_code"] as? Int == 17)
        #expect((object["advisories"] as? [Any])?.count == 2)
        let markdown = ReportRenderer.render(report, format: .markdown)
        #expect(
            markdown.contains("| denied | [GHSA-v3r5-pjpm-mwgq](https://github.com/advisories/GHSA-v3r5-pjpm-mwgq)")
        )
    }

    @Test func anUninstalledDebianPackageIsNamed() throws {
        let directory = try Self.project("audit-run-deb")
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: AuditError.self) {
            try Audit.run(
                AuditRequest(
                    input: directory.path,
                    databasePath: Fixture.path("osv"),
                    debianPackages: ["no-such-package"],
                    dpkgStatus: Fixture.path("dpkg-status")
                )
            )
        }
        #expect(error?.message.contains("--deb no-such-package") == true)
    }
}
