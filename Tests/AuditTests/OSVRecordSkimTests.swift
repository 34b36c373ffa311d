import Bot4TestSupport
import Foundation
import Testing

@testable import Audit

/// The skim of records that name no audited package: it reads what the parser reads of them, or declines.
@Suite struct OSVRecordSkimTests {
    /// Every committed real record: the fixtures and the snapshot in `policy/advisories`.
    static func realRecords() throws -> [(name: String, bytes: [UInt8])] {
        let roots = [
            Fixture.path("osv"),
            TestEnvironment.projectRoot.appendingPathComponent("policy/advisories").path,
        ]
        var records: [(String, [UInt8])] = []
        for root in roots {
            for folder in ["ghsa", "debian"] {
                let directory = root + "/" + folder
                for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
                where name.hasSuffix(".json") {
                    records.append(
                        (
                            folder + "/" + name,
                            [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
                        )
                    )
                }
            }
        }
        return records
    }

    static func skim(_ text: String) -> OSVRecordSkim? {
        Array(text.utf8).withUnsafeBufferPointer { OSVRecordSkim.read($0) }
    }

    static func expectAgreement(_ skim: OSVRecordSkim, _ record: OSVRecord, _ name: String) {
        #expect(skim.id == record.id, "\(name)")
        #expect(skim.modified == record.modified, "\(name)")
        #expect(skim.withdrawn == (record.withdrawn != nil), "\(name)")
        #expect(skim.packages.map { Ecosystem(osv: $0.ecosystem) } == record.affected.map(\.ecosystem), "\(name)")
        #expect(skim.packages.map(\.name) == record.affected.map(\.name), "\(name)")
    }

    @Test func theSkimReadsWhatTheParserReadsOfRealRecords() throws {
        let records = try Self.realRecords()
        #expect(records.count >= 10)
        for (name, bytes) in records {
            let record = try OSVParser.parse(bytes, source: name)
            let skim = try #require(bytes.withUnsafeBufferPointer { OSVRecordSkim.read($0) }, "\(name)")
            Self.expectAgreement(skim, record, name)
            // The same record written by another writer (compact, `/` escaped): declined or in agreement.
            let rewritten = try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(bytes)))
            if let other = [UInt8](rewritten).withUnsafeBufferPointer({ OSVRecordSkim.read($0) }) {
                Self.expectAgreement(other, record, name + " (rewritten)")
            }
        }
    }

    /// Each of these the parser reads differently or refuses: the skim declines, and the record is parsed.
    @Test(arguments: [
        #"{"id":"X-1","modified":"2026-01-01T00:00:00Z","affected":[]"#,
        #"{"id":"X-1","modified":"2026-01-01T00:00:00Z","affected":[]} x"#,
        #"{"id":"X\u002d1","modified":"2026-01-01T00:00:00Z"}"#,
        #"{"\u0069d":"X-1","modified":"2026-01-01T00:00:00Z"}"#,
        #"{"id":"X-1","modified":5}"#,
        #"{"id":"","modified":"2026-01-01T00:00:00Z"}"#,
        #"{"id":null,"modified":"2026-01-01T00:00:00Z"}"#,
        #"{"modified":"2026-01-01T00:00:00Z"}"#,
        #"{"id":"X-1"}"#,
        #"{"id":"X-1","modified":"2026-01-01T00:00:00Z","withdrawn":true}"#,
        #"{"id":"X-1","modified":"2026-01-01T00:00:00Z","affected":null}"#,
        #"{"id":"X-1","modified":"2026-01-01T00:00:00Z","affected":{}}"#,
        #"{"id":"X-1","modified":"2026-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"SwiftURL"}}]}"#,
        #"{"id":"X-1","modified":"2026-01-01T00:00:00Z","affected":[{"package":{"name":"a","ecosystem":null}}]}"#,
        #"{"id":"X-1","modified":"2026-01-01T00:00:00Z","affected":[{"package":{"name":"a\/b","ecosystem":"SwiftURL"}}]}"#,
        #"{"id":"X-1","modified":"2026-01-01T00:00:00Z","affected":[{"package":"a"}]}"#,
        #"{"id":"X-1","modified":"2026-01-01T00:00:00Z","details":{"a":[1,2}}"#,
        #"{"id":"X-1","modified":"2026-01-01T00:00:00Z","details":"unterminated}"#,
        #"{"id":"X-1","modified":"2026-01-01T00:00:00Z","details":"an escaped quote is no end\"}"#,
        #"{"id":"X-1","modified":"2026-01-01T00:00:00Z","details":"\\\"}"#,
        #"{"id":"X-1","modified":"2026-01-01T00:00:00Z",}"#,
        #"{"id":"X-1" "modified":"2026-01-01T00:00:00Z"}"#,
        #"["id","X-1"]"#,
        "",
    ])
    func whatTheSkimDoesNotReadIsParsed(text: String) {
        #expect(Self.skim(text) == nil)
    }

    @Test func unknownFieldsOfAnyShapeAndEscapesOutsideTheTrackedOnesAreSkimmed() throws {
        let text = """
             { "id" : "X-1", "details": "a \\"quoted\\" \\\\ word\\n", "references": [{"url": "https://x/\\u00e9"}],
              "database_specific": {"nested": [[1, 2.5e3, -0], {"id": "not the record's"}], "t": true, "f": false},
              "withdrawn": null, "modified": "2026-01-01T00:00:00Z",
              "affected": [{"ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}],
                            "package": {"purl": "pkg:deb/debian/zlib", "ecosystem": "Debian:12", "name": "zlib"}},
                           {"package": {"ecosystem": "SwiftURL", "name": "github.com/a/b"}, "versions": []}],
              "id": "X-2" }
            """
        let skim = try #require(Self.skim(text))
        let record = try OSVParser.parse(Array(text.utf8), source: "x")
        Self.expectAgreement(skim, record, "x")
        #expect(skim.id == "X-2")
        #expect(skim.packages.map(\.name) == ["zlib", "github.com/a/b"])
    }

    /// A skipped string ends at the first quote after an even run of backslashes (none, or escaped ones).
    @Test func aSkippedStringEndsAtItsFirstUnescapedQuote() throws {
        let text =
            #"{"id":"X-1","details":"\\","summary":"a\\\"b\"c\\","modified":"2026-01-01T00:00:00Z","#
            + #""aliases":["\"","\\\\"],"affected":[]}"#
        let skim = try #require(Self.skim(text))
        let record = try OSVParser.parse(Array(text.utf8), source: "x")
        Self.expectAgreement(skim, record, "x")
        #expect(record.summary == #"a\"b"c\"#)
    }

    // MARK: Loads

    static func write(_ records: [String: String], into directory: URL) throws {
        for (relative, text) in records {
            let url = directory.appendingPathComponent(relative)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: url)
        }
    }

    static func record(_ id: String, modified: String, package: String, extra: String = "") -> String {
        """
        {"id":"\(id)","modified":"\(modified)"\(extra),"affected":[{"package":{"ecosystem":"SwiftURL",\
        "name":"\(package)"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"}]}]}]}
        """
    }

    /// A load for some packages (skimming the rest) gives those packages the entries, and the database the
    /// counts, date and warnings, of a load that parses every record: over the committed real records.
    @Test func aLoadForSomePackagesMatchesTheFullParse() throws {
        let sbom = TestEnvironment.projectRoot.appendingPathComponent("sbom/bot4.cdx.json").path
        let packages = try AuditInput.load(path: sbom).packages
        for folder in [
            Fixture.path("osv"), TestEnvironment.projectRoot.appendingPathComponent("policy/advisories").path,
        ] {
            let parsed = try AdvisoryDatabase.load(path: folder)
            let skimmed = try AdvisoryDatabase.load(path: folder, packages: packages)
            #expect(skimmed.records.count < parsed.records.count, "\(folder)")
            #expect(skimmed.recordCount == parsed.recordCount)
            #expect(skimmed.withdrawnCount == parsed.withdrawnCount)
            #expect(skimmed.snapshotDate == parsed.snapshotDate)
            #expect(skimmed.warnings == parsed.warnings)
            var matched = 0
            for package in packages {
                let want = parsed.entries(family: package.ecosystem.family, name: package.name).map(\.record.id)
                let got = skimmed.entries(family: package.ecosystem.family, name: package.name).map(\.record.id)
                #expect(got == want, "\(package.name)")
                matched += want.count
            }
            #expect(matched > 0, "\(folder): no record names a package of Bot4's SBOM")
            let report = Auditor(database: skimmed, policy: AuditPolicy())
                .audit(AuditInput(packages: packages, scannedFile: "x", hasLicenseData: false))
            let full = Auditor(database: parsed, policy: AuditPolicy())
                .audit(AuditInput(packages: packages, scannedFile: "x", hasLicenseData: false))
            #expect(report.advisories.map(\.id) == full.advisories.map(\.id))
        }
    }

    /// Duplicates resolve over skimmed and parsed copies alike: a newer copy that names no audited package
    /// still replaces an older one that does; an older one does not.
    @Test func aNewerSkimmedCopyOfAnAdvisoryStillWins() throws {
        let wanted = [AuditedPackage(ecosystem: .swiftURL, name: "https://github.com/a/wanted.git", version: "1.0.0")]
        for (newerIsOther, expected) in [(true, [String]()), (false, ["X-1"])] {
            let directory = try TestEnvironment.temporaryDirectory("skim-duplicates")
            defer { try? FileManager.default.removeItem(at: directory) }
            let (wantedDate, otherDate) =
                newerIsOther
                ? ("2025-01-01T00:00:00Z", "2026-01-01T00:00:00Z") : ("2026-01-01T00:00:00Z", "2025-01-01T00:00:00Z")
            try Self.write(
                [
                    "a/X-1.json": Self.record("X-1", modified: wantedDate, package: "github.com/a/wanted"),
                    "b/X-1.json": Self.record("X-1", modified: otherDate, package: "github.com/a/other"),
                    "b/Y-1.json": Self.record(
                        "Y-1",
                        modified: "2026-02-01T00:00:00Z",
                        package: "github.com/a/other",
                        extra: #","withdrawn":"2026-02-01T00:00:00Z""#
                    ),
                ],
                into: directory
            )
            for packages in [wanted, nil] {
                let database = try AdvisoryDatabase.load(path: directory.path, packages: packages)
                #expect(database.entries(family: .swiftURL, name: wanted[0].name).map(\.record.id) == expected)
                #expect(database.recordCount == 1)
                #expect(database.withdrawnCount == 1)
                #expect(database.snapshotDate == RFC3339.date("2026-02-01T00:00:00Z"))
            }
        }
    }

    /// A malformed record that names an audited package is parsed and reported, whatever the skim made of it;
    /// one that names no audited package is skimmed and not reported (as through a package index).
    @Test func aMalformedRecordIsReportedWhenItNamesAnAuditedPackage() throws {
        let directory = try TestEnvironment.temporaryDirectory("skim-malformed")
        defer { try? FileManager.default.removeItem(at: directory) }
        let badSeverity = #","severity":"high""#
        try Self.write(
            [
                "a/X-1.json": Self.record(
                    "X-1",
                    modified: "2026-01-01T00:00:00Z",
                    package: "github.com/a/wanted",
                    extra: badSeverity
                ),
                "a/X-2.json": Self.record(
                    "X-2",
                    modified: "2026-01-01T00:00:00Z",
                    package: "github.com/a/other",
                    extra: badSeverity
                ),
                "a/X-3.json": Self.record("X-3", modified: "2026-01-01T00:00:00Z", package: "github.com/a/other"),
            ],
            into: directory
        )
        let wanted = [AuditedPackage(ecosystem: .swiftURL, name: "github.com/a/wanted", version: "1.0.0")]
        let database = try AdvisoryDatabase.load(path: directory.path, packages: wanted)
        #expect(database.unreadableRecords.count == 1)
        #expect(database.unreadableRecords.first?.contains("X-1.json") == true, "\(database.unreadableRecords)")
        #expect(database.recordCount == 2)
        let everything = try AdvisoryDatabase.load(path: directory.path)
        #expect(everything.unreadableRecords.count == 2)
    }
}
