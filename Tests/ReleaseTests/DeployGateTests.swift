import Audit
import Bot4TestSupport
import Foundation
import Minisign
import Release
import Testing

/// `seal gate`: a verified bundle whose SBOM passes today's audit goes through; a bundle that does not
/// verify is refused before anything is audited; an advisory the deployer's database has refuses the deploy.
@Suite struct DeployGateTests {
    static let osv = AuditGateTests.fixture("osv")
    /// Affected by GHSA-3mwq-h3g6-ffhm in the audit fixtures' database, and the version that fixes it.
    static let affected = "pkg:swift/github.com/vapor/vapor@4.83.2"
    static let fixed = "pkg:swift/github.com/vapor/vapor@4.84.2"

    static func gate(_ bundle: ReleaseBundleFixture) throws -> DeployGate.Verdict {
        try DeployGate.check(
            .init(directory: bundle.path, publicKey: bundle.publicKey, audit: AuditRequest(databasePath: osv))
        )
    }

    @Test func aVerifiedBundleWithACleanSBOMPasses() async throws {
        let bundle = try await ReleaseBundleFixture.make("gate-pass", dependency: Self.fixed)
        defer { bundle.remove() }
        let verdict = try Self.gate(bundle)
        #expect(verdict.verification.isVerified)
        #expect(verdict.audit?.report.exitCode == 0)
        #expect(verdict.passes)
    }

    @Test func anAdvisoryInTodaysDatabaseRefusesTheDeploy() async throws {
        let bundle = try await ReleaseBundleFixture.make("gate-advisory", dependency: Self.affected)
        defer { bundle.remove() }
        let verdict = try Self.gate(bundle)
        #expect(verdict.verification.isVerified)
        #expect(verdict.audit?.report.exitCode == 17)
        #expect(verdict.audit?.report.advisories.contains { $0.ids.contains("GHSA-3mwq-h3g6-ffhm") } == true)
        #expect(!verdict.passes)
    }

    @Test func aBundleThatDoesNotVerifyIsNotAudited() async throws {
        let bundle = try await ReleaseBundleFixture.make("gate-tampered", dependency: Self.fixed)
        defer { bundle.remove() }
        try bundle.write("tool", try bundle.read("tool") + Data("x".utf8))
        let verdict = try Self.gate(bundle)
        #expect(!verdict.verification.isVerified)
        #expect(verdict.audit == nil)
        #expect(!verdict.passes)
    }

    @Test func theCommandExitsWithTheSheetsCodes() async throws {
        let clean = try await ReleaseBundleFixture.make("gate-cli-clean", dependency: Self.fixed)
        let key = clean.key
        let refused = try await ReleaseBundleFixture.make("gate-cli-refused", key: key, dependency: Self.affected)
        defer {
            clean.remove()
            refused.remove()
        }
        let pub = clean.directory.appendingPathComponent("../\(clean.directory.lastPathComponent).pub").path
        try Data(key.publicKey.fileContents().utf8).write(to: URL(fileURLWithPath: pub))
        defer { try? FileManager.default.removeItem(atPath: pub) }
        func gate(_ bundle: ReleaseBundleFixture, _ extra: [String] = []) throws -> ProcessResult {
            try ProcessRunner.run(
                TestEnvironment.product("seal"),
                ["gate", bundle.path, "-p", pub, "--db", Self.osv] + extra,
                directory: clean.directory.deletingLastPathComponent()  // no policy/audit.toml to default to
            )
        }
        let passed = try gate(clean)
        #expect(passed.status == 0, "\(passed.out)\(passed.err)")
        let findings = try gate(refused)
        #expect(findings.status == 17, "\(findings.out)\(findings.err)")
        #expect(findings.out.contains("GHSA-3mwq-h3g6-ffhm"))
        let badDay = try gate(clean, ["--as-of", "yesterday"])
        #expect(badDay.status == 2)
        try clean.write("audit.md", Data("edited\n".utf8))
        let tampered = try gate(clean)
        #expect(tampered.status == 1)
        #expect(!tampered.out.contains("GHSA"))
    }
}
