import Audit
import Foundation
import SBOM
import Testing

@testable import Digest

/// `[licenses] clarify`: a licence stated by the policy for a Debian package whose licence the SBOM cannot
/// detect, pinned to the SHA-256 of the package's copyright file.
@Suite struct LicenseClarificationTests {
    /// libc6 is on every Debian machine; its copyright file is the one a person read.
    static let copyright = "/usr/share/doc/libc6/copyright"

    private func libc6() throws -> Component {
        Component(
            bomRef: "libc6",
            name: "libc6",
            version: "2.36-9+deb12u14",
            purl: try PackageURL.debian(package: "libc6", version: "2.36-9+deb12u14", architecture: "amd64"),
            properties: [Property("seal:deb:source", "glibc")]
        )
    }

    private func audit(_ policy: String) throws -> AuditReport {
        let input = AuditInput.from(components: [try libc6()], file: "bom.json", text: "", hasLicenseData: true)
        let parsed = try AuditPolicy.parse(
            "[database]\nmax-age = \"none\"\nsignature-key = \"none\"\n" + policy,
            source: "audit.toml"
        )
        let database = try AdvisoryDatabase.load(path: Fixture.path("osv"))
        return Auditor(database: database, policy: parsed, now: Date(timeIntervalSince1970: 1_795_000_000)).audit(input)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: copyright)))
    func pinnedClarificationSuppliesTheLicence() throws {
        let digest = try #require(try FileHasher.digests(of: Self.copyright, algorithms: [.sha256])[.sha256]).hexString
        let allowed = try audit(
            """
            [licenses]
            allow = ["LGPL-2.1-or-later"]
            clarify = [ { package = "libc6", expression = "LGPL-2.1-or-later", copyright-sha256 = "\(digest)", reason = "read" } ]
            """
        )
        #expect(allowed.policy.isEmpty)
        let notAllowed = try audit(
            """
            [licenses]
            allow = ["MIT"]
            clarify = [ { package = "libc6", expression = "LGPL-2.1-or-later", reason = "read" } ]
            """
        )
        #expect(notAllowed.policy.map(\.message) == ["libc6: licence LGPL-2.1-or-later is not allowed"])
    }

    @Test func aChangedCopyrightFileVoidsTheClarification() throws {
        let report = try audit(
            """
            [licenses]
            allow = ["LGPL-2.1-or-later"]
            clarify = [ { package = "libc6", expression = "LGPL-2.1-or-later", copyright-sha256 = "\(String(repeating: "0", count: 64))", reason = "read" } ]
            """
        )
        #expect(report.policy.count == 1)
        #expect(report.findingsBits == 2)
    }

    @Test func withoutAClarificationAnUnknownLicenceDenies() throws {
        let report = try audit("[licenses]\nallow = [\"LGPL-2.1-or-later\"]\n")
        #expect(report.policy.map(\.message) == ["libc6: no known licence"])
    }

    @Test func malformedClarificationsNameTheEntry() {
        for (text, fragment) in [
            (
                "[licenses]\nclarify = [ { package = \"x\", expression = \"MIT\" } ]\n",
                "needs 'package', 'expression' and 'reason'"
            ),
            (
                "[licenses]\nclarify = [ { package = \"x\", expression = \"MIT\", reason = \"r\", copyright-sha256 = \"abc\" } ]\n",
                "64 hex digits"
            ),
        ] {
            #expect {
                try AuditPolicy.parse(text, source: "audit.toml")
            } throws: { error in
                (error as? AuditError)?.message.contains(fragment) == true
            }
        }
    }
}
