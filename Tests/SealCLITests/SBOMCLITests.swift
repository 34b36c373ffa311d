import Bot4TestSupport
import Foundation
import Testing

/// `seal sbom` and `seal sbom check` end to end: the sheet's exit codes, nothing written on failure, and the
/// check's text and JSON output. What the documents hold is `SBOMGeneratorTests`' (library calls).
@Suite struct SBOMCLITests {
    static func fixture(_ name: String) -> String {
        TestEnvironment.projectRoot.appendingPathComponent("Tests/SBOMTests/Fixtures/\(name)").path
    }

    @Test(.enabled(if: TestEnvironment.canRun("swift")))
    func aPackageGivesADocumentStampedWithSourceDateEpoch() throws {
        let dir = try TestEnvironment.temporaryDirectory("sbom-cli-ok")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "// swift-tools-version:6.0\nimport PackageDescription\nlet package = Package(name: \"X\")\n"
            .write(to: dir.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        let output = dir.appendingPathComponent("x.cdx.json")
        let result = try ProcessRunner.run(
            SealCLI.path,
            ["sbom", dir.path, "--root-version", "1.0.0", "--output", output.path],
            environment: ["SOURCE_DATE_EPOCH": "1764072000"]
        )
        #expect(result.status == 0, "\(result.err)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        #expect(document["bomFormat"] as? String == "CycloneDX")
        #expect(document["specVersion"] as? String == "1.6")
        #expect((document["metadata"] as? [String: Any])?["timestamp"] as? String == "2025-11-25T12:00:00Z")
        // The format flags choose the writer.
        for (flags, key, value) in [
            (["--spec-version", "1.5"], "specVersion", "1.5"), (["--format", "spdx"], "spdxVersion", "SPDX-2.3"),
        ] {
            let other = dir.appendingPathComponent("other.json")
            let run = try ProcessRunner.run(SealCLI.path, ["sbom", dir.path, "--output", other.path] + flags)
            #expect(run.status == 0, "\(flags): \(run.err)")
            let written = try JSONSerialization.jsonObject(with: Data(contentsOf: other)) as? [String: Any]
            #expect(written?[key] as? String == value, "\(flags)")
        }
    }

    @Test func failuresHaveTheirExitCodesAndWriteNothing() throws {
        let dir = try TestEnvironment.temporaryDirectory("sbom-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("out.json").path
        let missing = try SealCLI.run(["sbom", dir.appendingPathComponent("nowhere").path, "--output", output])
        #expect(missing.status == 3)
        #expect(missing.err.contains("Package.swift"))
        #expect(!FileManager.default.fileExists(atPath: output))
        let notSBOM = dir.appendingPathComponent("x.json")
        try "{\"hello\": 1}".write(to: notSBOM, atomically: true, encoding: .utf8)
        let check = try SealCLI.run(["sbom", "check", notSBOM.path])
        #expect(check.status == 2)
        #expect(check.err.contains("x.json"))
        let unreadable = try SealCLI.run(["sbom", "check", dir.appendingPathComponent("none.json").path])
        #expect(unreadable.status == 3)
    }

    @Test func checkPrintsTextAndJSONAndExitsOneWhenIncomplete() throws {
        let document = Self.fixture("documents/python-cyclonedx.cdx.json")
        let text = try SealCLI.run(["sbom", "check", document])
        #expect(text.status == 1)
        #expect(text.out.contains("NTIA: incomplete"))
        #expect(text.out.contains("Supplier Name: 0/4"))
        #expect(text.out.contains("ok   Dependency Relationship: 4/4"))
        let json = try SealCLI.run(["sbom", "check", document, "--profile", "ntia", "--format", "json"])
        #expect(json.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect((report["passed"] as? [String: Any])?["ntia"] as? Bool == false)
    }
}
