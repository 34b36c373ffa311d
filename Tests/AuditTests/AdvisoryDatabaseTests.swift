import Audit
import Bot4TestSupport
import Foundation
import Minisign
import Testing

@Suite struct AdvisoryDatabaseTests {
    /// Copies the fixture records into a fresh folder.
    static func folder(_ label: String) throws -> URL {
        let directory = try TestEnvironment.temporaryDirectory(label)
        try FileManager.default.copyItem(
            atPath: Fixture.path("osv"),
            toPath: directory.appendingPathComponent("osv").path
        )
        return directory.appendingPathComponent("osv")
    }

    @Test func loadsRealRecordsAndTheirShapes() throws {
        let database = try AdvisoryDatabase.load(path: Fixture.path("osv"))
        #expect(database.records.count == 10)
        let grpc = try #require(database.records.first { $0.id == "GHSA-2jx2-qcm4-rf9h" })
        #expect(grpc.severity.isEmpty)
        #expect(grpc.severityLabel == "HIGH")
        let debian = try #require(database.records.first { $0.id == "DEBIAN-CVE-2025-69277" })
        #expect(debian.upstream == ["CVE-2025-69277"])
        #expect(debian.affected.first?.ecosystem == .debian12)
        #expect(database.snapshotDate != nil)
    }

    @Test func unknownFieldsAreToleratedAndMalformedRecordsSkippedWithTheirFile() throws {
        let directory = try Self.folder("osv-bad")
        var json = try #require(
            try JSONSerialization.jsonObject(with: Data(Fixture.bytes("osv/ghsa/GHSA-frg3-gpcx-968f.json")))
                as? [String: Any]
        )
        json["x_future_field"] = ["nested": [1, 2, 3]]
        json["id"] = "GHSA-test-unknown-field"
        try JSONSerialization.data(withJSONObject: json).write(to: directory.appendingPathComponent("future.json"))
        try Data("{\"id\": \"BROKEN-1\"}".utf8).write(to: directory.appendingPathComponent("broken.json"))
        try Data("{not json".utf8).write(to: directory.appendingPathComponent("garbage.json"))
        let database = try AdvisoryDatabase.load(path: directory.path)
        #expect(database.records.contains { $0.id == "GHSA-test-unknown-field" })
        #expect(database.warnings.contains { $0.contains("broken.json") && $0.contains("modified") })
        #expect(database.warnings.contains { $0.contains("garbage.json") })
        #expect(!database.records.contains { $0.id == "BROKEN-1" })
    }

    @Test func withdrawnRecordsNeverMatchAndDuplicatesKeepTheLaterModified() throws {
        let original = try OSVParser.parse(Fixture.bytes("osv/ghsa/GHSA-pgfx-g6rc-8cjv.json"), source: "pgfx")
        var withdrawn = try OSVParser.parse(Fixture.bytes("osv/ghsa/GHSA-frg3-gpcx-968f.json"), source: "frg3")
        withdrawn.withdrawn = "2024-01-01T00:00:00Z"
        // The same id seen with GHSA's older ecosystem spelling and an older `modified` (audit reference §2.3).
        var older = original
        older.modified = "2023-05-18T17:32:00Z"
        older.affected[0].ecosystem = Ecosystem(osv: "purl-type:swift")
        older.affected[0].name = "swift-nio-http2"
        older.affected[0].ranges = []
        let database = AdvisoryDatabase(records: [older, withdrawn, original])
        #expect(database.records.map(\.id) == ["GHSA-pgfx-g6rc-8cjv"])
        #expect(database.withdrawnCount == 1)
        #expect(database.records[0].affected[0].name == "github.com/apple/swift-nio-http2")
        let auditor = Auditor(database: database, policy: AuditPolicy())
        let package = AuditedPackage(
            ecosystem: .swiftURL,
            name: "https://github.com/apple/swift-nio-ssl.git",
            version: "2.0.0"
        )
        let report = auditor.audit(AuditInput(packages: [package], scannedFile: "x", hasLicenseData: false))
        #expect(report.advisories.isEmpty, "a withdrawn record must not match")
    }

    @Test func purlTypeSwiftAndUrlNamesMatchAsSwiftURL() throws {
        var record = try OSVParser.parse(Fixture.bytes("osv/ghsa/GHSA-3mwq-h3g6-ffhm.json"), source: "3mwq")
        record.affected[0].ecosystem = Ecosystem(osv: "purl-type:swift")
        record.affected[0].name = "https://github.com/vapor/vapor"
        let database = AdvisoryDatabase(records: [record])
        let package = AuditedPackage(ecosystem: .swiftURL, name: "git@github.com:Vapor/Vapor.git", version: "4.84.1")
        let report = Auditor(database: database, policy: AuditPolicy())
            .audit(AuditInput(packages: [package], scannedFile: "x", hasLicenseData: false))
        #expect(report.advisories.map(\.id) == ["GHSA-3mwq-h3g6-ffhm"])
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TestEnvironment.python) || TestEnvironment.isCI))
    func loadsOsvDevAllZipLayout() throws {
        let directory = try TestEnvironment.temporaryDirectory("osv-zip")
        let zip = directory.appendingPathComponent("all.zip").path
        // Python's zipfile writes the archive: an independent writer of the layout osv.dev publishes.
        let script = """
            import sys, zipfile, os
            src, out = sys.argv[1], sys.argv[2]
            with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
                for root, _, files in os.walk(src):
                    for f in files:
                        z.write(os.path.join(root, f), f)
                z.writestr('broken.json', '{"id": 1}')
            """
        let result = try ProcessRunner.run(TestEnvironment.python, ["-c", script, Fixture.path("osv"), zip])
        try #require(result.status == 0, "\(result.err)")
        let database = try AdvisoryDatabase.load(path: zip)
        #expect(database.records.count == 10)
        #expect(database.warnings.contains { $0.contains("all.zip!broken.json") })
    }

    /// A signed `all.zip` is verified whole (streamed) before it is read as a zip: a changed byte anywhere, a
    /// missing signature or another key's is refused, naming the signature.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TestEnvironment.python) || TestEnvironment.isCI))
    func aSignedAllZipIsVerifiedWholeBeforeItIsRead() async throws {
        let directory = try TestEnvironment.temporaryDirectory("osv-zip-signed")
        defer { try? FileManager.default.removeItem(at: directory) }
        let zip = directory.appendingPathComponent("all.zip").path
        let script = """
            import sys, zipfile, os
            src, out = sys.argv[1], sys.argv[2]
            with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
                for root, _, files in os.walk(src):
                    for f in sorted(files):
                        z.write(os.path.join(root, f), f)
            """
        let result = try ProcessRunner.run(TestEnvironment.python, ["-c", script, Fixture.path("osv"), zip])
        try #require(result.status == 0, "\(result.err)")
        let key = try SecretKey.generate()
        let publicKey = try PublicKey(fileContents: Array(key.publicKey.fileContents().utf8), source: "key")
        let signature = try await Minisign.sign(file: zip, signer: KeyFileSigner(secretKey: key))
        try Data(signature.fileContents.utf8).write(to: URL(fileURLWithPath: zip + ".minisig"))

        let database = try AdvisoryDatabase.load(path: zip, publicKey: publicKey)
        #expect(database.signatureVerified)
        #expect(database.records.count == 10)

        // One byte of the archive's first entry changed: the signature no longer holds.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: zip))
        bytes[40] ^= 1
        try bytes.write(to: URL(fileURLWithPath: zip))
        let changed = #expect(throws: AuditError.self) { try AdvisoryDatabase.load(path: zip, publicKey: publicKey) }
        #expect(changed?.code == .databaseUnusable)
        #expect(changed?.message.hasPrefix("\(zip).minisig: ") == true)
        bytes[40] ^= 1
        try bytes.write(to: URL(fileURLWithPath: zip))
        #expect(try AdvisoryDatabase.load(path: zip, publicKey: publicKey).records.count == 10)

        let other = try SecretKey.generate()
        let otherKey = try PublicKey(fileContents: Array(other.publicKey.fileContents().utf8), source: "other")
        let wrongKey = #expect(throws: AuditError.self) { try AdvisoryDatabase.load(path: zip, publicKey: otherKey) }
        #expect(wrongKey?.code == .databaseUnusable)

        try FileManager.default.removeItem(atPath: zip + ".minisig")
        let unsigned = #expect(throws: AuditError.self) { try AdvisoryDatabase.load(path: zip, publicKey: publicKey) }
        #expect(unsigned?.message == "\(zip).minisig: the snapshot signature is missing")
    }

    /// The input FuzzZipArchive hung on (an entry whose compressed data runs past the end of the file): both
    /// zip paths, the database's `all.zip` and `seal advisories update`'s export, now refuse it at once,
    /// naming the entry. The time limit turns a return of the hang into a failure.
    @Test(.timeLimit(.minutes(1)))
    func anEntryRunningPastTheEndOfTheFileIsRefused() throws {
        let path = TestEnvironment.projectRoot
            .appendingPathComponent("FuzzTesting/FailCases/FuzzZipArchive-data-past-end-of-file.zip").path
        #expect {
            try AdvisoryDatabase.load(path: path)
        } throws: { error in
            let error = try #require(error as? AuditError)
            return error.code == .databaseUnusable && error.description.contains("!GHSA-record.json")
                && error.description.contains("run past the end")
        }
        #expect {
            try OSVExportArchive(path: path)
        } throws: { error in
            let error = try #require(error as? AuditError)
            return error.code == .databaseUnusable && error.description.contains("!GHSA-record.json")
        }
    }

    @Test(.enabled(if: TestEnvironment.canRun("minisign")))
    func signedSnapshotIsVerifiedBeforeUse() throws {
        let minisign = try TestEnvironment.requireTool("minisign")
        let folder = try Self.folder("osv-signed")
        let keys = folder.deletingLastPathComponent()
        let pub = keys.appendingPathComponent("snap.pub").path
        let sec = keys.appendingPathComponent("snap.key").path
        try #require(try ProcessRunner.run(minisign, ["-G", "-W", "-p", pub, "-s", sec]).status == 0)
        let taken = Date(timeIntervalSince1970: 1_795_000_000)
        let manifest = try SnapshotManifest.build(folder: folder.path, taken: taken, source: "fixtures")
        let manifestPath = folder.appendingPathComponent(SnapshotManifest.fileName).path
        try Data(manifest.json.utf8).write(to: URL(fileURLWithPath: manifestPath))
        try #require(try ProcessRunner.run(minisign, ["-S", "-s", sec, "-m", manifestPath]).status == 0)
        let key = try PublicKey(fileContents: Fixture.bytesOf(pub), source: pub)

        let database = try AdvisoryDatabase.load(path: folder.path, publicKey: key)
        #expect(database.signatureVerified)
        #expect(database.snapshotDate == taken)

        // A changed record no longer matches the signed manifest.
        let record = folder.appendingPathComponent("ghsa/GHSA-frg3-gpcx-968f.json")
        var bytes = try Data(contentsOf: record)
        bytes.append(contentsOf: Array(" ".utf8))
        try bytes.write(to: record)
        #expect(throws: AuditError(.databaseUnusable, "")) {
            try AdvisoryDatabase.load(path: folder.path, publicKey: key)
        }
        try bytes.dropLast().write(to: record)
        // An extra, unsigned record is refused.
        try Fixture.bytes("osv/ghsa/GHSA-pgfx-g6rc-8cjv.json").write(to: folder.appendingPathComponent("extra.json"))
        #expect(throws: AuditError(.databaseUnusable, "")) {
            try AdvisoryDatabase.load(path: folder.path, publicKey: key)
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("extra.json"))
        #expect(try AdvisoryDatabase.load(path: folder.path, publicKey: key).records.count == 10)
        // Another key's signature fails.
        let otherPub = keys.appendingPathComponent("other.pub").path
        let otherSec = keys.appendingPathComponent("other.key").path
        try #require(try ProcessRunner.run(minisign, ["-G", "-W", "-p", otherPub, "-s", otherSec]).status == 0)
        let other = try PublicKey(fileContents: Fixture.bytesOf(otherPub), source: otherPub)
        #expect(throws: AuditError(.databaseUnusable, "")) {
            try AdvisoryDatabase.load(path: folder.path, publicKey: other)
        }
        // A legacy signature of the manifest cut to its first two lines (the signify shape, no trusted
        // comment) is refused: the snapshot signature is read as minisign only.
        try #require(try ProcessRunner.run(minisign, ["-S", "-l", "-s", sec, "-m", manifestPath]).status == 0)
        let legacy = try String(contentsOfFile: manifestPath + ".minisig", encoding: .utf8)
        let cut = legacy.split(separator: "\n").prefix(2).joined(separator: "\n") + "\n"
        try Data(cut.utf8).write(to: URL(fileURLWithPath: manifestPath + ".minisig"))
        #expect {
            try AdvisoryDatabase.load(path: folder.path, publicKey: key)
        } throws: { error in
            guard let error = error as? AuditError, let cause = error.underlying as? MinisignError else { return false }
            return cause.code == .malformedSignature && error.description.contains("trusted comment not present")
        }
        // No signature at all.
        try FileManager.default.removeItem(atPath: manifestPath + ".minisig")
        #expect(throws: AuditError(.databaseUnusable, "")) {
            try AdvisoryDatabase.load(path: folder.path, publicKey: key)
        }
    }
}

extension Fixture {
    static func bytesOf(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

extension [UInt8] {
    func write(to url: URL) throws { try Data(self).write(to: url) }
}
