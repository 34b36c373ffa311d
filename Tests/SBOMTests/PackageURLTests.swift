import Bot4TestSupport
import Foundation
import SBOM
import Testing

@Suite struct PackageURLTests {
    @Test func swiftPurlsFromRepositoryURLs() {
        let cases: [(String, String)] = [
            ("https://github.com/apple/swift-nio.git", "pkg:swift/github.com/apple/swift-nio@1.0.0"),
            ("https://github.com/groue/GRDB.swift", "pkg:swift/github.com/groue/GRDB.swift@1.0.0"),
            ("git@github.com:groue/GRDB.swift.git", "pkg:swift/github.com/groue/GRDB.swift@1.0.0"),
            ("ssh://git@gitlab.example.com:2222/team/sub/Lib.git/", "pkg:swift/gitlab.example.com/team/sub/Lib@1.0.0"),
            ("https://user@github.com/Alamofire/Alamofire", "pkg:swift/github.com/Alamofire/Alamofire@1.0.0"),
        ]
        for (url, expected) in cases {
            #expect(PackageURL.swift(repositoryURL: url, version: "1.0.0")?.description == expected, "\(url)")
        }
        #expect(PackageURL.swift(repositoryURL: "/local/path/lib", version: nil) == nil)
        #expect(PackageURL.swift(repositoryURL: "file:///local/path/lib", version: nil) == nil)
    }

    @Test func debianPurlsEncodePlus() throws {
        let purl = try PackageURL.debian(package: "libgcc-s1", version: "12.2.0-14+deb12u1", architecture: "amd64")
        #expect(purl.description == "pkg:deb/debian/libgcc-s1@12.2.0-14%2Bdeb12u1?arch=amd64&distro=debian-12")
        let epoch = try PackageURL.debian(package: "libssl3", version: "1:3.0.11-1~deb12u2", architecture: nil)
        #expect(epoch.description == "pkg:deb/debian/libssl3@1:3.0.11-1~deb12u2?distro=debian-12")
    }

    @Test func parsesAndRoundTrips() throws {
        for text in [
            "pkg:swift/github.com/apple/swift-nio@2.62.0",
            "pkg:deb/debian/libgcc-s1@12.2.0-14%2Bdeb12u1?arch=amd64&distro=debian-12",
            "pkg:generic/openssl@3.0?download_url=https://example.com/a.zip",
        ] {
            let purl = try PackageURL(parsing: text)
            #expect(purl.description == text)
        }
        let parsed = try PackageURL(parsing: "pkg:deb/debian/libgcc-s1@12.2.0-14%2Bdeb12u1?distro=debian-12&arch=amd64")
        #expect(parsed.version == "12.2.0-14+deb12u1")
        #expect(parsed.qualifiers == ["arch": "amd64", "distro": "debian-12"])
        #expect(parsed.description.hasSuffix("?arch=amd64&distro=debian-12"))
    }

    @Test func rejectsMalformed() {
        for text in [
            "swift/github.com/a/b", "pkg:swift/NoNamespace@1.0", "pkg:1bad/x", "pkg:deb/debian/x?arch", "pkg:x/y%zz",
        ] {
            let error = #expect(throws: SBOMError.self) { try PackageURL(parsing: text) }
            #expect(error?.code == .malformedPackageURL, "\(text)")
        }
    }

    /// packageurl-python (an independent implementation) parses our purls to the same parts and renders the
    /// same canonical string.
    @Test(.enabled(if: TestEnvironment.canRun("python")))
    func agreesWithPackageURLPython() throws {
        _ = try TestEnvironment.requireTool("python")
        let resolved = try PackageResolved.read(path: Fixture.path("resolved/registry-and-revision.v3.resolved"))
        var purls = resolved.pins.compactMap { $0.purl?.description }
        purls.append(
            try PackageURL.debian(package: "libgcc-s1", version: "12.2.0-14+deb12u1", architecture: "amd64").description
        )
        let script = """
            import sys
            from packageurl import PackageURL
            for line in sys.stdin.read().splitlines():
                print(PackageURL.from_string(line).to_string())
            """
        let result = try ProcessRunner.run(
            TestEnvironment.python,
            ["-c", script],
            input: Data(purls.joined(separator: "\n").utf8)
        )
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.split(separator: "\n").map(String.init) == purls)
    }
}
