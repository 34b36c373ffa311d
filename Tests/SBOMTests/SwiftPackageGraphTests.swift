import Foundation
import SBOM
import Testing

@Suite struct SwiftPackageGraphTests {
    static func demo() throws -> SwiftPackageGraph {
        SwiftPackageGraph(
            manifest: try SwiftPMManifest.parse(Fixture.bytes("swiftpm/demo/dump-package.json")),
            tree: try DependencyTree.parse(Fixture.bytes("swiftpm/demo/show-dependencies.json")),
            resolved: try PackageResolved.read(path: Fixture.path("swiftpm/demo/Package.resolved"))
        )
    }

    @Test func everyPackageIsAComponentWithEdges() throws {
        let bom = try Self.demo().billOfMaterials(rootVersion: "1.0.0")
        let root = try #require(bom.root)
        #expect(root.purl?.description == "pkg:swift/localhost/Demo@1.0.0")
        #expect(root.kind == .application)
        let purls = Set(bom.components.compactMap { $0.purl?.description })
        for expected in [
            "pkg:swift/github.com/apple/swift-argument-parser@1.8.2",
            "pkg:swift/github.com/apple/swift-numerics@1.1.1",
            "pkg:swift/github.com/pointfreeco/swift-custom-dump@1.7.3",
            "pkg:swift/github.com/pointfreeco/xctest-dynamic-overlay@1.13.1",
            "pkg:swift/localhost/LocalLib",
            "pkg:deb/debian/libsodium-dev?distro=debian-12",
        ] {
            #expect(purls.contains(expected), "\(expected) missing from \(purls.sorted())")
        }
        // Every component (and the root) has an entry; leaves have an empty list.
        for component in bom.allComponents { #expect(bom.dependencies[component.bomRef] != nil, "\(component.bomRef)") }
        let customDump = "pkg:swift/github.com/pointfreeco/swift-custom-dump@1.7.3"
        #expect(bom.dependencies[customDump] == ["pkg:swift/github.com/pointfreeco/xctest-dynamic-overlay@1.13.1"])
        #expect(bom.dependencies["pkg:swift/github.com/apple/swift-argument-parser@1.8.2"] == [])
        #expect(bom.dependencies[root.bomRef]?.contains(customDump) == true)
        #expect(
            !(bom.dependencies[root.bomRef] ?? []).contains(
                "pkg:swift/github.com/pointfreeco/xctest-dynamic-overlay@1.13.1"
            )
        )
    }

    @Test func testOnlyPackagesAreExcluded() throws {
        let bom = try Self.demo().billOfMaterials()
        func scope(_ name: String) -> Component.Scope? { bom.components.first { $0.name == name }?.scope }
        #expect(scope("swift-argument-parser") == .required)
        #expect(scope("LocalLib") == .required)
        #expect(scope("libsodium-dev") == .required)
        #expect(scope("swift-numerics") == .excluded)
        #expect(scope("swift-custom-dump") == .excluded)
        #expect(scope("xctest-dynamic-overlay") == .excluded)
    }

    @Test func binaryTargetsCarryTheirChecksum() throws {
        let manifest = try SwiftPMManifest.parse(Fixture.bytes("swiftpm/demo/dump-package.json"))
        let target = try #require(manifest.targets.first { $0.type == "binary" })
        let bom = try Self.demo().billOfMaterials()
        let vendored = try #require(bom.components.first { $0.name == "Vendored" })
        #expect(vendored.kind == .file)
        #expect(vendored.hashes == [ComponentHash(algorithm: "SHA-256", value: try #require(target.checksum))])
        #expect(vendored.purl?.qualifiers["download_url"] == target.url)
    }

    @Test func systemLibrariesUseTheResolverThenTheProviders() throws {
        let resolved = try Self.demo().billOfMaterials(systemLibraries: { pkgConfig, hints in
            pkgConfig == "libsodium" && hints == ["libsodium-dev"] ? "libsodium-dev-from-dpkg" : nil
        })
        #expect(resolved.components.contains { $0.name == "libsodium-dev-from-dpkg" })
        let sodium = try #require(resolved.components.first { $0.name == "libsodium-dev-from-dpkg" })
        #expect(sodium.property(Component.PropertyName.swiftPkgConfig) == "libsodium")
        #expect(sodium.property(Component.PropertyName.swiftTarget) == "CSodium")
    }

    @Test func aDependencysSystemLibrariesAndBinaryTargetsJoinWithEdgesFromIt() throws {
        var graph = try Self.demo()
        graph.dependencyManifests["locallib"] = try SwiftPMManifest.parse(
            Fixture.bytes("swiftpm/demo/LocalLib/dump-package.json")
        )
        let bom = graph.billOfMaterials(debianLicenses: { package in
            package == "zlib1g-dev"
                ? ([License(expression: "Zlib", acknowledgement: .declared)], "copyright") : ([], nil)
        })
        let local = "pkg:swift/localhost/LocalLib"
        let zlib = try #require(
            bom.components.first { $0.purl?.description == "pkg:deb/debian/zlib1g-dev?distro=debian-12" }
        )
        #expect(zlib.scope == .required)
        #expect(zlib.property(Component.PropertyName.swiftPkgConfig) == "zlib")
        #expect(zlib.property(Component.PropertyName.swiftTarget) == "CZlib")
        #expect(zlib.licenses == [License(expression: "Zlib", acknowledgement: .declared)])
        #expect(zlib.property(Component.PropertyName.licenseFile) == "copyright")
        let remote = try #require(bom.components.first { $0.name == "RemoteKit" })
        #expect(remote.kind == .file)
        #expect(
            remote.hashes == [
                ComponentHash(
                    algorithm: "SHA-256",
                    value: "6f2c1d0a1e5b8f4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c"
                )
            ]
        )
        #expect(remote.purl?.qualifiers["download_url"] == "https://example.com/RemoteKit-1.0.0.artifactbundle.zip")
        let vendored = try #require(bom.components.first { $0.name == "VendoredTool" })
        #expect(vendored.hashes.isEmpty)
        let edges = Set(bom.dependencies[local] ?? [])
        #expect(edges == [zlib.bomRef, remote.bomRef, vendored.bomRef])
        #expect(!(bom.dependencies[bom.root!.bomRef] ?? []).contains(zlib.bomRef))
        #expect(bom.dependencies[remote.bomRef] == [])
        // The root's own system library and binary target are still there.
        #expect(bom.components.contains { $0.name == "libsodium-dev" })
        #expect(bom.components.contains { $0.name == "Vendored" })
    }

    @Test func aTestOnlyDependencysNativeTargetsAreExcluded() throws {
        var graph = try Self.demo()
        graph.dependencyManifests["swift-numerics"] = try SwiftPMManifest.parse(
            Fixture.bytes("swiftpm/demo/LocalLib/dump-package.json")
        )
        let bom = graph.billOfMaterials()
        #expect(bom.components.first { $0.name == "zlib1g-dev" }?.scope == .excluded)
        #expect(bom.components.first { $0.name == "RemoteKit" }?.scope == .excluded)
    }

    @Test func malformedSwiftPMOutputNamesTheField() {
        let error = #expect(throws: SBOMError.self) {
            try DependencyTree.parse(
                Array(#"{"identity": "a", "name": "a", "url": "x", "dependencies": [{"name": 1}]}"#.utf8)
            )
        }
        #expect(error?.message.contains("dependencies[0]") == true)
    }
}
