import Audit
import Bot4TestSupport
import Foundation
import Minisign
import Testing

/// `seal advisories update`'s library against a real local HTTP server serving zips of the committed real
/// OSV records.
@Suite(.serialized) struct AdvisorySnapshotUpdaterTests {
    /// A served tree `<root>/SwiftURL/all.zip` (the GHSA fixtures) and `<root>/Debian:12/all.zip` (the Debian
    /// ones), in osv.dev's layout.
    static func mirror() throws -> URL {
        let root = try TestEnvironment.temporaryDirectory("osv-mirror")
        try zip(folder: Fixture.path("osv/ghsa"), to: root.appendingPathComponent("SwiftURL/all.zip"))
        try zip(folder: Fixture.path("osv/debian"), to: root.appendingPathComponent("Debian:12/all.zip"))
        return root
    }

    /// Zips every file of `folder` flat, as osv.dev's exports are.
    static func zip(folder: String, to archive: URL) throws { try TestArchive.zip(folder: folder, to: archive) }

    /// Every file under `folder` with its bytes, to compare a snapshot before and after.
    static func tree(_ folder: String) -> [String: Data] { TestArchive.tree(folder) }

    /// The mirror, a server for it, and an empty work folder.
    static func servedMirror() throws -> (root: URL, server: LocalHTTPServer, work: URL) {
        let root = try mirror()
        let server = try LocalHTTPServer(serving: root)
        return (root, server, try TestEnvironment.temporaryDirectory("advisories"))
    }

    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func updateFromALocalMirrorWritesASnapshotTheAuditVerifies() async throws {
        let (root, server, work) = try Self.servedMirror()
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: work)
        }
        let db = work.appendingPathComponent("advisories").path
        let key = try SecretKey.generate()
        let sources = try AdvisoryExportSource.resolve(from: [server.baseURL], ecosystems: ["SwiftURL", "Debian:12"])
        #expect(
            sources.map(\.description) == [server.baseURL + "/SwiftURL/all.zip", server.baseURL + "/Debian:12/all.zip"]
        )
        let taken = Date(timeIntervalSince1970: 1_790_000_000)
        let summary = try await AdvisorySnapshotUpdater(destination: db, sources: sources)
            .update(signer: KeyFileSigner(secretKey: key), taken: taken)
        #expect(summary.recordCounts == ["SwiftURL": 6, "Debian-12": 4])
        #expect(summary.rejected.isEmpty)

        let database = try AdvisoryDatabase.load(path: db, publicKey: key.publicKey)
        #expect(database.signatureVerified)
        #expect(database.records.count == 10)
        #expect(database.snapshotDate == taken)
        #expect(database.warnings.isEmpty, "\(database.warnings)")
        let written = try Data(contentsOf: URL(fileURLWithPath: db + "/SwiftURL/GHSA-7fj7-39wj-c64f.json"))
        #expect(
            written == (try Data(contentsOf: URL(fileURLWithPath: Fixture.path("osv/ghsa/GHSA-7fj7-39wj-c64f.json"))))
        )
        let index = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: db + "/package-index.jsonl")),
            as: UTF8.self
        )
        #expect(index.contains(#""ecosystem":"SwiftURL""#))
        #expect(index.split(separator: "\n").allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") })

        if TestEnvironment.canRun("minisign") {
            let pub = work.appendingPathComponent("snapshot.pub")
            try key.publicKey.fileContents().write(to: pub, atomically: true, encoding: .utf8)
            let minisign = try ProcessRunner.run(
                try TestEnvironment.requireTool("minisign"),
                ["-V", "-p", pub.path, "-m", db + "/snapshot.json"]
            )
            #expect(minisign.status == 0, "\(minisign.err)")
        }

        let other = try SecretKey.generate()
        #expect(throws: AuditError.self) { try AdvisoryDatabase.load(path: db, publicKey: other.publicKey) }
    }

    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func aFaultHalfWayLeavesThePreviousSnapshot() async throws {
        let (root, server, work) = try Self.servedMirror()
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: work)
        }
        let db = work.appendingPathComponent("advisories").path
        let key = KeyFileSigner(secretKey: try SecretKey.generate())
        let sources = try AdvisoryExportSource.resolve(from: [server.baseURL], ecosystems: ["SwiftURL", "Debian:12"])
        _ = try await AdvisorySnapshotUpdater(destination: db, sources: sources).update(signer: key)
        let before = Self.tree(db)
        #expect(before.count == 13)

        // The second export arrives truncated: the first was already staged when it fails.
        let debian = root.appendingPathComponent("Debian:12/all.zip")
        let whole = try Data(contentsOf: debian)
        try whole.prefix(whole.count / 2).write(to: debian)
        await #expect {
            try await AdvisorySnapshotUpdater(destination: db, sources: sources).update(signer: key)
        } throws: { error in
            (error as? AuditError)?.description.contains("/Debian:12/all.zip") == true
        }
        #expect(Self.tree(db) == before)

        // A fault after everything is staged, just before the swap.
        try whole.write(to: debian)
        struct Injected: Error {}
        await #expect(throws: Injected.self) {
            try await AdvisorySnapshotUpdater(destination: db, sources: sources).update(signer: key) { _ in
                throw Injected()
            }
        }
        #expect(Self.tree(db) == before)

        // A server that is gone.
        server.stop()
        await #expect(throws: AuditError.self) {
            try await AdvisorySnapshotUpdater(destination: db, sources: sources, timeout: .seconds(3)).update(
                signer: key
            )
        }
        #expect(Self.tree(db) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: work.path)
        #expect(leftovers == ["advisories"])
    }

    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func zipBombsAndOversizedRecordsAreRefused() throws {
        let work = try TestEnvironment.temporaryDirectory("osv-bomb")
        defer { try? FileManager.default.removeItem(at: work) }
        let bomb = work.appendingPathComponent("bomb.zip")
        let script = """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("GHSA-bomb.json", b"{" + b" " * (4 << 20) + b"}")
            """
        #expect(
            try ProcessRunner.run(try TestEnvironment.requireTool("python3"), ["-c", script, bomb.path]).status == 0
        )
        #expect {
            try OSVExportArchive(path: bomb.path)
        } throws: { error in
            (error as? AuditError)?.description.contains("a ratio above 200") == true
        }
        let records = work.appendingPathComponent("records.zip")
        try Self.zip(folder: Fixture.path("osv/ghsa"), to: records)
        #expect {
            try OSVExportArchive(path: records.path, limits: OSVExportLimits(maximumRecordBytes: 1000))
        } throws: { error in
            (error as? AuditError)?.description.contains("more than the entry limit of 1000") == true
        }
        #expect {
            try OSVExportArchive(path: records.path, limits: OSVExportLimits(maximumEntries: 3))
        } throws: { error in
            (error as? AuditError)?.description.contains("more than 3 entries") == true
        }
        #expect(try OSVExportArchive(path: records.path).entries.count == 6)
        try Data("not a zip".utf8).write(to: bomb)
        #expect(throws: AuditError.self) { try OSVExportArchive(path: bomb.path) }
    }

    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func badRecordsAreSetAsideWithTheirReason() throws {
        let work = try TestEnvironment.temporaryDirectory("osv-bad")
        defer { try? FileManager.default.removeItem(at: work) }
        let archive = work.appendingPathComponent("mixed.zip")
        let good = Fixture.path("osv/ghsa/GHSA-7fj7-39wj-c64f.json")
        let script = """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                z.write(sys.argv[2], "GHSA-7fj7-39wj-c64f.json")
                z.writestr("broken.json", b'{"id": "X-1", "modified": ')
                z.writestr("traversal.json", b'{"id": "../../etc/passwd", "modified": "2024-01-01T00:00:00Z"}')
                z.writestr("README.txt", b"hello")
            """
        #expect(
            try ProcessRunner.run(try TestEnvironment.requireTool("python3"), ["-c", script, archive.path, good]).status
                == 0
        )
        let export = try OSVExportArchive(path: archive.path)
        #expect(export.entries.map(\.id) == ["GHSA-7fj7-39wj-c64f"])
        #expect(export.rejected.count == 3)
        #expect(export.rejected.contains { $0.contains("broken.json") })
        #expect(export.rejected.contains { $0.contains("traversal.json") && $0.contains("not usable as a file name") })
        #expect(export.rejected.contains { $0.contains("README.txt: not a .json record") })
    }

    @Test func sourcesResolveAsTheSheetSays() throws {
        let osv = try AdvisoryExportSource.resolve(from: [], ecosystems: [])
        #expect(
            osv.map(\.description) == [
                "https://osv-vulnerabilities.storage.googleapis.com/SwiftURL/all.zip",
                "https://osv-vulnerabilities.storage.googleapis.com/Debian:12/all.zip",
            ]
        )
        #expect(osv.map(\.folder) == ["SwiftURL", "Debian-12"])
        let single = try AdvisoryExportSource.resolve(from: ["https://mirror.example/osv/PyPI/all.zip"], ecosystems: [])
        #expect(single.map(\.folder) == ["PyPI"])
        #expect(throws: AuditError.self) {
            try AdvisoryExportSource.resolve(from: ["/nonexistent/x.zip"], ecosystems: [])
        }
    }
}
