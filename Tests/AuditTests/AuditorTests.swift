import Audit
import Bot4TestSupport
import Foundation
import SBOM
import Testing

@Suite struct AuditorTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    static func database() throws -> AdvisoryDatabase { try AdvisoryDatabase.load(path: Fixture.path("osv")) }

    static func input() throws -> AuditInput { try AuditInput.load(path: Fixture.path("Package.resolved.v3")) }

    /// A policy with both database checks turned off (they are tested on their own), plus `text`.
    static func policy(_ text: String) throws -> AuditPolicy {
        let database = text.contains("[database]") ? "" : "[database]\nmax-age = \"none\"\nsignature-key = \"none\"\n"
        var policy = try AuditPolicy.parse(database + text, source: "test.toml")
        policy.acceptedUnaudited += Self.branchPin.acceptedUnaudited
        return policy
    }

    /// The default policy, accepting the fixture's one branch pin (grpc-swift on `main`), which no advisory
    /// can be matched against by version.
    static var branchPin: AuditPolicy {
        var policy = AuditPolicy()
        policy.acceptedUnaudited = [.init(package: "github.com/grpc/grpc-swift", reason: "a branch pin in the fixture")]
        return policy
    }

    @Test func packageResolvedPinsAreMatchedAndLocated() throws {
        let report = Auditor(database: try Self.database(), policy: AuditPolicy(), now: Self.now).audit(
            try Self.input()
        )
        #expect(report.advisories.map(\.id) == ["GHSA-v3r5-pjpm-mwgq", "GHSA-7fj7-39wj-c64f"])
        let nio = try #require(report.advisories.first { $0.id == "GHSA-7fj7-39wj-c64f" })
        #expect(nio.ids == ["GHSA-7fj7-39wj-c64f", "CVE-2022-3215"])
        #expect(nio.severity.score == 5.3)
        #expect(nio.fixedVersions == ["2.39.1", "2.42.0"])
        #expect(nio.package.declaration?.line == 7)
        #expect(report.findingsBits == 1)
        #expect(report.exitCode == 17)
        // The branch pin cannot be matched by version: a denied unaudited finding, not a warning.
        let pin = try #require(report.policy.first { $0.rule == AuditReport.unauditedRule })
        #expect(pin.message.contains("grpc-swift") && pin.message.contains("branch 'main'"))
        #expect(pin.disposition.isDenied)
        #expect(report.unauditedCount == 1)
    }

    @Test func thresholdLabelsAndUnscored() throws {
        let database = try Self.database()
        let grpc = AuditedPackage(
            ecosystem: .swiftURL,
            name: "https://github.com/grpc/grpc-swift.git",
            version: "1.1.0"
        )
        let input = AuditInput(packages: [grpc], scannedFile: "x", hasLicenseData: false)
        // GHSA-2jx2 has an empty severity[]: its GHSA label HIGH decides, not a silent pass.
        let high = Auditor(
            database: database,
            policy: try Self.policy("[advisories]\nseverity-threshold = \"critical\"\n"),
            now: Self.now
        ).audit(input)
        #expect(high.advisories.first?.severity.basis == "label HIGH")
        #expect(high.advisories.first?.disposition.isDenied == false)
        #expect(high.exitCode == 0)
        let denied = Auditor(
            database: database,
            policy: try Self.policy("[advisories]\nseverity-threshold = \"high\"\n"),
            now: Self.now
        ).audit(input)
        #expect(denied.exitCode == 17)
        // The Debian records carry no score, label or urgency: the policy decides.
        let libssl = AuditedPackage(
            ecosystem: .debian12,
            name: "openssl",
            displayName: "libssl3",
            version: "3.0.18-1~deb12u2"
        )
        let debianInput = AuditInput(packages: [libssl], scannedFile: "x", hasLicenseData: false)
        for (action, code) in [("deny", Int32(17)), ("warn", 0), ("allow", 0)] {
            let report = Auditor(
                database: database,
                policy: try Self.policy("[advisories]\nunscored = \"\(action)\"\n"),
                now: Self.now
            )
            .audit(debianInput)
            #expect(report.advisories.map(\.id) == ["DEBIAN-CVE-2026-28387"])
            #expect(report.advisories.first?.upstream == ["CVE-2026-28387"])
            #expect(report.exitCode == code, "unscored = \(action)")
        }
    }

    @Test func ignoresByAliasExpiryAndUnused() throws {
        let database = try Self.database()
        let input = try Self.input()
        // Ignoring the CVE alias ignores the GHSA record.
        let active = try Self.policy(
            """
            [advisories]
            unused-ignore = "deny"
            ignore = [
              { id = "CVE-2022-3215", reason = "HTTP/1 server not used", until = "2026-12-31" },
              { id = "GHSA-v3r5-pjpm-mwgq", reason = "headers are constants", until = 2026-12-31 },
            ]
            """
        )
        let report = Auditor(database: database, policy: active, now: Self.now).audit(input)
        #expect(report.advisories.allSatisfy { if case .ignored = $0.disposition { true } else { false } })
        #expect(report.exitCode == 0)
        // The same ignores the day after they end fail the gate.
        let later = Auditor(database: database, policy: active, now: Self.now.addingTimeInterval(60 * 86_400)).audit(
            input
        )
        let expired = later.policy.filter { $0.rule == "seal/ignore-expired" }
        #expect(expired.count == 2)
        #expect(later.advisories.allSatisfy { $0.disposition.isDenied })
        #expect(later.exitCode == 17)
        // An ignore that matches nothing warns or denies, by policy.
        for (action, code) in [("warn", Int32(17)), ("deny", 17), ("allow", 17)] {
            let unused = try Self.policy(
                """
                [advisories]
                unused-ignore = "\(action)"
                ignore = [ { id = "GHSA-0000-0000-0000", reason = "r", until = 2026-12-31 } ]
                """
            )
            let result = Auditor(database: database, policy: unused, now: Self.now).audit(input)
            #expect(result.exitCode == code)
            let finding = result.policy.first { $0.rule == "seal/ignore-unused" }
            #expect((finding != nil) == (action != "allow"))
            #expect((finding?.disposition.isDenied ?? false) == (action == "deny"))
        }
    }

    @Test func vexNotAffectedWithJustification() throws {
        let openVEX = """
            {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://bot4.example/vex/1", "author": "Bot4",
             "timestamp": "2026-11-25T00:00:00Z", "version": 1,
             "statements": [
              {"vulnerability": {"name": "CVE-2022-3215"}, "products": [{"@id": "pkg:swift/github.com/apple/swift-nio@2.39.0"}],
               "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"},
              {"vulnerability": {"name": "GHSA-v3r5-pjpm-mwgq"}, "products": [{"@id": "pkg:swift/github.com/swift-server/async-http-client"}],
               "status": "not_affected"}
             ]}
            """
        let (statements, warnings) = try VEXStatement.parse(Array(openVEX.utf8), source: "bot4.openvex.json")
        #expect(statements.count == 1)
        #expect(warnings.count == 1 && warnings[0].contains("without a justification"))
        let report = Auditor(database: try Self.database(), policy: AuditPolicy(), vex: statements, now: Self.now)
            .audit(try Self.input())
        let nio = try #require(report.advisories.first { $0.id == "GHSA-7fj7-39wj-c64f" })
        #expect(
            nio.disposition
                == .notAffected(justification: "vulnerable_code_not_in_execute_path", source: "bot4.openvex.json")
        )
        #expect(report.exitCode == 17, "the statement without justification does not apply")

        let cycloneDX = """
            {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
             "components": [{"bom-ref": "ahc", "type": "library", "name": "async-http-client",
                             "purl": "pkg:swift/github.com/swift-server/async-http-client@1.10.0"}],
             "vulnerabilities": [{"id": "CVE-2023-0040", "analysis": {"state": "not_affected", "justification": "code_not_reachable"},
                                  "affects": [{"ref": "ahc"}]}]}
            """
        let fromCycloneDX = try VEXStatement.parse(Array(cycloneDX.utf8), source: "bot4.cdx-vex.json").statements
        let both = Auditor(
            database: try Self.database(),
            policy: Self.branchPin,
            vex: statements + fromCycloneDX,
            now: Self.now
        )
        .audit(try Self.input())
        #expect(both.exitCode == 0)
        #expect(throws: AuditError(.malformedVEX, "")) { try VEXStatement.parse(Array("[]".utf8), source: "x") }
    }

    @Test func licencesSourcesAndBansFromAnSBOM() throws {
        var nio = PackageResolved.Pin(
            identity: "swift-nio",
            kind: .remoteSourceControl,
            location: "https://github.com/apple/swift-nio.git",
            state: .init(version: "2.42.0", revision: "aaaa")
        ).component
        nio.licenses = [License(expression: "Apache-2.0")]
        var toml = PackageResolved.Pin(
            identity: "tomlkit",
            kind: .remoteSourceControl,
            location: "https://github.com/LebJe/TOMLKit.git",
            state: .init(version: "0.6.0", revision: "bbbb")
        ).component
        toml.licenses = [License(expression: "MIT OR GPL-3.0-only")]
        var zip = PackageResolved.Pin(
            identity: "zipfoundation",
            kind: .remoteSourceControl,
            location: "https://github.com/weichsel/ZIPFoundation.git",
            state: .init(version: "0.9.19", revision: "cccc")
        ).component
        zip.licenses = [License(expression: "MPL-2.0")]
        let input = AuditInput.from(components: [nio, toml, zip], file: "bom.json", text: "", hasLicenseData: true)
        let policy = try Self.policy(
            """
            [licenses]
            allow = ["Apache-2.0", "MIT"]
            [sources]
            allow-git = ["github.com/apple", "github.com/LebJe"]
            [bans]
            deny = [ { package = "https://github.com/weichsel/ZIPFoundation.git", versions = "<0.9.20", reason = "needs 0.9.20" } ]
            """
        )
        let report = Auditor(database: try Self.database(), policy: policy, now: Self.now).audit(input)
        #expect(report.advisories.isEmpty)
        #expect(
            report.policy.filter { $0.category == .licenses }.map(\.package?.displayName) == [
                "https://github.com/weichsel/ZIPFoundation.git"
            ]
        )
        #expect(report.policy.filter { $0.category == .sources }.count == 1)
        #expect(report.policy.filter { $0.category == .bans }.count == 1)
        #expect(report.findingsBits == 2 | 4 | 8)
        #expect(report.exitCode == 30)
    }

    @Test func debianPackagesFromTheDpkgDatabaseMatchBySourcePackage() throws {
        let installed = try DpkgStatus.parse(try Fixture.text("dpkg-status"), source: "dpkg-status")
        #expect(Set(installed.map(\.displayName)) == ["libssl3", "libpq5", "libsodium23"])
        let libpq = try #require(installed.first { $0.displayName == "libpq5" })
        #expect(libpq.name == "postgresql-15")
        #expect(libpq.version == "15.20-0+deb12u1")
        let database = try Self.database()
        let current = Auditor(database: database, policy: AuditPolicy(), now: Self.now)
            .audit(AuditInput(packages: installed, scannedFile: "dpkg-status", hasLicenseData: false))
        #expect(current.advisories.isEmpty, "the installed versions carry the fixes")
        // The versions before the fixes, as an SBOM's pkg:deb components would carry them.
        let older = installed.map { package -> AuditedPackage in
            var copy = package
            copy.version =
                ["openssl": "3.0.18-1~deb12u2", "postgresql-15": "15.17-0+deb12u1", "libsodium": "1.0.18-1"][
                    package.name
                ]
            return copy
        }
        let report = Auditor(database: database, policy: AuditPolicy(), now: Self.now)
            .audit(AuditInput(packages: older, scannedFile: "dpkg-status", hasLicenseData: false))
        #expect(
            Set(report.advisories.map(\.id)) == [
                "DEBIAN-CVE-2026-28387", "DEBIAN-CVE-2026-6479", "DEBIAN-CVE-2025-69277",
            ]
        )
        // A Debian:7 record (DSA-3029-1) never applies to Debian:12.
        #expect(!report.advisories.contains { $0.id == "DSA-3029-1" })
    }

    @Test func maxAgeIsMeasuredFromTheSnapshotDate() throws {
        let database = try Self.database()
        let policy = try Self.policy("[database]\nmax-age = \"P30D\"\nsignature-key = \"none\"\n")
        let snapshot = try #require(database.snapshotDate)
        try Auditor(database: database, policy: policy, now: snapshot.addingTimeInterval(29 * 86_400)).checkAge()
        #expect(throws: AuditError(.databaseTooOld, "")) {
            try Auditor(database: database, policy: policy, now: snapshot.addingTimeInterval(31 * 86_400)).checkAge()
        }
    }

    /// Registry pins are checked against `[sources] allow-registry` with the registry URL from the project's
    /// registries.json (scope entry, else `[default]`), and a pin whose registry is unknown is `unknown-registry`.
    @Test func registryPinsAreCheckedAgainstAllowRegistry() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = folder.appendingPathComponent(".swiftpm/configuration")
        try FileManager.default.createDirectory(at: configuration, withIntermediateDirectories: true)
        let resolved = """
            {
              "originHash" : "0c6b3d1a",
              "pins" : [
                {
                  "identity" : "apple.swift-nio",
                  "kind" : "registry",
                  "location" : "",
                  "state" : { "version" : "2.65.0" }
                },
                {
                  "identity" : "mona.linkedlist",
                  "kind" : "registry",
                  "location" : "",
                  "state" : { "version" : "1.1.0" }
                }
              ],
              "version" : 3
            }
            """
        try Data(resolved.utf8).write(to: folder.appendingPathComponent("Package.resolved"))
        let registries = """
            {"registries": {"[default]": {"url": "https://packages.example.com/", "supportsAvailability": false},
            "mona": {"url": "https://mona.example.net"}}, "authentication": {}, "version": 1}
            """
        try Data(registries.utf8).write(to: configuration.appendingPathComponent("registries.json"))
        let input = try AuditInput.load(path: folder.path)
        #expect(input.packages.map(\.registryIdentity) == ["apple.swift-nio", "mona.linkedlist"])
        #expect(input.packages.map(\.registryURL) == ["https://packages.example.com/", "https://mona.example.net"])
        let policy = try Self.policy(
            """
            [sources]
            allow-registry = ["https://packages.example.com"]
            unknown-registry = "warn"
            """
        )
        let report = Auditor(database: try Self.database(), policy: policy, now: Self.now).audit(input)
        let sources = report.policy.filter { $0.category == .sources }
        #expect(
            sources.map(\.message) == ["mona.linkedlist: registry mona.example.net is not in [sources] allow-registry"]
        )
        #expect(
            report.findingsBits & AuditReport.Category.sources.rawValue == 0,
            "unknown-registry = warn must not fail the gate"
        )

        try FileManager.default.removeItem(at: configuration.appendingPathComponent("registries.json"))
        let unrecorded = try AuditInput.load(path: folder.path)
        let denied = Auditor(
            database: try Self.database(),
            policy: try Self.policy("[sources]\nallow-registry = [\"https://packages.example.com\"]\n"),
            now: Self.now
        )
        .audit(unrecorded)
        #expect(denied.policy.filter { $0.category == .sources }.count == 2)
        #expect(denied.findingsBits == AuditReport.Category.sources.rawValue)

        // A registries.json that is not SwiftPM's format is bad input, named, not an unknown registry.
        try Data(#"{"registries": {"mona": {"url": 7}}}"#.utf8)
            .write(to: configuration.appendingPathComponent("registries.json"))
        let error = #expect(throws: AuditError.self) { try AuditInput.load(path: folder.path) }
        #expect(error?.code == .malformedInput)
        #expect(error?.message.contains("registries.mona.url") == true)
    }
}

/// The audit and the SBOM read the dpkg database with the same deb822 reader and agree on what is installed.
@Suite struct DpkgStatusAgreementTests {
    @Test func theAuditAndTheSBOMSeeTheSamePackages() throws {
        let dir = try TestEnvironment.temporaryDirectory("dpkg-agreement")
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try Fixture.text("dpkg-status")
        try text.write(to: dir.appendingPathComponent("status"), atomically: true, encoding: .utf8)
        let database = try DebianPackageDatabase(root: dir.path)
        let audited = try DpkgStatus.parse(text, source: "dpkg-status")
        #expect(!audited.isEmpty)
        for package in audited {
            let entry = try #require(database.packages[package.displayName], "\(package.displayName)")
            #expect(entry.source == package.name && entry.sourceVersion == package.version)
            #expect(entry.version == package.binaryVersion && entry.architecture == package.architecture)
        }
        #expect(Set(database.packages.values.map(\.name)) == Set(audited.map(\.displayName)))
    }

    @Test func aDamagedStatusFileNamesTheLine() throws {
        #expect {
            try DpkgStatus.parse("Package: a\nStatus: install ok installed\nbroken\n", source: "status")
        } throws: { error in
            (error as? AuditError)?.message == "status:3: expected `Field: value`"
        }
    }
}
