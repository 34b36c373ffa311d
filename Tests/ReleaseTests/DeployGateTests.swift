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

    /// Two bundles by one key, one clean and one affected, verified; then their SBOMs (each with its valid
    /// signature) are swapped on disk. Audited from the files, each would now get the other's answer; audited
    /// from what the verification read, each keeps its own. And the swap is caught by a fresh verification.
    @Test func theAuditUsesTheVerifiedBytesNotTheFileOnDisk() async throws {
        let clean = try await ReleaseBundleFixture.make("gate-swap-clean", dependency: Self.fixed)
        let affected = try await ReleaseBundleFixture.make(
            "gate-swap-affected",
            key: clean.key,
            dependency: Self.affected
        )
        defer {
            clean.remove()
            affected.remove()
        }
        let verifiedClean = try ReleaseVerification.read(.init(directory: clean.path, publicKey: clean.publicKey))
        let verifiedAffected = try ReleaseVerification.read(
            .init(directory: affected.path, publicKey: affected.publicKey)
        )
        #expect(verifiedClean.isVerified && verifiedAffected.isVerified)
        #expect(verifiedClean.documents["fixture.cdx.json"].map { Data($0) } == (try clean.read("fixture.cdx.json")))

        let sbom = "fixture.cdx.json"
        let cleanSBOM = try clean.read(sbom)
        let cleanSignature = try clean.read(sbom + ".minisig")
        try clean.take(sbom, from: affected)
        try affected.write(sbom, cleanSBOM)
        try affected.write(sbom + ".minisig", cleanSignature)

        let request = AuditRequest(databasePath: Self.osv)
        let cleanGate = try DeployGate.audit(verifiedClean, with: request)
        let affectedGate = try DeployGate.audit(verifiedAffected, with: request)
        #expect(cleanGate.passes)
        #expect(cleanGate.report.advisories.isEmpty)
        #expect(!affectedGate.passes)
        #expect(affectedGate.report.advisories.contains { $0.ids.contains("GHSA-3mwq-h3g6-ffhm") })

        // What is on disk now would give the opposite answers, and no longer verifies against its manifests.
        let onDisk = try AuditGate.check(AuditRequest(input: clean.path + "/" + sbom, databasePath: Self.osv))
        #expect(!onDisk.passes)
        #expect(try clean.verify().has(.digestMismatch, sbom))
        #expect(try Self.gate(clean).audit == nil)
    }

    @Test func anUnverifiedBundleIsNeverAudited() async throws {
        let bundle = try await ReleaseBundleFixture.make("gate-unverified", dependency: Self.fixed)
        defer { bundle.remove() }
        try bundle.write("tool", try bundle.read("tool") + Data("x".utf8))
        let read = try ReleaseVerification.read(.init(directory: bundle.path, publicKey: bundle.publicKey))
        #expect(!read.isVerified)
        let refused = #expect(throws: ReleaseError.self) {
            try DeployGate.audit(read, with: AuditRequest(databasePath: Self.osv))
        }
        #expect(refused?.code == .negative)
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
