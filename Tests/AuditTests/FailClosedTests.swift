import Bot4TestSupport
import Foundation
import SBOM
import Testing

@testable import Audit

/// Nothing passes the gate unaudited unless the policy says so by name, and a check the policy turns off,
/// or an as-of date that hides a stale database, is visible in every report format.
@Suite struct FailClosedTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18
    static let database = "[database]\nmax-age = \"none\"\nsignature-key = \"none\"\n"

    static func policy(_ text: String = "") throws -> AuditPolicy {
        try AuditPolicy.parse(database + text, source: "test.toml")
    }

    static func component(
        _ name: String,
        purl: String?,
        version: String? = nil,
        kind: Component.Kind = .library
    )
        throws -> Component
    {
        Component(
            bomRef: purl ?? name,
            kind: kind,
            name: name,
            version: version,
            purl: try purl.map { try PackageURL(parsing: $0) }
        )
    }

    static func audit(_ components: [Component], policy: AuditPolicy, records: [OSVRecord] = []) -> AuditReport {
        let input = AuditInput.from(components: components, file: "bom.json", text: "", hasLicenseData: false)
        return Auditor(database: AdvisoryDatabase(records: records), policy: policy, now: now, today: now)
            .audit(input)
    }

    static func record(_ json: String) throws -> OSVRecord { try OSVParser.parse(Array(json.utf8), source: "r.json") }

    /// Every way a component escapes matching, each a denied `seal/unaudited` finding by default.
    static func unauditable() throws -> [Component] {
        [
            try component("no-purl", purl: nil, version: "1.0"),
            try component("swift-runtime", purl: "pkg:generic/swiftlang/swift-runtime@6.3.1", version: "6.3.1"),
            try component("left-pad", purl: "pkg:npm/left-pad@1.3.0", version: "1.3.0"),
            try component("libc6-ubuntu", purl: "pkg:deb/ubuntu/libc6@2.35-0ubuntu3?distro=ubuntu-22.04"),
            try component("libnodistro", purl: "pkg:deb/debian/libnodistro@1.0-1", version: "1.0-1"),
            try component("libsid", purl: "pkg:deb/debian/libsid@1.0-1?distro=debian-sid", version: "1.0-1"),
            try component(
                "branch-pin",
                purl: "pkg:swift/github.com/example/branch-pin@0123456789abcdef",
                version: "main-branch"
            ),
        ]
    }

    @Test func everyUnauditableComponentIsADeniedFindingByDefault() throws {
        let report = Self.audit(try Self.unauditable(), policy: try Self.policy())
        let names = report.policy.filter { $0.rule == AuditReport.unauditedRule }.map(\.message)
        #expect(report.unauditedCount == 7, "\(names)")
        for name in ["no-purl", "swift-runtime", "left-pad", "libc6-ubuntu", "libnodistro", "libsid", "branch-pin"] {
            #expect(names.contains { $0.hasPrefix(name) || $0.contains("/\(name)") }, "\(name) in \(names)")
        }
        #expect(report.policy.allSatisfy { $0.disposition.isDenied })
        #expect(report.exitCode == 17)
    }

    @Test func acceptedByNameWithAReasonOrWarnedByPolicy() throws {
        let accepting = try Self.policy(
            """
            [advisories]
            accept-unaudited = [ { package = "swift-runtime", reason = "no OSV ecosystem covers the toolchain" } ]
            """
        )
        let report = Self.audit([try Self.unauditable()[1]], policy: accepting)
        #expect(report.unauditedCount == 1)
        #expect(report.policy.first?.disposition == .allowed("accept-unaudited: no OSV ecosystem covers the toolchain"))
        #expect(report.exitCode == 0)
        // Accepting one name accepts only that name.
        #expect(Self.audit(try Self.unauditable(), policy: accepting).exitCode == 17)

        let warning = Self.audit(
            try Self.unauditable(),
            policy: try Self.policy("[advisories]\nunaudited = \"warn\"\n")
        )
        #expect(warning.exitCode == 0)
        #expect(warning.unauditedCount == 7)
        #expect(throws: AuditError.self) {
            try Self.policy("[advisories]\naccept-unaudited = [ { package = \"swift-runtime\" } ]\n")
        }
    }

    @Test func aRangeThatCannotBeEvaluatedIsNotAPass() throws {
        let record = try Self.record(
            """
            {"id": "GHSA-test-test-test", "modified": "2026-01-01T00:00:00Z",
             "affected": [{"package": {"ecosystem": "SwiftURL", "name": "https://github.com/example/lib"},
                           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "not-a-version"}]}]}]}
            """
        )
        let lib = try Self.component("lib", purl: "pkg:swift/github.com/example/lib@1.0.0", version: "1.0.0")
        let report = Self.audit([lib], policy: try Self.policy(), records: [record])
        #expect(report.unauditedCount == 1)
        #expect(report.policy.first?.message.contains("GHSA-test-test-test") == true)
        #expect(report.exitCode == 17)
    }

    @Test func anAdvisoryRecordThatCannotBeReadIsNotAPass() throws {
        let folder = try TestEnvironment.temporaryDirectory("fail-closed-db")
        try Data(contentsOf: URL(fileURLWithPath: Fixture.path("osv/ghsa/GHSA-7fj7-39wj-c64f.json")))
            .write(to: folder.appendingPathComponent("good.json"))
        try Data("{\"id\": 3}".utf8).write(to: folder.appendingPathComponent("broken.json"))
        let database = try AdvisoryDatabase.load(path: folder.path)
        let report = Auditor(database: database, policy: try Self.policy(), now: Self.now, today: Self.now)
            .audit(AuditInput(packages: [], scannedFile: "bom.json", hasLicenseData: false))
        #expect(report.unauditedCount == 1)
        #expect(report.policy.first?.message.contains("broken.json") == true)
        #expect(report.exitCode == 17)
    }

    /// The spellings of a Debian release other SBOM tools write, and the SBOM's own operating-system component.
    @Test(arguments: [
        ("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12", nil as String?, "12" as String?),
        ("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12.5", nil, "12"),
        ("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=bookworm", nil, "12"),
        ("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-bookworm", nil, "12"),
        ("pkg:deb/debian/libssl3@3.0.11-1~deb12u2", "12.5", "12"),
        ("pkg:deb/debian/libssl3@3.0.11-1~deb12u2", "bookworm", "12"),
        ("pkg:deb/debian/libssl3@3.0.11-1~deb12u2", nil, nil),
        ("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-sid", "12", nil),
        ("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12.x", nil, nil),
    ])
    func theDebianReleaseComesFromTheSBOMOrIsRefused(purl: String, system: String?, release: String?) throws {
        var components = [try Self.component("libssl3", purl: purl, version: "3.0.11-1~deb12u2")]
        if let system {
            components.append(try Self.component("debian", purl: nil, version: system, kind: .operatingSystem))
        }
        let input = AuditInput.from(components: components, file: "bom.json", text: "", hasLicenseData: false)
        #expect(input.unaudited.isEmpty, "the operating-system component is context, not a package")
        #expect(input.packages.first?.ecosystem.release == release)
        let record = try Self.record(
            """
            {"id": "DEBIAN-CVE-2099-0001", "modified": "2026-01-01T00:00:00Z",
             "affected": [{"package": {"ecosystem": "Debian:12", "name": "libssl3"},
                           "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "3.0.15-1~deb12u1"}]}]}]}
            """
        )
        let report = Self.audit(components, policy: try Self.policy(), records: [record])
        if release == nil {
            #expect(report.advisories.isEmpty)
            #expect(report.unauditedCount == 1)
        } else {
            #expect(report.advisories.map(\.id) == ["DEBIAN-CVE-2099-0001"])
            #expect(report.unauditedCount == 0)
        }
        #expect(report.exitCode == 17)
    }

    /// `max-age` and `signature-key` must be stated; "none" turns a check off, and every format says so.
    @Test func theDatabaseChecksMustBeStatedAndTurningThemOffIsVisible() throws {
        for text in [
            "[advisories]\nunscored = \"deny\"\n",
            "[database]\nmax-age = \"P90D\"\n",
            "[database]\nsignature-key = \"policy/advisories.pub\"\n",
            "[database]\nmax-age = \"P90D\"\nsignature-key = \"\"\n",
        ] {
            #expect {
                _ = try AuditPolicy.parse(text, source: "audit.toml")
            } throws: { error in
                let error = error as? AuditError
                return error?.code == .malformedPolicy && error?.message.contains("is required") == true
            }
        }
        let off = try Self.policy()
        #expect(off.maxAgeTurnedOff && off.signatureCheckTurnedOff)
        #expect(off.maxAge == nil && off.signatureKey == nil)
        let report = Self.audit([], policy: off)
        #expect(report.notices.count == 2)
        for format in ReportRenderer.Format.allCases {
            let text = ReportRenderer.render(report, format: format)
            #expect(
                text.contains("signature-key = \\\"none\\\"") || text.contains("signature-key = \"none\""),
                "\(format)"
            )
            #expect(text.contains("max-age = \\\"none\\\"") || text.contains("max-age = \"none\""), "\(format)")
        }
    }

    /// Every format counts the unaudited components, denied or accepted.
    @Test func everyFormatCountsTheUnauditedComponents() throws {
        let report = Self.audit(try Self.unauditable(), policy: try Self.policy())
        #expect(ReportRenderer.render(report, format: .table).contains("7 not audited"))
        #expect(ReportRenderer.render(report, format: .markdown).contains("7 not audited"))
        for format in [ReportRenderer.Format.json, .sarif] {
            let data = Data(ReportRenderer.render(report, format: format).utf8)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let count =
                format == .json
                ? object["unaudited"] as? Int
                : ((object["runs"] as? [[String: Any]])?.first?["properties"] as? [String: Any])?["unaudited"] as? Int
            #expect(count == 7, "\(format)")
        }
        let sarif = ReportRenderer.render(report, format: .sarif)
        #expect(sarif.contains(AuditReport.unauditedRule))
    }

    /// An as-of date on which the snapshot was fresh, while today it is older than max-age: the report says so.
    @Test func anAsOfDateThatHidesAStaleDatabaseIsVisible() throws {
        let taken = Self.now
        let policy = try AuditPolicy.parse(
            "[database]\nmax-age = \"P90D\"\nsignature-key = \"none\"\n",
            source: "audit.toml"
        )
        let database = AdvisoryDatabase(records: [], snapshotDate: taken)
        let today = taken.addingTimeInterval(120 * 86_400)
        let asOf = Auditor(database: database, policy: policy, now: taken.addingTimeInterval(86_400), today: today)
        try asOf.checkAge()
        let report = asOf.audit(AuditInput(packages: [], scannedFile: "bom.json", hasLicenseData: false))
        #expect(report.notices.contains { $0.contains("hides a stale database") }, "\(report.notices)")
        for format in ReportRenderer.Format.allCases {
            #expect(ReportRenderer.render(report, format: format).contains("hides a stale database"), "\(format)")
        }
        // Evaluated today, the same database is refused outright.
        #expect(throws: AuditError.self) {
            try Auditor(database: database, policy: policy, now: today, today: today).checkAge()
        }
        let fresh = Auditor(database: database, policy: policy, now: taken, today: taken)
            .audit(AuditInput(packages: [], scannedFile: "bom.json", hasLicenseData: false))
        #expect(!fresh.notices.contains { $0.contains("as of") })
    }
}
