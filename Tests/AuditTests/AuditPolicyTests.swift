import Audit
import Foundation
import Testing

@Suite struct AuditPolicyTests {
    /// The policy is read through `FileSystem.BoundedFile`; a missing one is an I/O error naming it.
    @Test func aMissingPolicyNamesThePath() {
        let error = #expect(throws: AuditError.self) { try AuditPolicy.load(path: "/nonexistent/audit.toml") }
        #expect(error?.code == .io)
        #expect(
            error?.message == "cannot read the policy: /nonexistent/audit.toml: cannot open: No such file or directory"
        )
    }

    /// The example of the canonical sheet, with real package names.
    static let example = """
        [database]
        path = "policy/advisories"   # OSV records: a folder, or osv.dev's per-ecosystem all.zip
        max-age = "P90D"
        signature-key = "policy/advisories.pub"

        [advisories]
        severity-threshold = "medium"
        unscored = "deny"
        unused-ignore = "warn"
        ignore = [ { id = "GHSA-7fj7-39wj-c64f", reason = "not reachable: no HTTP/1 server", until = 2027-01-31 } ]
        vex = [ "policy/vex/bot4.openvex.json" ]

        [licenses]
        allow = [ "Apache-2.0", "MIT", "BSD-3-Clause" ]
        exceptions = [ { package = "https://github.com/owner/repo.git", allow = [ "MPL-2.0" ] } ]
        unknown = "deny"

        [sources]
        allow-git = [ "github.com/apple", "https://github.com/swift-server" ]
        unknown = "deny"

        [bans]
        deny = [ { package = "github.com/owner/repo", versions = "<1.2.0", reason = "CVE fixed in 1.2.0" } ]
        """

    @Test func parsesTheCanonicalExample() throws {
        let policy = try AuditPolicy.parse(Self.example, source: "audit.toml")
        #expect(policy.databasePath == "policy/advisories")
        #expect(policy.maxAge == TimeInterval(90 * 86_400))
        #expect(policy.signatureKey == "policy/advisories.pub")
        #expect(policy.severityThreshold == .medium)
        #expect(policy.unscored == .deny)
        #expect(policy.ignores.map(\.id) == ["GHSA-7fj7-39wj-c64f"])
        #expect(policy.ignores.first?.untilText == "2027-01-31")
        #expect(policy.ignores.first?.line == 10)
        #expect(policy.vex == ["policy/vex/bot4.openvex.json"])
        #expect(policy.allowedLicenses == ["Apache-2.0", "MIT", "BSD-3-Clause"])
        #expect(policy.licenseExceptions.first?.package == "github.com/owner/repo")
        #expect(policy.allowedGit == ["github.com/apple", "github.com/swift-server"])
        #expect(policy.bans.first?.versions?.description == "<1.2.0")
    }

    /// Each malformed policy fails naming the file, the line and the key.
    @Test(arguments: [
        ("[advisories]\nseverity-threshold = \"severe\"\n", ":2:", "advisories.severity-threshold"),
        ("[database]\nmax-age = \"90 days\"\n", ":2:", "database.max-age"),
        ("[database]\npath = 3\n", ":2:", "database.path"),
        ("\n[advisories]\nunscored = \"maybe\"\n", ":3:", "advisories.unscored"),
        ("[advisories]\nignore = [ { id = \"GHSA-1\", until = 2027-01-01 } ]\n", ":2:", "reason"),
        ("[advisories]\nignore = [ { id = \"GHSA-1\", reason = \"r\" } ]\n", ":2:", "until"),
        ("[sources]\nallow_git = [\"github.com\"]\n", ":2:", "sources.allow_git"),
        ("[sources]\n\nallow-registry = \"https://packages.example.com\"\n", ":3:", "sources.allow-registry"),
        ("[sources]\nunknown-registry = \"block\"\n", ":2:", "sources.unknown-registry"),
        ("[bans]\ndeny = [ { package = \"x\", versions = \"about 1\" } ]\n", ":2:", "bans.versions"),
        ("[licences]\nallow = []\n", ":1:", "licences"),
        ("[advisories\nunscored = \"deny\"\n", ":1:", "audit.toml"),
    ])
    func malformedPolicyNamesLineAndKey(text: String, line: String, key: String) {
        do {
            _ = try AuditPolicy.parse(text, source: "audit.toml")
            Issue.record("accepted a malformed policy: \(text)")
        } catch {
            #expect(error.code == .malformedPolicy)
            #expect(error.message.contains("audit.toml\(line)"), "\(error.message)")
            #expect(error.message.contains(key), "\(error.message)")
        }
    }

    @Test func durationsAndRequirements() {
        #expect(VersionRequirement(">=1.0.0, <1.2.0")?.matches("1.1.9", scheme: .semver) == true)
        #expect(VersionRequirement(">=1.0.0, <1.2.0")?.matches("1.2.0", scheme: .semver) == false)
        #expect(VersionRequirement("<3.0.19-1~deb12u2")?.matches("3.0.19-1~deb12u1", scheme: .dpkg) == true)
        #expect(VersionRequirement("soon") == nil)
    }
}
