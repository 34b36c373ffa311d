import Bot4TestSupport
import Foundation
import SBOM
import Testing

@Suite struct PackageResolvedTests {
    @Test func readsVersion1() throws {
        let resolved = try PackageResolved.read(path: Fixture.path("resolved/Stencil-0.15.1.v1.resolved"))
        #expect(resolved.version == 1)
        let pathKit = try #require(resolved.pins.first { $0.identity == "pathkit" })
        #expect(pathKit.location == "https://github.com/kylef/PathKit.git")
        #expect(pathKit.state.version == "1.0.1")
        #expect(pathKit.state.branch == nil)
        #expect(pathKit.purl?.description == "pkg:swift/github.com/kylef/PathKit@1.0.1")
    }

    @Test func readsVersion2() throws {
        let resolved = try PackageResolved.read(path: Fixture.path("resolved/Quick-7.6.2.v2.resolved"))
        #expect(resolved.version == 2)
        #expect(resolved.originHash == nil)
        #expect(!resolved.pins.isEmpty)
        for pin in resolved.pins {
            let purl = try #require(pin.purl)
            #expect(purl.type == "swift")
            #expect(!purl.name.hasSuffix(".git"))
            #expect(purl.version == pin.state.version)
        }
    }

    @Test func readsVersion3WithABranchPin() throws {
        let resolved = try PackageResolved.read(path: Fixture.path("resolved/swift-sdk-0.12.1.v3.resolved"))
        #expect(resolved.version == 3)
        #expect(resolved.originHash?.count == 64)
        let docc = try #require(resolved.pins.first { $0.identity == "swift-docc-plugin" })
        #expect(docc.state.branch == "main")
        let revision = try #require(docc.state.revision)
        let component = docc.component
        #expect(component.version == revision)
        #expect(component.purl?.description == "pkg:swift/github.com/swiftlang/swift-docc-plugin@\(revision)")
        #expect(component.property(Component.PropertyName.swiftBranch) == "main")
    }

    @Test func readsRegistryRevisionAndLocalPins() throws {
        let resolved = try PackageResolved.read(path: Fixture.path("resolved/registry-and-revision.v3.resolved"))
        let byIdentity = Dictionary(uniqueKeysWithValues: resolved.pins.map { ($0.identity, $0) })
        // A registry pin with an originalLocation gets the URL's purl (what SwiftURL advisories are keyed on).
        #expect(
            byIdentity["apple.swift-argument-parser"]?.purl?.description
                == "pkg:swift/github.com/apple/swift-argument-parser@1.7.0"
        )
        #expect(byIdentity["scope.package"]?.purl?.description == "pkg:swift/scope/package@0.12.0")
        #expect(byIdentity["scope.package"]?.kind == .registry)
        // Revision-only pin, scp-style URL: case kept, .git stripped, revision as version, no branch property.
        let grdb = try #require(byIdentity["grdb.swift"]?.component)
        #expect(
            grdb.purl?.description == "pkg:swift/github.com/groue/GRDB.swift@2cf6c756e1e5ef6901ebae16576a7e4e4b834622"
        )
        #expect(grdb.property(Component.PropertyName.swiftBranch) == nil)
        #expect(
            byIdentity["swift-mmio"]?.component.property(Component.PropertyName.swiftBranch)
                == "swift-embedded-examples"
        )
        #expect(byIdentity["local-lib"]?.purl?.description == "pkg:swift/localhost/local-lib@0.1.0")
    }

    @Test(arguments: [
        "swift-benchmark-0.1.2.v1.resolved", "Stencil-0.15.1.v1.resolved", "Quick-7.6.2.v2.resolved",
        "swift-dependencies-1.17.1.v3.resolved", "swift-sdk-0.12.1.v3.resolved", "OpenAPIKit-6.4.0.v3.resolved",
        "registry-and-revision.v3.resolved",
    ])
    func neverDropsAPin(file: String) throws {
        let bytes = try Fixture.bytes("resolved/\(file)")
        let resolved = try PackageResolved.parse(bytes, file: file)
        // Count pins independently with Foundation's JSON parser.
        let json = try JSONSerialization.jsonObject(with: Data(bytes)) as! [String: Any]
        let pins = (json["pins"] ?? (json["object"] as? [String: Any])?["pins"]) as! [Any]
        #expect(resolved.pins.count == pins.count)
        #expect(Set(resolved.pins.compactMap { $0.purl?.description }).count == pins.count)
    }

    @Test func errorsNameTheFileAndTheField() throws {
        let cases: [(String, SBOMError.Code, String)] = [
            (#"{"version": 4, "pins": []}"#, .unsupportedVersion, "\"version\""),
            (#"{"pins": []}"#, .malformedResolved, "field \"version\": missing"),
            (
                #"{"version": 2, "pins": [{"identity": "a", "kind": "remoteSourceControl", "location": "https://x/y/a", "state": {}}]}"#,
                .malformedResolved, "field \"pins[0].state\""
            ),
            (
                #"{"version": 2, "pins": [{"identity": "a", "kind": "svn", "location": "x", "state": {"revision": "1"}}]}"#,
                .malformedResolved, "field \"pins[0].kind\""
            ),
            (
                #"{"version": 2, "pins": [{"identity": 3}]}"#, .malformedResolved,
                "field \"pins[0].identity\": expected a string"
            ),
            (
                #"{"version": 1, "object": {"pins": [{"package": "a"}]}}"#, .malformedResolved,
                "field \"object.pins[0].repositoryURL\""
            ),
            ("{\"version\": 2,\n \"pins\": [,]}", .malformedJSON, "Package.resolved:2:"),
        ]
        for (text, code, fragment) in cases {
            let error = #expect(throws: SBOMError.self) {
                try PackageResolved.parse(Array(text.utf8), file: "Package.resolved")
            }
            #expect(error?.code == code, "\(text)")
            #expect(error?.message.contains(fragment) == true, "\(error?.message ?? "") lacks \(fragment)")
            #expect(error?.message.hasPrefix("Package.resolved") == true)
        }
    }

    @Test func missingFileIsAnIOError() {
        let error = #expect(throws: SBOMError.self) { try PackageResolved.read(path: "/nonexistent/Package.resolved") }
        #expect(error?.code == .io)
        #expect(error?.message.contains("/nonexistent/Package.resolved") == true)
    }
}
