import Audit
import Bot4TestSupport
import Foundation
import Testing

/// SBOM input: a CycloneDX document read through `SBOM`'s reader into the one component model.
@Suite struct AuditInputTests {
    static let cycloneDX = """
        {
          "bomFormat": "CycloneDX",
          "specVersion": "1.6",
          "version": 1,
          "components": [
            {
              "bom-ref": "pkg:swift/github.com/apple/swift-nio@2.41.1",
              "type": "library",
              "name": "swift-nio",
              "group": "github.com/apple",
              "version": "2.41.1",
              "purl": "pkg:swift/github.com/apple/swift-nio@2.41.1",
              "licenses": [ { "license": { "id": "Apache-2.0" } } ],
              "properties": [ { "name": "seal:swift:location", "value": "https://github.com/apple/swift-nio.git" } ]
            },
            {
              "bom-ref": "pkg:deb/debian/libssl3@3.0.18-1~deb12u2?arch=amd64&distro=debian-12",
              "type": "library",
              "name": "libssl3",
              "version": "3.0.18-1~deb12u2",
              "purl": "pkg:deb/debian/libssl3@3.0.18-1~deb12u2?arch=amd64&distro=debian-12",
              "licenses": [ { "license": { "id": "Apache-2.0" } } ],
              "properties": [
                { "name": "seal:deb:source", "value": "openssl" },
                { "name": "seal:deb:source-version", "value": "3.0.18-1~deb12u2" }
              ]
            },
            {
              "bom-ref": "pkg:npm/left-pad@1.3.0",
              "type": "library",
              "name": "left-pad",
              "version": "1.3.0",
              "purl": "pkg:npm/left-pad@1.3.0"
            }
          ]
        }
        """

    @Test func cycloneDXComponentsBecomeAuditedPackages() throws {
        let directory = try TestEnvironment.temporaryDirectory("audit-sbom")
        let path = directory.appendingPathComponent("bot4.cdx.json").path
        try Data(Self.cycloneDX.utf8).write(to: URL(fileURLWithPath: path))
        let input = try AuditInput.load(path: path)
        #expect(input.hasLicenseData)
        #expect(input.packages.count == 2)
        #expect(input.unaudited.contains { $0.name == "left-pad" && $0.reason.contains("pkg:npm/left-pad") })
        let nio = try #require(input.packages.first { $0.ecosystem == .swiftURL })
        #expect(nio.version == "2.41.1")
        #expect(nio.licenses == ["Apache-2.0"])
        #expect(nio.declaration?.line == 14, "the line naming its location")
        let libssl = try #require(input.packages.first { $0.ecosystem == .debian12 })
        #expect(libssl.name == "openssl")
        #expect(libssl.displayName == "libssl3")

        let database = try AdvisoryDatabase.load(path: Fixture.path("osv"))
        let policy = try AuditPolicy.parse(
            "[database]\nmax-age = \"none\"\nsignature-key = \"none\"\n[advisories]\nunscored = \"warn\"\n[licenses]\nallow = [\"Apache-2.0\"]\n",
            source: "p"
        )
        let report = Auditor(database: database, policy: policy).audit(input)
        #expect(Set(report.advisories.map(\.id)) == ["GHSA-7fj7-39wj-c64f", "DEBIAN-CVE-2026-28387"])
        #expect(report.policy.filter { $0.rule == "seal/license" }.isEmpty, "both licences are allowed")
        #expect(report.policy.map(\.rule) == [AuditReport.unauditedRule], "left-pad: no advisory source for npm")
        #expect(report.exitCode == 17)
    }

    @Test func malformedInputIsABadInputError() throws {
        let directory = try TestEnvironment.temporaryDirectory("audit-bad-sbom")
        let path = directory.appendingPathComponent("bad.json").path
        try Data("{\"bomFormat\": \"CycloneDX\", \"specVersion\": 1}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: AuditError(.malformedInput, "")) { try AuditInput.load(path: path) }
    }
}
