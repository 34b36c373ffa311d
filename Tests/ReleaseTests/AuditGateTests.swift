import Audit
import Bot4TestSupport
import Foundation
import Release
import Testing

/// The release's audit gate as a call: a refusal is a verdict with its report, an unusable database an error.
@Suite struct AuditGateTests {
    /// The audit tests' fixtures (a Package.resolved with advisories against it, an OSV folder).
    static func fixture(_ name: String) -> String {
        TestEnvironment.projectRoot.appendingPathComponent("Tests/AuditTests/Fixtures/\(name)").path
    }

    @Test func findingsRefuseTheReleaseAsAVerdict() throws {
        let gate = try AuditGate.check(
            AuditRequest(input: Self.fixture("Package.resolved.v3"), databasePath: Self.fixture("osv"))
        )
        #expect(!gate.passes)
        #expect(gate.report.exitCode == 17)
    }

    @Test func nothingToFindLetsTheReleaseThrough() throws {
        let directory = try TestEnvironment.temporaryDirectory("audit-gate-empty")
        defer { try? FileManager.default.removeItem(at: directory) }
        let resolved = directory.appendingPathComponent("Package.resolved")
        try Data(#"{"originHash":"0","pins":[],"version":3}"#.utf8).write(to: resolved)
        let gate = try AuditGate.check(AuditRequest(input: resolved.path, databasePath: Self.fixture("osv")))
        #expect(gate.passes)
        #expect(gate.report.exitCode == 0)
    }

    @Test func anUnusableDatabaseIsAnError() throws {
        let error = #expect(throws: AuditError.self) {
            try AuditGate.check(
                AuditRequest(input: Self.fixture("Package.resolved.v3"), databasePath: "/nonexistent/advisories")
            )
        }
        #expect(error.map { [.databaseUnusable, .io].contains($0.code) } == true)
    }
}
