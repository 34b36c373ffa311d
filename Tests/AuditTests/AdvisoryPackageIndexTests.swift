import Audit
import Bot4TestSupport
import Digest
import Foundation
import Minisign
import Testing

/// A signed snapshot read through its package index: the same reports as the full load, and every file it
/// reads checked against the signed manifest.
@Suite(.serialized) struct AdvisoryPackageIndexTests {
    /// A snapshot written by `seal advisories update`'s library from the committed real records, with its key,
    /// a policy that checks its signature, and a project with the fixture Package.resolved.
    struct Snapshot {
        let work: URL
        let database: String
        let key: SecretKey
        let policy: String
        let project: String
        let dpkgStatus: String

        /// Audits the project and three installed Debian packages with the snapshot at `database`.
        func audit(_ database: String? = nil) throws(AuditError) -> AuditReport {
            try Audit.run(
                AuditRequest(
                    input: project,
                    databasePath: database ?? self.database,
                    policyPath: policy,
                    debianPackages: ["libpq5", "libsodium23", "libssl3"],
                    dpkgStatus: dpkgStatus,
                    aptLists: Fixture.path("apt-lists"),
                    now: try AuditRequest.endOfDay("2026-12-01")
                )
            )
        }

        /// Signs `snapshot.json` again (after a test rewrote it) with the snapshot's key.
        func resign() async throws {
            let signature = try await Minisign.sign(
                file: database + "/snapshot.json",
                signer: KeyFileSigner(secretKey: key)
            )
            try Data(signature.fileContents.utf8).write(to: URL(fileURLWithPath: database + "/snapshot.json.minisig"))
        }

        /// Rewrites `snapshot.json` through `change` and signs it again.
        func rewriteManifest(_ change: (inout [String: Any]) -> Void) async throws {
            let url = URL(fileURLWithPath: database + "/snapshot.json")
            var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            change(&manifest)
            try JSONSerialization.data(withJSONObject: manifest, options: [.sortedKeys]).write(to: url)
            try await resign()
        }

        /// A copy of the snapshot whose manifest names no index, signed by the same key.
        func withoutIndex() async throws -> Snapshot {
            let plain = Snapshot(
                work: work,
                database: work.appendingPathComponent("plain").path,
                key: key,
                policy: policy,
                project: project,
                dpkgStatus: dpkgStatus
            )
            try FileManager.default.copyItem(atPath: database, toPath: plain.database)
            try FileManager.default.removeItem(atPath: plain.database + "/package-index.jsonl")
            try await plain.rewriteManifest { $0["index"] = nil }
            return plain
        }

        /// Replaces the index with `text` and records its new hash in the signed manifest.
        func rewriteIndex(_ text: String) async throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: database + "/package-index.jsonl"))
            let digest = HashFunction.hash(.sha256, Array(text.utf8)).hexString
            try await rewriteManifest { $0["index"] = ["path": "package-index.jsonl", "sha256": digest] }
        }
    }

    static func snapshot(_ label: String, mirror: URL? = nil) async throws -> Snapshot {
        let root = try mirror ?? AdvisorySnapshotUpdaterTests.mirror()
        defer { try? FileManager.default.removeItem(at: root) }
        let work = try TestEnvironment.temporaryDirectory(label)
        let database = work.appendingPathComponent("advisories").path
        let key = try SecretKey.generate()
        let sources = try AdvisoryExportSource.resolve(from: [root.path], ecosystems: ["SwiftURL", "Debian:12"])
        _ = try await AdvisorySnapshotUpdater(destination: database, sources: sources)
            .update(signer: KeyFileSigner(secretKey: key), taken: Date(timeIntervalSince1970: 1_790_000_000))
        let pub = work.appendingPathComponent("snapshot.pub")
        try Data(key.publicKey.fileContents().utf8).write(to: pub)
        let policy = work.appendingPathComponent("audit.toml")
        try Data(
            "[database]\nmax-age = \"P90D\"\nsignature-key = \"\(pub.path)\"\n[advisories]\nseverity-threshold = \"low\"\n"
                .utf8
        ).write(to: policy)
        let project = work.appendingPathComponent("project")
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: false)
        try FileManager.default.copyItem(
            atPath: Fixture.path("Package.resolved.v3"),
            toPath: project.appendingPathComponent("Package.resolved").path
        )
        // The fixture's installed libraries at versions before the fixes of the real Debian records.
        let status = work.appendingPathComponent("dpkg-status")
        let installed = try Fixture.text("dpkg-status")
            .replacingOccurrences(of: "Version: 15.20-0+deb12u1", with: "Version: 15.17-0+deb12u1")
            .replacingOccurrences(of: "Version: 3.0.22-1~deb12u2", with: "Version: 3.0.18-1~deb12u2")
        try Data(installed.utf8).write(to: status)
        return Snapshot(
            work: work,
            database: database,
            key: key,
            policy: policy.path,
            project: project.path,
            dpkgStatus: status.path
        )
    }

    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func theIndexGivesTheSameReportsAsTheFullLoad() async throws {
        let snapshot = try await Self.snapshot("index-same")
        defer { try? FileManager.default.removeItem(at: snapshot.work) }
        let plain = try await snapshot.withoutIndex()

        let pub = try PublicKey(fileContents: Array(snapshot.key.publicKey.fileContents().utf8), source: "key")
        let packages = try AuditInput.load(path: snapshot.project).packages
        let indexed = try AdvisoryDatabase.load(path: snapshot.database, publicKey: pub, packages: packages)
        let full = try AdvisoryDatabase.load(path: plain.database, publicKey: pub, packages: packages)
        #expect(indexed.readThroughPackageIndex)
        #expect(!full.readThroughPackageIndex)
        #expect(indexed.recordCount == full.recordCount)
        // Only the Swift packages' records are read: none of the four Debian ones. The full load parses the same
        // records and skims the rest (a load for no particular packages parses them all).
        let everything = try AdvisoryDatabase.load(path: plain.database, publicKey: pub)
        #expect(indexed.records.count < everything.records.count)
        #expect(indexed.records.allSatisfy { $0.id.hasPrefix("GHSA-") })
        #expect(full.records.map(\.id).sorted() == indexed.records.map(\.id).sorted())
        #expect(full.recordCount == everything.recordCount)

        let withIndex = try snapshot.audit()
        let withoutIndex = try snapshot.audit(plain.database)
        #expect(!withIndex.advisories.isEmpty)
        #expect(withIndex.advisories.contains { $0.package.ecosystem.family == .debian })
        #expect(withIndex.advisories.contains { $0.package.ecosystem.family == .swiftURL })
        #expect(withIndex.exitCode == withoutIndex.exitCode)
        for format in [ReportRenderer.Format.json, .markdown, .table, .sarif] {
            #expect(
                ReportRenderer.render(withIndex, format: format) == ReportRenderer.render(withoutIndex, format: format)
            )
        }
    }

    /// A later copy of an advisory in another ecosystem's folder, naming another package, is the authoritative
    /// one in the full load; read through the index it must win too, although the index lists it under
    /// another package only.
    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func aLaterCopyOfAnAdvisoryElsewhereDecidesAsInTheFullLoad() async throws {
        let root = try TestEnvironment.temporaryDirectory("index-duplicate-mirror")
        defer { try? FileManager.default.removeItem(at: root) }
        let debian = root.appendingPathComponent("debian")
        try FileManager.default.copyItem(atPath: Fixture.path("osv/debian"), toPath: debian.path)
        let original = try Data(contentsOf: URL(fileURLWithPath: Fixture.path("osv/ghsa/GHSA-7fj7-39wj-c64f.json")))
        var record = try #require(try JSONSerialization.jsonObject(with: original) as? [String: Any])
        record["modified"] = "2030-01-01T00:00:00Z"
        var affected = try #require(record["affected"] as? [[String: Any]])
        for i in affected.indices {
            affected[i]["package"] = ["ecosystem": "SwiftURL", "name": "github.com/example/elsewhere"]
        }
        record["affected"] = affected
        try JSONSerialization.data(withJSONObject: record)
            .write(to: debian.appendingPathComponent("GHSA-7fj7-39wj-c64f.json"))
        try TestArchive.zip(folder: Fixture.path("osv/ghsa"), to: root.appendingPathComponent("SwiftURL/all.zip"))
        try TestArchive.zip(folder: debian.path, to: root.appendingPathComponent("Debian:12/all.zip"))
        let snapshot = try await Self.snapshot("index-duplicate", mirror: root)
        defer { try? FileManager.default.removeItem(at: snapshot.work) }
        let plain = try await snapshot.withoutIndex()

        let withIndex = try snapshot.audit()
        let withoutIndex = try snapshot.audit(plain.database)
        #expect(withIndex.exitCode == 17)
        #expect(!withoutIndex.advisories.contains { $0.id == "GHSA-7fj7-39wj-c64f" })
        // The record count is the manifest's files through the index (the two copies count twice) and the
        // usable records in the full load; everything else is the same.
        #expect(withIndex.recordCount == 11)
        #expect(withoutIndex.recordCount == 10)
        var counted = withoutIndex
        counted.recordCount = withIndex.recordCount
        #expect(ReportRenderer.render(withIndex, format: .json) == ReportRenderer.render(counted, format: .json))
    }

    /// Index entries name packages as their records do: a URL form and a different case match as SwiftPM
    /// canonicalises them, whether the entry takes the short path or is read strictly.
    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func indexNamesAreCanonicalisedAsTheFullLoadDoes() async throws {
        let snapshot = try await Self.snapshot("index-names")
        defer { try? FileManager.default.removeItem(at: snapshot.work) }
        let before = try snapshot.audit()
        let text = try String(contentsOfFile: snapshot.database + "/package-index.jsonl", encoding: .utf8)
        let renamed =
            text
            .replacingOccurrences(
                of: #""name":"github.com/apple/swift-nio""#,
                with: #""name":"https://GitHub.com/Apple/swift-nio.git""#
            )
            .replacingOccurrences(
                of: #""name":"github.com/swift-server/async-http-client""#,
                with: #""name":"github.com/Swift-Server/Async-HTTP-Client/""#
            )
        #expect(renamed.contains("GitHub.com/Apple") && renamed.contains("Swift-Server/Async-HTTP-Client/"))
        // A Debian entry written with an escape (read strictly) between two plain SwiftURL entries: the
        // ecosystem the short path remembers must follow.
        var lines = renamed.split(separator: "\n").map(String.init)
        let debian = try #require(lines.first { $0.hasPrefix(#"{"ecosystem":"Debian:12""#) })
        let firstSwift = try #require(lines.firstIndex { $0.hasPrefix(#"{"ecosystem":"SwiftURL""#) })
        lines.insert(debian.replacingOccurrences(of: "Debian:12", with: #"Debian\u003a12"#), at: firstSwift + 1)
        #expect(lines[(firstSwift + 2)...].contains { $0.contains("Async-HTTP-Client") || $0.contains("swift-nio") })
        try await snapshot.rewriteIndex(lines.joined(separator: "\n") + "\n")
        let after = try snapshot.audit()
        #expect(after.advisories.contains { $0.id == "GHSA-7fj7-39wj-c64f" })
        #expect(after.advisories.contains { $0.id == "GHSA-v3r5-pjpm-mwgq" })
        #expect(ReportRenderer.render(after, format: .json) == ReportRenderer.render(before, format: .json))
    }

    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func aTamperedIndexIsRefused() async throws {
        let snapshot = try await Self.snapshot("index-tampered")
        defer { try? FileManager.default.removeItem(at: snapshot.work) }
        let index = URL(fileURLWithPath: snapshot.database + "/package-index.jsonl")
        var text = try String(contentsOf: index, encoding: .utf8)
        text = text.replacingOccurrences(of: "GHSA-7fj7-39wj-c64f", with: "GHSA-3mwq-h3g6-ffhm")
        try Data(text.utf8).write(to: index)
        let error = #expect(throws: AuditError.self) { try snapshot.audit() }
        #expect(error?.code == .databaseUnusable)
        #expect(error?.message == "\(index.path): SHA-256 does not match the signed manifest")
    }

    /// The signature is checked while the index is read: a bad one is the error, whatever the index holds.
    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func aSignatureByAnotherKeyIsTheErrorWhateverTheIndexHolds() async throws {
        let snapshot = try await Self.snapshot("index-other-key")
        defer { try? FileManager.default.removeItem(at: snapshot.work) }
        try Data("not an index\n".utf8).write(to: URL(fileURLWithPath: snapshot.database + "/package-index.jsonl"))
        let other = try SecretKey.generate()
        let signature = try await Minisign.sign(
            file: snapshot.database + "/snapshot.json",
            signer: KeyFileSigner(secretKey: other)
        )
        try Data(signature.fileContents.utf8)
            .write(to: URL(fileURLWithPath: snapshot.database + "/snapshot.json.minisig"))
        let error = #expect(throws: AuditError.self) { try snapshot.audit() }
        #expect(error?.code == .databaseUnusable)
        #expect(
            error?.message.hasPrefix(snapshot.database + "/snapshot.json.minisig: ") == true,
            "\(String(describing: error))"
        )
    }

    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func aTamperedListedRecordIsRefusedAndAnUnlistedOneIsNotRead() async throws {
        let snapshot = try await Self.snapshot("index-record")
        defer { try? FileManager.default.removeItem(at: snapshot.work) }
        // A record of a package nobody audits here is not read, so its tampering goes unseen by this audit.
        try Data("{}".utf8).write(to: URL(fileURLWithPath: snapshot.database + "/Debian-12/DSA-3029-1.json"))
        #expect(try snapshot.audit().exitCode == 17)

        let listed = snapshot.database + "/SwiftURL/GHSA-7fj7-39wj-c64f.json"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: listed))
        bytes[bytes.index(before: bytes.endIndex)] = UInt8(ascii: " ")
        try bytes.write(to: URL(fileURLWithPath: listed))
        let tampered = #expect(throws: AuditError.self) { try snapshot.audit() }
        #expect(tampered?.code == .databaseUnusable)
        #expect(tampered?.message == "\(listed): SHA-256 does not match the signed manifest")

        try FileManager.default.removeItem(atPath: listed)
        let missing = #expect(throws: AuditError.self) { try snapshot.audit() }
        #expect(missing?.code == .databaseUnusable)
        #expect(missing?.message == "\(listed): listed in the signed manifest but missing")
    }

    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func anIndexEntryNamingAFileNotInTheManifestIsRefused() async throws {
        let snapshot = try await Self.snapshot("index-unlisted")
        defer { try? FileManager.default.removeItem(at: snapshot.work) }
        let index = snapshot.database + "/package-index.jsonl"
        let text = try String(contentsOfFile: index, encoding: .utf8)
        let extra = "SwiftURL/GHSA-xxxx-xxxx-xxxx.json"
        // The extra file exists on disk, so only the manifest can tell that it does not belong.
        try FileManager.default.copyItem(
            atPath: snapshot.database + "/SwiftURL/GHSA-7fj7-39wj-c64f.json",
            toPath: snapshot.database + "/" + extra
        )
        let forged = text.split(separator: "\n").map { line in
            line.contains(#""name":"github.com/apple/swift-nio""#)
                ? line.replacingOccurrences(of: #""records":["#, with: #""records":["\#(extra)","#) : String(line)
        }
        #expect(forged.joined(separator: "\n") != text.dropLast())
        try await snapshot.rewriteIndex(forged.joined(separator: "\n") + "\n")
        let error = #expect(throws: AuditError.self) { try snapshot.audit() }
        #expect(error?.code == .databaseUnusable)
        #expect(
            error?.message
                == "\(snapshot.database)/\(extra): listed in the package index but not in the signed manifest"
        )
    }

    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func theReleaseCheckReadsNoRecordThroughTheIndex() async throws {
        let snapshot = try await Self.snapshot("index-check")
        defer { try? FileManager.default.removeItem(at: snapshot.work) }
        let checked = try Audit.checkDatabase(
            AuditRequest(
                databasePath: snapshot.database,
                policyPath: snapshot.policy,
                now: try AuditRequest.endOfDay("2026-12-01")
            )
        )
        #expect(checked.readThroughPackageIndex)
        #expect(checked.records.isEmpty)
        #expect(checked.recordCount == 10)
        #expect(checked.signatureVerified)
    }
}
