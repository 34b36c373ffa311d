import Audit
import Bot4TestSupport
import Foundation
import SBOM
import Testing

/// `security-update-pending`: Debian packages against the security suites of apt's lists, on the committed
/// extract of the real bookworm-security lists (Fixtures/SOURCES.md) and on this machine's own lists.
@Suite struct SecurityUpdateTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func lists() throws -> AptSecurityLists { try AptSecurityLists.load(directory: Fixture.path("apt-lists")) }

    /// libssl3, libpq5 and libsodium23 as installed on the machine whose lists the fixture holds.
    static func installed(_ fixture: String = "dpkg-status-pending") throws -> [AuditedPackage] {
        try DpkgStatus.parse(try Fixture.text(fixture), source: fixture)
    }

    static func audit(_ policy: String, _ packages: [AuditedPackage], lists: AptSecurityLists?) throws -> AuditReport {
        Auditor(
            database: AdvisoryDatabase(records: []),
            policy: try AuditPolicy.parse(
                "[database]\nmax-age = \"none\"\nsignature-key = \"none\"\n" + policy,
                source: "test.toml"
            ),
            now: now,
            securityLists: lists
        ).audit(AuditInput(packages: packages, scannedFile: "dpkg-status", hasLicenseData: false))
    }

    @Test func theFixtureListsAreTheBookwormSecuritySuite() throws {
        let lists = try Self.lists()
        let suite = try #require(lists.suites.first)
        #expect(lists.suites.count == 1)
        #expect(suite.name == "bookworm-security")
        #expect(suite.version == "12")
        #expect(suite.date == "Fri, 04 Dec 2026 03:54:28 UTC")
        #expect(suite.lists.count == 1 && suite.lists[0].hasSuffix("_main_binary-amd64_Packages"))
        #expect(lists.offers["libssl3"]?.map(\.version) == ["3.0.22-1~deb12u2"])
        #expect(lists.offers["postgresql-doc-15"]?.first?.architecture == "all")
    }

    @Test func pendingUpdatesOfTheInstalledLibraries() throws {
        let packages = try Self.installed()
        #expect(packages.map(\.displayName).sorted() == ["libpq5", "libsodium23", "libssl3"])
        let report = try Self.audit("", packages, lists: try Self.lists())
        // libsodium23 1.0.18-1+deb12u1 is what bookworm-security offers: nothing pending for it.
        #expect(report.securityUpdates.map(\.package.displayName) == ["libpq5", "libssl3"])
        let libssl = try #require(report.securityUpdates.last)
        #expect(libssl.installed == "3.0.19-1~deb12u2")
        #expect(libssl.candidate == "3.0.22-1~deb12u2")
        #expect(libssl.suite == "bookworm-security")
        #expect(libssl.disposition == .warned("security-update-pending = \"warn\""))
        #expect(report.securityUpdates.first?.candidate == "15.20-0+deb12u1")
        // The default is warn: reported, and the gate passes.
        #expect(report.exitCode == 0)
        // An up-to-date machine has nothing pending.
        #expect(try Self.audit("", try Self.installed("dpkg-status"), lists: try Self.lists()).securityUpdates.isEmpty)
    }

    @Test func theActionDecidesTheGate() throws {
        let packages = try Self.installed()
        let lists = try Self.lists()
        let denied = try Self.audit("[advisories]\nsecurity-update-pending = \"deny\"\n", packages, lists: lists)
        #expect(denied.securityUpdates.count == 2 && denied.securityUpdates.allSatisfy(\.disposition.isDenied))
        #expect(denied.findingsBits == AuditReport.Category.advisories.rawValue)
        #expect(denied.exitCode == 17)
        let allowed = try Self.audit("[advisories]\nsecurity-update-pending = \"allow\"\n", packages, lists: lists)
        #expect(allowed.securityUpdates.isEmpty && allowed.exitCode == 0)
        #expect(throws: AuditError(.malformedPolicy, "")) {
            try AuditPolicy.parse("[advisories]\nsecurity-update-pending = \"fail\"\n", source: "p.toml")
        }
        do {
            _ = try AuditPolicy.parse("[advisories]\nsecurity-update-pending = \"fail\"\n", source: "p.toml")
        } catch {
            #expect(error.message.hasPrefix("p.toml:2: advisories.security-update-pending must be"), "\(error)")
        }
    }

    @Test func architectureReleaseAndBinNMUAreRespected() throws {
        let lists = try Self.lists()
        func package(_ name: String, _ version: String, arch: String?, release: Ecosystem = .debian12) -> AuditedPackage
        {
            AuditedPackage(
                ecosystem: release,
                name: name,
                displayName: name,
                version: version,
                binaryVersion: version,
                architecture: arch
            )
        }
        #expect(lists.pendingUpdate(for: package("libssl3", "3.0.19-1~deb12u2", arch: "amd64")) != nil)
        #expect(lists.pendingUpdate(for: package("libssl3", "3.0.19-1~deb12u2", arch: "arm64")) == nil)
        #expect(lists.pendingUpdate(for: package("libssl3", "3.0.19-1~deb12u2", arch: nil)) != nil)
        #expect(lists.pendingUpdate(for: package("libssl3", "3.0.22-1~deb12u2", arch: "amd64")) == nil)
        #expect(lists.pendingUpdate(for: package("libssl3", "3.0.23-1~deb12u1", arch: "amd64")) == nil)
        let bullseye = Ecosystem(family: .debian, release: "11")
        #expect(
            lists.pendingUpdate(for: package("libssl3", "3.0.19-1~deb12u2", arch: "amd64", release: bullseye)) == nil
        )
        #expect(lists.pendingUpdate(for: package("postgresql-doc-15", "15.18-0+deb12u1", arch: "amd64")) != nil)
        // A binNMU: the binary version (not the source version) is what the lists are compared with.
        var binNMU = package("libpq5", "15.20-0+deb12u1", arch: "amd64")
        binNMU.binaryVersion = "15.20-0+deb12u1+b1"
        #expect(lists.pendingUpdate(for: binNMU) == nil)
        binNMU.binaryVersion = nil
        binNMU.version = "15.18-0+deb12u1"
        #expect(lists.pendingUpdate(for: binNMU)?.version == "15.20-0+deb12u1")
    }

    @Test func otherSuitesAreNotSecuritySuites() throws {
        let directory = try TestEnvironment.temporaryDirectory("apt-lists")
        defer { try? FileManager.default.removeItem(at: directory) }
        let prefix = directory.appendingPathComponent("deb.debian.org_debian_dists_bookworm-updates_").path
        try Data("Origin: Debian\nSuite: oldstable-updates\nCodename: bookworm-updates\nVersion: 12-updates\n".utf8)
            .write(to: URL(fileURLWithPath: prefix + "InRelease"))
        try FileManager.default.copyItem(
            atPath: Fixture.path(
                "apt-lists/deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages"
            ),
            toPath: prefix + "main_binary-amd64_Packages"
        )
        let lists = try AptSecurityLists.load(directory: directory.path)
        #expect(lists.suites.isEmpty && lists.offers.isEmpty)
        let report = try Self.audit("", try Self.installed(), lists: lists)
        #expect(report.securityUpdates.isEmpty)
        #expect(report.warnings.contains { $0.contains("pending security updates not checked") })
        // A missing folder (no apt on this machine) is no suite either, not a crash.
        #expect(try AptSecurityLists.load(directory: directory.appendingPathComponent("none").path).suites.isEmpty)
    }

    @Test func malformedListsNameTheFileAndLine() throws {
        #expect(throws: AuditError(.malformedInput, "")) {
            try AptSecurityLists.parsePackages(Array("Package: a\nVersion 1\n".utf8), source: "P", suite: "s")
        }
        do {
            _ = try AptSecurityLists.parsePackages(
                Array("Package: a\nVersion: 1\n\nVersion: 2\n".utf8),
                source: "P",
                suite: "s"
            )
            Issue.record("a paragraph without Package was accepted")
        } catch {
            #expect(error.message == "P:4: a paragraph without Package and Version fields")
        }
        do {
            _ = try AptSecurityLists.parseRelease(
                Array("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n".utf8),
                source: "R"
            )
            Issue.record("an empty InRelease was accepted")
        } catch {
            #expect(error.message == "R: no Release fields")
        }
    }

    @Test func everyReportFormatShowsAPendingUpdate() throws {
        let report = try Self.audit(
            "[advisories]\nsecurity-update-pending = \"deny\"\n",
            try Self.installed(),
            lists: try Self.lists()
        )
        let table = ReportRenderer.render(report, format: .table)
        #expect(
            table.contains(
                "denied: [advisories] libssl3 3.0.19-1~deb12u2: security update 3.0.22-1~deb12u2 published in bookworm-security"
            )
        )
        #expect(table.contains("2 security updates pending; gate fails (advisories; exit 17)"), "\(table)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(ReportRenderer.render(report, format: .json).utf8))
                as? [String: Any]
        )
        let updates = try #require(json["security_updates"] as? [[String: Any]])
        #expect(updates.map { $0["candidate"] as? String } == ["15.20-0+deb12u1", "3.0.22-1~deb12u2"])
        #expect((json["security_suites"] as? [[String: Any]])?.first?["name"] as? String == "bookworm-security")
        #expect(json["exit_code"] as? Int == 17)
        let markdown = ReportRenderer.render(report, format: .markdown)
        #expect(markdown.contains("| denied | `libpq5` | 15.18-0+deb12u1 | 15.20-0+deb12u1 | bookworm-security |"))
        let sarif = try #require(
            try JSONSerialization.jsonObject(with: Data(ReportRenderer.render(report, format: .sarif).utf8))
                as? [String: Any]
        )
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        #expect(
            results.allSatisfy {
                $0["ruleId"] as? String == "seal/security-update-pending" && $0["level"] as? String == "error"
            }
        )
        let rules = (run["tool"] as? [String: Any]).flatMap {
            ($0["driver"] as? [String: Any])?["rules"] as? [[String: Any]]
        }
        #expect(rules?.map { $0["name"] as? String } == ["SecurityUpdatePending"])
    }

    /// `Audit.run` reads apt's lists for the `--deb` packages: under deny a pending update is a finding, lists
    /// that name no security suite or cannot be read are environment failures (`AuditError.io`, exit 3 in
    /// `seal`); under warn the report says that nothing was checked.
    @Test func theRunReadsTheListsAndDenies() throws {
        let directory = try TestEnvironment.temporaryDirectory("audit-apt")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(
            atPath: Fixture.path("Package.resolved.v3"),
            toPath: directory.appendingPathComponent("Package.resolved").path
        )
        let policy = directory.appendingPathComponent("audit.toml")
        // The fixture's grpc-swift is a branch pin no advisory can be matched against: accepted by name.
        func write(_ action: String) throws {
            let text = """
                [database]
                max-age = "none"
                signature-key = "none"
                [advisories]
                security-update-pending = "\(action)"
                accept-unaudited = [ { package = "github.com/grpc/grpc-swift", reason = "a branch pin in the fixture" } ]
                """
            try Data(text.utf8).write(to: policy)
        }
        func audit(lists: String) throws(AuditError) -> AuditReport {
            try Audit.run(
                AuditRequest(
                    input: directory.path,
                    databasePath: Fixture.path("osv/debian"),
                    policyPath: policy.path,
                    debianPackages: ["libssl3", "libsodium23"],
                    dpkgStatus: Fixture.path("dpkg-status-pending"),
                    aptLists: lists
                )
            )
        }
        try write("deny")
        let denied = try audit(lists: Fixture.path("apt-lists"))
        #expect(denied.exitCode == 17)
        let json = ReportRenderer.render(denied, format: .json)
        let report = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let updates = report?["security_updates"] as? [[String: Any]]
        #expect(updates?.contains { $0["candidate"] as? String == "3.0.22-1~deb12u2" } == true, "\(json)")
        // Under deny, lists without a security suite mean the gate cannot tell: an environment failure.
        let blind = #expect(throws: AuditError.self) {
            try audit(lists: directory.appendingPathComponent("no-lists").path)
        }
        #expect(blind?.code == .io)
        #expect(blind?.description.contains("no list of a security suite") == true, "\(String(describing: blind))")
        // A compressed list apt-helper cannot read: under deny an environment failure, under warn a warning.
        let broken = directory.appendingPathComponent("broken-lists")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        let release = "deb.debian.org_debian-security_dists_bookworm-security_InRelease"
        try FileManager.default.copyItem(
            atPath: Fixture.path("apt-lists/\(release)"),
            toPath: broken.appendingPathComponent(release).path
        )
        try Data("not lz4".utf8).write(
            to: broken.appendingPathComponent(
                "deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages.lz4"
            )
        )
        let unreadable = #expect(throws: AuditError.self) { try audit(lists: broken.path) }
        #expect(unreadable?.code == .io)
        #expect(unreadable?.message.hasSuffix("cannot decompress with apt-helper") == true)
        #expect((unreadable?.underlying as? SBOMError)?.code == .toolFailed, "the cause is apt-helper's failure")
        try write("warn")
        let warned = try audit(lists: broken.path)
        #expect(warned.exitCode == 0)
        let table = ReportRenderer.render(warned, format: .table)
        #expect(table.contains("warning: pending security updates not checked:"), "\(table)")
    }

    /// This machine's own lists (after `apt-get update`): Bot4's reading must agree with apt's own
    /// `apt-cache madison` about the newest security version of each installed library.
    @Test func theLiveListsAgreeWithApt() throws {
        let lists = try AptSecurityLists.load()
        guard !lists.suites.isEmpty else {
            let message = "\(AptSecurityLists.defaultDirectory) has no security suite's lists (run apt-get update)"
            if TestEnvironment.isCI {
                Issue.record(Comment(rawValue: message))
            } else {
                FileHandle.standardError.write(Data("SKIPPED (capability): \(message)\n".utf8))
            }
            return
        }
        #expect(lists.suites.allSatisfy { $0.name.hasSuffix("-security") && !$0.lists.isEmpty })
        let status = try String(contentsOfFile: DpkgStatus.defaultPath, encoding: .utf8)
        let installed = try DpkgStatus.parse(
            status,
            source: DpkgStatus.defaultPath,
            only: ["libssl3", "libpq5", "libsodium23"]
        )
        #expect(!installed.isEmpty, "none of libssl3, libpq5, libsodium23 is installed")
        let madison = try TestEnvironment.requireTool("apt-cache")
        for package in installed {
            let result = try ProcessRunner.run(
                madison,
                ["madison", package.displayName],
                directory: URL(fileURLWithPath: "/")
            )
            let securityVersions = result.out.split(separator: "\n").compactMap { line -> String? in
                let columns = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                guard columns.count == 3, columns[2].contains("-security") else { return nil }
                return columns[1]
            }
            let newest = securityVersions.max { (VersionScheme.dpkg.compare($0, $1) ?? 0) < 0 }
            let installedVersion = try #require(package.binaryVersion)
            let expected = newest.flatMap { (VersionScheme.dpkg.compare($0, installedVersion) ?? 0) > 0 ? $0 : nil }
            #expect(lists.pendingUpdate(for: package)?.version == expected, "\(package.displayName): \(result.out)")
        }
    }
}
