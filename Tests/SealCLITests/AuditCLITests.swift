import Bot4TestSupport
import Foundation
import Testing

/// `seal audit` end to end: the verdict and the failures become the sheet's exit codes, and the reports are
/// written in their formats (the SARIF document checked by an independent JSON Schema validator, .venv's
/// jsonschema, and GitHub code scanning's extra rules). What the audit decides is `AuditTests`' (library calls).
@Suite struct AuditCLITests {
    /// A fixture of the audit's own tests.
    static func fixture(_ name: String) -> String {
        TestEnvironment.projectRoot.appendingPathComponent("Tests/AuditTests/Fixtures/\(name)").path
    }

    /// A scratch project with the fixture Package.resolved (and no policy/audit.toml).
    static func project(_ label: String) throws -> URL {
        let directory = try TestEnvironment.temporaryDirectory(label)
        try FileManager.default.copyItem(
            atPath: fixture("Package.resolved.v3"),
            toPath: directory.appendingPathComponent("Package.resolved").path
        )
        return directory
    }

    static func run(_ arguments: [String], in directory: URL) throws -> ProcessResult {
        try SealCLI.run(["audit"] + arguments, in: directory)
    }

    @Test func exitCodesFollowTheSheet() throws {
        let directory = try Self.project("audit-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = Self.fixture("osv")
        let findings = try Self.run([".", "--db", db], in: directory)
        #expect(findings.status == 17, "\(findings.err)")
        #expect(findings.out.contains("GHSA-7fj7-39wj-c64f"))

        let policy = directory.appendingPathComponent("audit.toml")
        try Data("[advisories]\nseverity-threshold = \"severe\"\n".utf8).write(to: policy)
        let malformed = try Self.run(["--db", db, "--policy", policy.path], in: directory)
        #expect(malformed.status == 2)
        #expect(
            malformed.err.contains("audit.toml:2:") && malformed.err.contains("severity-threshold"),
            "\(malformed.err)"
        )

        try Data("[database]\nmax-age = \"P30D\"\nsignature-key = \"none\"\n".utf8).write(to: policy)
        let old = try Self.run(["--db", db, "--policy", policy.path, "--as-of", "2030-01-01"], in: directory)
        #expect(old.status == 3)
        #expect(old.err.contains("max-age"), "\(old.err)")

        let missing = try Self.run(["--db", directory.appendingPathComponent("nothing").path], in: directory)
        #expect(missing.status == 3)

        let json = try Self.run(["--db", db, "--format", "json"], in: directory)
        #expect(json.status == 17)
        let object = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect(object["exit_code"] as? Int == 17)
    }

    /// `--deb`, `--dpkg-status` and `--apt-lists` reach the audit: a pending security update of an installed
    /// library is denied under the policy's `security-update-pending = "deny"`.
    @Test func debianPackagesAndAptListsAreRead() throws {
        let directory = try Self.project("audit-cli-apt")
        defer { try? FileManager.default.removeItem(at: directory) }
        let policy = directory.appendingPathComponent("audit.toml")
        try Data(
            """
            [database]
            max-age = "none"
            signature-key = "none"
            [advisories]
            security-update-pending = "deny"
            accept-unaudited = [ { package = "github.com/grpc/grpc-swift", reason = "a branch pin in the fixture" } ]
            """.utf8
        ).write(to: policy)
        let result = try Self.run(
            [
                ".", "--db", Self.fixture("osv/debian"), "--policy", policy.path, "--deb", "libssl3", "--deb",
                "libsodium23", "--dpkg-status", Self.fixture("dpkg-status-pending"), "--apt-lists",
                Self.fixture("apt-lists"), "--format", "json",
            ],
            in: directory
        )
        #expect(result.status == 17, "\(result.err)")
        #expect(result.out.contains("\"candidate\": \"3.0.22-1~deb12u2\""), "\(result.out)")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TestEnvironment.python) || TestEnvironment.isCI))
    func sarifIsValidAndMeetsGitHubRules() throws {
        let directory = try Self.project("audit-sarif")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = Self.fixture("osv")
        let first = try Self.run(
            ["Package.resolved", "--db", db, "--format", "sarif", "--output", "a.sarif"],
            in: directory
        )
        #expect(first.status == 17)
        // Move the pins two lines down: regions follow, fingerprints stay.
        let resolved = directory.appendingPathComponent("Package.resolved")
        let text = try String(contentsOf: resolved, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "{\n", with: "{\n\n\n", options: .anchored).utf8).write(to: resolved)
        _ = try Self.run(["Package.resolved", "--db", db, "--format", "sarif", "--output", "b.sarif"], in: directory)

        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            a, b = (json.load(open(p)) for p in sys.argv[2:4])
            for log in (a, b):
                jsonschema.validate(log, schema)
                assert log["version"] == "2.1.0" and log["$schema"]
                assert len(log["runs"]) == 1
                run = log["runs"][0]
                driver = run["tool"]["driver"]
                assert driver["name"] and isinstance(driver["rules"], list)
                for rule in driver["rules"]:
                    assert rule["id"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
                    assert rule["help"]["text"]
                    sev = rule["properties"].get("security-severity")
                    assert sev is None or 0.0 <= float(sev) <= 10.0
                assert run["results"], "results"
                for result in run["results"]:
                    assert result["message"]["text"] and result["ruleId"] in [r["id"] for r in driver["rules"]]
                    loc = result["locations"][0]["physicalLocation"]
                    assert loc["artifactLocation"]["uri"] == "Package.resolved", loc
                    region = loc["region"]
                    assert region["startLine"] >= 1 and region["endColumn"] > region["startColumn"]
                    assert result["partialFingerprints"]["primaryLocationLineHash"]
            lines = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in a["runs"][0]["results"]}
            moved = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in b["runs"][0]["results"]}
            fa = {r["ruleId"]: r["partialFingerprints"]["primaryLocationLineHash"] for r in a["runs"][0]["results"]}
            fb = {r["ruleId"]: r["partialFingerprints"]["primaryLocationLineHash"] for r in b["runs"][0]["results"]}
            print(json.dumps({"lines": lines, "moved": moved, "same_fingerprints": fa == fb}))
            """
        let result = try ProcessRunner.run(
            TestEnvironment.python,
            ["-c", script, Self.fixture("sarif-schema-2.1.0.json"), "a.sarif", "b.sarif"],
            directory: directory
        )
        try #require(result.status == 0, "\(result.err)")
        let summary = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
        let lines = try #require(summary["lines"] as? [String: Int])
        let moved = try #require(summary["moved"] as? [String: Int])
        // The swift-nio pin's "location" is on line 7 of the fixture; async-http-client's on line 16.
        #expect(lines["GHSA-7fj7-39wj-c64f"] == 7)
        #expect(lines["GHSA-v3r5-pjpm-mwgq"] == 16)
        #expect(moved["GHSA-7fj7-39wj-c64f"] == 9)
        #expect(summary["same_fingerprints"] as? Bool == true)
    }
}
