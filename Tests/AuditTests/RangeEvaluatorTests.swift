import Audit
import Testing

@Suite struct RangeEvaluatorTests {
    private func record(_ name: String) throws -> OSVRecord {
        try OSVParser.parse(Fixture.bytes("osv/ghsa/\(name).json"), source: name)
    }

    private func affected(_ record: OSVRecord, _ version: String) -> Bool {
        let evaluator = RangeEvaluator(scheme: .semver)
        return record.affected.contains { evaluator.evaluate(version, $0) == .affected }
    }

    /// The evaluation vectors of the reference (OSV pseudo-code + SemVer) on the real records.
    @Test(arguments: [
        ("GHSA-v3r5-pjpm-mwgq", "1.4.0", true), ("GHSA-v3r5-pjpm-mwgq", "1.4.1", false),
        ("GHSA-v3r5-pjpm-mwgq", "1.5.0", true), ("GHSA-v3r5-pjpm-mwgq", "1.9.1", false),
        ("GHSA-v3r5-pjpm-mwgq", "1.12.0", true), ("GHSA-v3r5-pjpm-mwgq", "1.12.1", false),
        ("GHSA-v3r5-pjpm-mwgq", "1.13.1", true), ("GHSA-v3r5-pjpm-mwgq", "1.13.2", false),
        ("GHSA-7fj7-39wj-c64f", "2.29.0", true), ("GHSA-7fj7-39wj-c64f", "2.29.1", false),
        ("GHSA-7fj7-39wj-c64f", "2.38.0", false), ("GHSA-7fj7-39wj-c64f", "2.39.0", true),
        ("GHSA-7fj7-39wj-c64f", "2.39.1", false), ("GHSA-7fj7-39wj-c64f", "2.40.0", false),
        ("GHSA-7fj7-39wj-c64f", "2.41.1", true), ("GHSA-7fj7-39wj-c64f", "2.42.0", false),
        ("GHSA-3mwq-h3g6-ffhm", "4.83.1", false), ("GHSA-3mwq-h3g6-ffhm", "4.83.2", true),
        ("GHSA-3mwq-h3g6-ffhm", "4.84.1", true), ("GHSA-3mwq-h3g6-ffhm", "4.84.2", false),
        ("GHSA-pgfx-g6rc-8cjv", "0.9.0", false), ("GHSA-pgfx-g6rc-8cjv", "1.0.0", true),
        ("GHSA-pgfx-g6rc-8cjv", "1.19.1", true), ("GHSA-pgfx-g6rc-8cjv", "1.19.2-beta.1", true),
        ("GHSA-pgfx-g6rc-8cjv", "1.19.2", false),
    ])
    func realRecordVectors(id: String, version: String, expected: Bool) throws {
        #expect(affected(try record(id), version) == expected, "\(id) \(version)")
    }

    @Test func lastAffectedIsInclusiveAndLimitBounds() {
        let entry = OSVAffected(
            ecosystem: .swiftURL,
            name: "github.com/a/b",
            ranges: [OSVRange(kind: .semver, events: [.introduced("1.0.0"), .lastAffected("1.2.0")])]
        )
        let evaluator = RangeEvaluator(scheme: .semver)
        #expect(evaluator.evaluate("1.2.0", entry) == .affected)
        #expect(evaluator.evaluate("1.2.1", entry) == .unaffected)
        #expect(evaluator.evaluate("0.9.0", entry) == .unaffected)
        let limited = OSVAffected(
            ecosystem: .swiftURL,
            name: "github.com/a/b",
            ranges: [OSVRange(kind: .ecosystem, events: [.introduced("0"), .limit("2.0.0")])]
        )
        #expect(evaluator.evaluate("1.9.9", limited) == .affected)
        #expect(evaluator.evaluate("2.0.0", limited) == .unaffected)
        let listed = OSVAffected(ecosystem: .swiftURL, name: "github.com/a/b", versions: ["3.1.0"])
        #expect(evaluator.evaluate("3.1.0", listed) == .affected)
        #expect(evaluator.evaluate("3.1.1", listed) == .unaffected)
        let git = OSVAffected(
            ecosystem: .swiftURL,
            name: "github.com/a/b",
            ranges: [OSVRange(kind: .git, events: [.introduced("0"), .fixed("abc")])]
        )
        guard case .undecidable = evaluator.evaluate("1.0.0", git) else {
            Issue.record("a GIT range must be reported as undecidable")
            return
        }
    }

    @Test func debianRangesUseDpkgOrdering() throws {
        let record = try OSVParser.parse(
            Fixture.bytes("osv/debian/DEBIAN-CVE-2026-28387.json"),
            source: "DEBIAN-CVE-2026-28387"
        )
        let evaluator = RangeEvaluator(scheme: .dpkg)
        let entry = try #require(record.affected.first)
        #expect(evaluator.evaluate("3.0.18-1~deb12u2", entry) == .affected)
        #expect(evaluator.evaluate("3.0.19-1~deb12u1", entry) == .affected)
        #expect(evaluator.evaluate("3.0.19-1~deb12u2", entry) == .unaffected)
        #expect(evaluator.evaluate("3.0.22-1~deb12u2", entry) == .unaffected)
    }
}
