import Audit
import Bot4TestSupport
import Release
import Testing

/// The exit code and the text `seal release` prints for each outcome of the pipeline, under the canonical sheet:
/// 0 released, 1 the staged bundle did not verify, 16 plus the findings bitset when the audit gate refused.
@Suite struct ReleaseSummaryTests {
    @Test func aReleasedBundleExitsZeroWithOneLine() {
        let verdict = ReleaseVerdict(
            directory: "/p/release/dist/v1.0.0",
            files: ["SHA256SUMS", "alpha", "alpha.minisig"],
            trustedComments: [:],
            problems: []
        )
        let summary = ReleaseSummary(
            .released(directory: "/p/release/dist/v1.0.0", verdict: verdict, executableSizes: ["alpha": 1])
        )
        #expect(summary.exitCode == 0)
        #expect(summary.standardOutput == "/p/release/dist/v1.0.0: 3 files, signed and verified")
        #expect(summary.report.isEmpty)
        #expect(summary.message == nil)
    }

    @Test func aStagedBundleThatDoesNotVerifyExitsOneNamingItsFiles() {
        let verdict = ReleaseVerdict(
            directory: "/p/release/dist/.staging-v1.0.0-abc",
            files: ["SHA256SUMS", "alpha", "beta"],
            trustedComments: [:],
            problems: [
                .init(.badSignature, file: "beta", "the signature does not verify"),
                .init(.digestMismatch, file: "alpha", "SHA256SUMS records another digest"),
                .init(.badSignature, file: "alpha", "the signature does not verify"),
            ]
        )
        let summary = ReleaseSummary(.selfVerificationFailed(verdict))
        #expect(summary.exitCode == 1)
        #expect(
            summary.message == "the staged bundle did not verify: 3 problems in alpha, beta; nothing was released"
        )
        #expect(summary.report.isEmpty)
        let lines = summary.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "/p/release/dist/.staging-v1.0.0-abc: the bundle does not verify")
        #expect(lines.dropFirst().first == "bad-signature: beta: the signature does not verify")
        #expect(lines.count == 4)
    }

    /// A refusal by the real gate (the audit tests' advisories against their Package.resolved): the exit code is
    /// the report's 16 + bitset, the audit report goes to standard error and the message names the gate.
    @Test func aRefusedReleaseExitsSixteenPlusTheBitset() throws {
        let fixtures = TestEnvironment.projectRoot.appendingPathComponent("Tests/AuditTests/Fixtures").path
        let gate = try AuditGate.check(
            AuditRequest(input: fixtures + "/Package.resolved.v3", databasePath: fixtures + "/osv")
        )
        #expect(!gate.passes)
        let summary = ReleaseSummary(.refused(gate.report))
        #expect(summary.exitCode == 16 + Int32(AuditReport.Category.advisories.rawValue))
        #expect(summary.exitCode == gate.report.exitCode)
        #expect(summary.standardOutput.isEmpty)
        #expect(summary.report == ReportRenderer.render(gate.report, format: .table))
        #expect(!summary.report.isEmpty)
        #expect(summary.message?.hasPrefix("the audit gate refused the release: ") == true)
        #expect(summary.message?.contains("exit 17") == true, "\(summary.message ?? "")")
    }
}
