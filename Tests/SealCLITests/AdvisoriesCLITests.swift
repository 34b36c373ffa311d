import Bot4TestSupport
import Foundation
import Testing

/// `seal advisories update` end to end: exit 0 with the text and JSON reports, exit 2 for a missing export, 3 for a broken one.
/// The refresh itself (rotation, failures that keep the old snapshot) is `AdvisorySnapshotRefreshTests`'.
@Suite struct AdvisoriesCLITests {
    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func updatePrintsItsReportAndRefusesBadExports() throws {
        let work = try TestEnvironment.temporaryDirectory("advisories-cli")
        defer { try? FileManager.default.removeItem(at: work) }
        let swiftZip = work.appendingPathComponent("SwiftURL.zip")
        try TestArchive.zip(
            folder: TestEnvironment.projectRoot.appendingPathComponent("Tests/AuditTests/Fixtures/osv/ghsa").path,
            to: swiftZip
        )
        let db = work.appendingPathComponent("advisories").path

        let text = try SealCLI.run(["advisories", "update", "--db", db, "--from", swiftZip.path])
        #expect(text.status == 0, "\(text.err)")
        #expect(text.out.contains("SwiftURL 6 records"))
        #expect(text.out.contains("new public key in \(db).pub"))

        let json = try SealCLI.run(["advisories", "update", "--db", db, "--from", swiftZip.path, "--format", "json"])
        #expect(json.status == 0, "\(json.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect((object["keyid"] as? String)?.count == 16)
        #expect((object["records"] as? [String: Any])?["SwiftURL"] as? Int == 6)

        let usage = try SealCLI.run(["advisories", "update", "--db", db, "--from", "/nonexistent.zip"])
        #expect(usage.status == 2)
        #expect(usage.err.contains("/nonexistent.zip"))
        let broken = work.appendingPathComponent("broken.zip")
        try Data("PK\u{3}\u{4} not really".utf8).write(to: broken)
        let failed = try SealCLI.run(["advisories", "update", "--db", db, "--from", broken.path])
        #expect(failed.status == 3)
        #expect(failed.err.contains("broken.zip"))
    }
}
