import Bot4TestSupport
import Foundation
import Testing

/// Bot4's own gate: its Package.resolved against the committed, signed snapshot under policy/audit.toml,
/// evaluated on the day the snapshot was taken (policy/advisories/README.md says why).
@Suite struct OwnGateTests {
    @Test func bot4PassesItsOwnGate() throws {
        let root = TestEnvironment.projectRoot
        let manifest = root.appendingPathComponent("policy/advisories/snapshot.json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as? [String: Any])
        let taken = try #require(object["taken"] as? String)
        let resolved = root.appendingPathComponent("Package.resolved").path
        try #require(FileManager.default.fileExists(atPath: resolved), "swift build writes Package.resolved")
        let result = try ProcessRunner.run(
            TestEnvironment.product("seal"),
            ["audit", "--as-of", String(taken.prefix(10)), "--format", "json"],
            directory: root
        )
        #expect(result.status == 0, "\(result.out)\(result.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let database = try #require(report["database"] as? [String: Any])
        #expect(database["signature_verified"] as? Bool == true)
        #expect((report["packages"] as? Int ?? 0) > 0)
    }
}
