import Bot4TestSupport
import Foundation
import JSON
import SBOM
import Testing

/// SBOM generation and checking as library calls (what `seal sbom` and `seal sbom check` call): the documents,
/// their reproducibility, and the failures as `SBOMError`s naming the file. `SBOMCLITests` checks the exit
/// codes and the output formats end to end.
@Suite struct SBOMGeneratorTests {
    static let timestamp = "2025-11-25T12:00:00Z"

    static func request(_ path: String, binaries: [String] = []) -> SBOMGenerator.Request {
        SBOMGenerator.Request(
            packagePath: path,
            rootVersion: "1.0.0",
            binaries: binaries,
            authors: ["Bot4"],
            timestamp: timestamp,
            tool: BillOfMaterials.Tool(vendor: "Bot4", name: "seal", version: "test")
        )
    }

    /// Writes a Package.swift of a package with nothing in it.
    static func emptyManifest(in dir: URL) throws {
        try "// swift-tools-version:6.0\nimport PackageDescription\nlet package = Package(name: \"X\")\n"
            .write(to: dir.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
    }

    /// Lays out the fixture package (without its remote binary target, which SwiftPM would download) and
    /// its path dependency in a fresh folder. (Not Bot4 itself: `swift test` holds Bot4's build lock, and
    /// `swift package` would wait for it.)
    static func demoPackage(in dir: URL) throws -> URL {
        let fm = FileManager.default
        let demo = dir.appendingPathComponent("Demo")
        let local = dir.appendingPathComponent("LocalLib")
        for folder in ["Sources/Demo", "Sources/CSodium", "Tests/DemoTests"] {
            try fm.createDirectory(at: demo.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try fm.createDirectory(at: local.appendingPathComponent("Sources/LocalLib"), withIntermediateDirectories: true)
        let manifest = try String(contentsOfFile: Fixture.path("swiftpm/demo/Package.swift.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("binaryTarget") }
            .joined(separator: "\n")
        try manifest.write(to: demo.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        // LocalLib keeps its system library and its local binary target; its remote one would be downloaded.
        let localManifest = try String(
            contentsOfFile: Fixture.path("swiftpm/demo/LocalLib/Package.swift.txt"),
            encoding: .utf8
        ).split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("RemoteKit") }
            .joined(separator: "\n")
        try localManifest.write(to: local.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        for folder in ["Sources/CZlib", "VendoredTool.artifactbundle/bin"] {
            try fm.createDirectory(at: local.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let files = [
            "Demo/Sources/Demo/main.swift": "print(\"demo\")\n",
            "Demo/Sources/CSodium/module.modulemap":
                "module CSodium [system] {\n  header \"shim.h\"\n  link \"sodium\"\n}\n",
            "Demo/Sources/CSodium/shim.h": "#include <sodium.h>\n",
            "Demo/Tests/DemoTests/DemoTests.swift": "import Testing\n",
            "LocalLib/Sources/LocalLib/LocalLib.swift": "public let value = 1\n",
            "LocalLib/Sources/CZlib/module.modulemap":
                "module CZlib [system] {\n  header \"shim.h\"\n  link \"z\"\n}\n",
            "LocalLib/Sources/CZlib/shim.h": "#include <zlib.h>\n",
            "LocalLib/VendoredTool.artifactbundle/bin/vendored-tool": "#!/bin/sh\n",
            "LocalLib/VendoredTool.artifactbundle/info.json": #"""
            {"schemaVersion": "1.0", "artifacts": {"vendored-tool": {"type": "executable", "version": "1.0.0",
              "variants": [{"path": "bin/vendored-tool",
                "supportedTriples": ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"]}]}}}
            """#,
        ]
        for (path, text) in files {
            try text.write(to: dir.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        return demo
    }

    @Test(.enabled(if: TestEnvironment.canRun("swift")))
    func fixturePackageGivesReproducibleValidDocuments() throws {
        _ = try TestEnvironment.requireTool("swift")
        let dir = try TestEnvironment.temporaryDirectory("sbom-lib")
        defer { try? FileManager.default.removeItem(at: dir) }
        let demo = try Self.demoPackage(in: dir)
        let request = Self.request(demo.path)
        func generate() throws -> BillOfMaterials { try SBOMGenerator().generate(request) }
        let first = try generate()
        let second = try generate()
        let documents: [(String, [UInt8])] = [
            ("a.cdx.json", try CycloneDXWriter(specVersion: "1.6").bytes(first)),
            ("b.cdx.json", try CycloneDXWriter(specVersion: "1.6").bytes(second)),
            ("a.spdx.json", SPDXWriter().bytes(first)), ("b.spdx.json", SPDXWriter().bytes(second)),
            ("c.cdx.json", try CycloneDXWriter(specVersion: "1.7").bytes(first)),
            ("d.cdx.json", try CycloneDXWriter(specVersion: "1.5").bytes(first)),
        ]
        #expect(documents[0].1 == documents[1].1)
        #expect(documents[2].1 == documents[3].1)
        var outputs: [String] = []
        for (name, bytes) in documents {
            let path = dir.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            outputs.append(path)
        }
        let bom = try SBOMDocumentReader.read(path: outputs[0])
        #expect(bom.timestamp == Self.timestamp)
        #expect(try SBOMGenerator.timestamp(sourceDateEpoch: "1764072000") == Self.timestamp)
        #expect(bom.root?.purl?.description == "pkg:swift/localhost/Demo@1.0.0")
        let parser = try #require(bom.components.first { $0.name == "swift-argument-parser" })
        #expect(parser.licenses.map(\.expression) == ["Apache-2.0 WITH Swift-exception"])
        #expect(parser.scope == .required)
        #expect(bom.components.first { $0.name == "xctest-dynamic-overlay" }?.scope == .excluded)
        #expect(bom.components.contains { $0.purl?.type == "deb" && $0.name == "libsodium-dev" })
        #expect(bom.components.contains { $0.purl?.description == "pkg:swift/localhost/LocalLib" })
        // LocalLib's own system library (resolved through dpkg, with the licence of its copyright file) and
        // its binary target, with edges from LocalLib.
        let zlib = try #require(bom.components.first { $0.purl?.type == "deb" && $0.name == "zlib1g-dev" })
        #expect(zlib.licenses.map(\.expression) == ["Zlib"])
        let tool = try #require(bom.components.first { $0.name == "VendoredTool" })
        #expect(Set(bom.dependencies["pkg:swift/localhost/LocalLib"] ?? []) == [zlib.bomRef, tool.bomRef])
        if TestEnvironment.has("python") {
            let result = try ProcessRunner.run(
                TestEnvironment.python,
                [Fixture.path("validate.py"), Fixture.path("schemas"), outputs[0], outputs[2], outputs[4], outputs[5]]
            )
            #expect(result.status == 0, "\(result.out)")
        }
        // The path dependency and the system package have no version: NTIA's minimum is not met.
        #expect(!SBOMQualityCheck(bom, profiles: [.ntia]).passed(.ntia))
    }

    @Test(.enabled(if: TestEnvironment.canRun("swift")))
    func aMalformedPackageResolvedIsNamedWithItsField() throws {
        _ = try TestEnvironment.requireTool("swift")
        let dir = try TestEnvironment.temporaryDirectory("sbom-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.emptyManifest(in: dir)
        try
            #"{"version": 2, "pins": [{"identity": "a", "kind": "remoteSourceControl", "location": "https://x/y/a", "state": {}}]}"#
            .write(to: dir.appendingPathComponent("Package.resolved"), atomically: true, encoding: .utf8)
        let error = #expect(throws: SBOMError.self) { try SBOMGenerator().generate(Self.request(dir.path)) }
        #expect(error?.code == .malformedResolved)
        #expect(error?.description.contains("Package.resolved") == true)
        #expect(error?.description.contains("pins[0].state") == true)
    }

    @Test func aMissingPackageIsAnEnvironmentFailure() throws {
        let dir = try TestEnvironment.temporaryDirectory("sbom-env")
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = #expect(throws: SBOMError.self) {
            try SBOMGenerator().generate(Self.request(dir.appendingPathComponent("nowhere").path))
        }
        #expect(
            error.map { [.io, .toolFailed, .missingCheckout].contains($0.code) } == true,
            "\(String(describing: error))"
        )
        #expect(error?.description.contains("Package.swift") == true)
    }

    @Test(.enabled(if: TestEnvironment.canRun("swift")))
    func aBinaryThatIsNotELFIsNamed() throws {
        _ = try TestEnvironment.requireTool("swift")
        let dir = try TestEnvironment.temporaryDirectory("sbom-elf")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.emptyManifest(in: dir)
        let script = dir.appendingPathComponent("tool.sh")
        try "#!/bin/sh\necho hi\n".write(to: script, atomically: true, encoding: .utf8)
        let error = #expect(throws: SBOMError.self) {
            try SBOMGenerator().generate(Self.request(dir.path, binaries: [script.path]))
        }
        #expect(error?.code == .malformedELF)
        #expect(error?.description.contains("tool.sh") == true)
        #expect(error?.description.contains("ELF") == true)
    }

    @Test func checkingReadsOnlySBOMsAndScoresAnotherToolsDocument() throws {
        let dir = try TestEnvironment.temporaryDirectory("sbom-check")
        defer { try? FileManager.default.removeItem(at: dir) }
        let notSBOM = dir.appendingPathComponent("x.json")
        try "{\"hello\": 1}".write(to: notSBOM, atomically: true, encoding: .utf8)
        let bad = #expect(throws: SBOMError.self) { try SBOMDocumentReader.read(path: notSBOM.path) }
        #expect(bad.map { ![.io, .toolFailed, .missingCheckout].contains($0.code) } == true)
        #expect(bad?.description.contains("x.json") == true)
        let unreadable = #expect(throws: SBOMError.self) {
            try SBOMDocumentReader.read(path: dir.appendingPathComponent("none.json").path)
        }
        #expect(unreadable?.code == .io)

        let bom = try SBOMDocumentReader.read(path: Fixture.path("documents/python-cyclonedx.cdx.json"))
        let check = SBOMQualityCheck(bom, profiles: [.ntia])
        #expect(!check.passed(.ntia))
        let supplier = try #require(check.elements.first { $0.name == "Supplier Name" })
        #expect((supplier.covered, supplier.total) == (0, 4))
        let dependencies = try #require(check.elements.first { $0.name == "Dependency Relationship" })
        #expect((dependencies.covered, dependencies.total) == (4, 4) && dependencies.passed)
    }
}
