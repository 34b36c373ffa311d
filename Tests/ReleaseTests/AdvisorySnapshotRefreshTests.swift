import Audit
import Bot4TestSupport
import Foundation
import Minisign
import Release
import Testing

/// `AdvisorySnapshotRefresh.run`, what `seal advisories update` calls: a new signed snapshot from local
/// exports, the key rotated on each run, and a failed run (a broken export: `.io`, exit 3 in `seal`; a missing
/// one: `.badInput`, exit 2) that leaves the previous snapshot and its public key as they were.
@Suite(.serialized) struct AdvisorySnapshotRefreshTests {
    static func fixture(_ name: String) -> String {
        TestEnvironment.projectRoot.appendingPathComponent("Tests/AuditTests/Fixtures/\(name)").path
    }

    static func publicKey(_ path: String) throws -> PublicKey {
        try PublicKey(fileContents: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), source: path)
    }

    @Test(.enabled(if: TestEnvironment.canRun("python3")))
    func refreshFromLocalExportsRotatesTheKeyAndRefusesBadInput() async throws {
        let work = try TestEnvironment.temporaryDirectory("advisories-refresh")
        defer { try? FileManager.default.removeItem(at: work) }
        let swiftZip = work.appendingPathComponent("SwiftURL.zip")
        try TestArchive.zip(folder: Self.fixture("osv/ghsa"), to: swiftZip)
        let db = work.appendingPathComponent("advisories").path
        let request = AdvisorySnapshotRefresh.Request(database: db, from: [swiftZip.path])

        let first = try await AdvisorySnapshotRefresh.run(request, environment: [:])
        #expect(first.summary.recordCounts["SwiftURL"] == 6)
        #expect(first.publicKeyPath == db + ".pub")
        let firstKey = try Self.publicKey(db + ".pub")
        #expect(firstKey.keyID == first.summary.keyID)
        #expect(try AdvisoryDatabase.load(path: db, publicKey: firstKey).records.count == 6)

        let second = try await AdvisorySnapshotRefresh.run(request, environment: [:])
        let secondKey = try Self.publicKey(db + ".pub")
        #expect(secondKey.keyID == second.summary.keyID)
        #expect(secondKey.keyID != firstKey.keyID)
        #expect(throws: AuditError.self) { try AdvisoryDatabase.load(path: db, publicKey: firstKey) }
        let before = TestArchive.tree(db)

        let broken = work.appendingPathComponent("broken.zip")
        try Data("PK\u{3}\u{4} not really".utf8).write(to: broken)
        let failed = await #expect(throws: ReleaseError.self) {
            try await AdvisorySnapshotRefresh.run(
                AdvisorySnapshotRefresh.Request(database: db, from: [broken.path]),
                environment: [:]
            )
        }
        #expect(failed?.code == .io)
        #expect(failed?.description.contains("broken.zip") == true, "\(String(describing: failed))")
        #expect(failed?.underlying is AuditError)
        #expect(TestArchive.tree(db) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: db + ".pub")) == Data(secondKey.fileContents().utf8))

        let missing = await #expect(throws: ReleaseError.self) {
            try await AdvisorySnapshotRefresh.run(
                AdvisorySnapshotRefresh.Request(database: db, from: ["/nonexistent.zip"]),
                environment: [:]
            )
        }
        #expect(missing?.code == .badInput)
        let cause = try #require(missing?.underlying as? AuditError, "the cause is kept")
        #expect(missing?.description == cause.description)
        #expect(missing?.description.contains("/nonexistent.zip") == true, "\(String(describing: missing))")
    }
}
