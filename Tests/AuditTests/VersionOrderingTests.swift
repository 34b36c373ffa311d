import Audit
import Bot4TestSupport
import Foundation
import Testing

@Suite struct SemanticVersionTests {
    @Test func precedenceChainFromTheSpecification() throws {
        let chain = [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1",
        ]
        let versions = try chain.map { try #require(SemanticVersion($0)) }
        for (a, b) in zip(versions, versions.dropFirst()) {
            #expect(a < b, "\(a) < \(b)")
            #expect(!(b < a))
        }
    }

    @Test func buildMetadataIsIgnoredAndTagsAreLenient() throws {
        #expect(SemanticVersion("1.2.3+a") == SemanticVersion("1.2.3+b"))
        #expect(SemanticVersion("v1.2.3") == SemanticVersion("1.2.3"))
        #expect(SemanticVersion("1.2") == SemanticVersion("1.2.0"))
        #expect(SemanticVersion("1.19.2-beta.1")! < SemanticVersion("1.19.2")!)
        #expect(SemanticVersion("1.2.3.4") == nil)
        #expect(SemanticVersion("1.x.3") == nil)
        #expect(SemanticVersion("6213ba7a06febe8fef60563a4a7d26a4085783cf") == nil)
        #expect(SemanticVersion("1.0.0-99999999999999999999999")! < SemanticVersion("1.0.0-100000000000000000000000")!)
    }
}

@Suite struct DebianVersionTests {
    /// Pairs covering epochs, `~`, revisions, letters before non-letters, leading zeros and real
    /// bookworm-security versions of the three libraries Bot4 links.
    static let pairs: [(String, String)] = [
        ("15.18-0+deb12u1", "15.20-0+deb12u1"), ("3.0.15-1~deb12u1", "3.0.15-1"), ("1:1.0", "2.0"),
        ("1.0", "1.0-0"), ("1.0", "1.0-1"), ("1.0~rc1", "1.0"), ("1.0a", "1.0+"), ("1.0~~", "1.0~~a"),
        ("1.0~~a", "1.0~"), ("1.0~", "1.0"), ("1.0", "1.0a"), ("3.0.19-1~deb12u2", "3.0.19-1"),
        ("3.0.19-1~deb12u2", "3.0.22-1~deb12u2"), ("1.0.18-1", "1.0.18-1+deb12u1"), ("1.01", "1.1"),
        ("1.002", "1.1"), ("2:0.1", "1:9.9"), ("1.2.1-2.2+wheezy3", "1.6.2-1"), ("0:1.0", "1.0"),
        ("1.0-1.1", "1.0-1+b1"), ("1.0.0", "1.0"), ("a", "b"), ("1.0-a", "1.0-1"), ("9", "10"),
        ("1.0+dfsg-1", "1.0-1"), ("2.36-9+deb12u3", "2.36-9+deb12u10"), ("1.0-0", "1.0-00"),
    ]

    @Test func ordersAsTheDebianPolicyExamplesSay() {
        func lt(_ a: String, _ b: String) -> Bool { DebianVersion(a)! < DebianVersion(b)! }
        #expect(lt("15.18-0+deb12u1", "15.20-0+deb12u1"))
        #expect(lt("3.0.15-1~deb12u1", "3.0.15-1"))
        #expect(DebianVersion("1:1.0")! > DebianVersion("2.0")!)
        #expect(DebianVersion("1.0")! == DebianVersion("1.0-0")!)
        #expect(lt("1.0a", "1.0+"))
        #expect(DebianVersion("x:1.0") == nil)
    }

    @Test(.enabled(if: TestEnvironment.canRun("dpkg")))
    func agreesWithDpkgCompareVersions() throws {
        let dpkg = try TestEnvironment.requireTool("dpkg")
        for (a, b) in Self.pairs {
            let ours = DebianVersion.compare(DebianVersion(a)!, DebianVersion(b)!)
            for (op, expected) in [("lt", ours < 0), ("eq", ours == 0), ("gt", ours > 0)] {
                let result = try ProcessRunner.run(dpkg, ["--compare-versions", a, op, b])
                #expect((result.status == 0) == expected, "dpkg --compare-versions \(a) \(op) \(b)")
            }
        }
    }
}
