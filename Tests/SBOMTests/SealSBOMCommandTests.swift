import Bot4TestSupport
import Foundation
import JSON
import SBOM
import Testing

/// `seal sbom` end to end, on Bot4 itself and on broken inputs.
@Suite struct SealSBOMCommandTests {
    static let seal = TestEnvironment.product("seal")
    static let epoch = ["SOURCE_DATE_EPOCH": "1764072000"]

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
    func fixturePackageEndToEnd() throws {
        _ = try TestEnvironment.requireTool("swift")
        let dir = try TestEnvironment.temporaryDirectory("sbom-cli")
        defer { try? FileManager.default.removeItem(at: dir) }
        let demo = try Self.demoPackage(in: dir)
        var outputs: [String] = []
        for (name, args) in [
            ("a.cdx.json", ["--spec-version", "1.6"]), ("b.cdx.json", ["--spec-version", "1.6"]),
            ("a.spdx.json", ["--format", "spdx"]), ("b.spdx.json", ["--format", "spdx"]),
            ("c.cdx.json", ["--spec-version", "1.7"]), ("d.cdx.json", ["--spec-version", "1.5"]),
        ] {
            let path = dir.appendingPathComponent(name).path
            let result = try ProcessRunner.run(
                Self.seal,
                ["sbom", demo.path, "--author", "Bot4", "--root-version", "1.0.0", "--output", path] + args,
                environment: Self.epoch
            )
            #expect(result.status == 0, "\(result.err)")
            outputs.append(path)
        }
        let bytes = try outputs.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(bytes[0] == bytes[1])
        #expect(bytes[2] == bytes[3])
        let bom = try SBOMDocumentReader.read(path: outputs[0])
        #expect(bom.timestamp == "2025-11-25T12:00:00Z")
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
        let check = try ProcessRunner.run(
            Self.seal,
            ["sbom", "check", outputs[0], "--profile", "ntia", "--format", "json"]
        )
        #expect(check.status == 1)  // the path dependency and the system package have no version
        let report = try JSONParser.parse(Array(check.stdout), file: "check")
        #expect(report["passed"]?["ntia"] == .bool(false))
    }

    @Test(.enabled(if: TestEnvironment.canRun("swift")))
    func malformedResolvedIsBadInputAndWritesNothing() throws {
        _ = try TestEnvironment.requireTool("swift")
        let dir = try TestEnvironment.temporaryDirectory("sbom-bad")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "// swift-tools-version:6.0\nimport PackageDescription\nlet package = Package(name: \"X\")\n"
            .write(to: dir.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        try
            #"{"version": 2, "pins": [{"identity": "a", "kind": "remoteSourceControl", "location": "https://x/y/a", "state": {}}]}"#
            .write(to: dir.appendingPathComponent("Package.resolved"), atomically: true, encoding: .utf8)
        let output = dir.appendingPathComponent("out.json").path
        let result = try ProcessRunner.run(Self.seal, ["sbom", dir.path, "--output", output])
        #expect(result.status == 2)
        #expect(result.err.contains("Package.resolved"))
        #expect(result.err.contains("pins[0].state"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func environmentAndELFFailuresHaveTheirExitCodes() throws {
        let dir = try TestEnvironment.temporaryDirectory("sbom-env")
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try ProcessRunner.run(Self.seal, ["sbom", dir.appendingPathComponent("nowhere").path])
        #expect(missing.status == 3)
        #expect(missing.err.contains("Package.swift"))
        let notSBOM = dir.appendingPathComponent("x.json")
        try "{\"hello\": 1}".write(to: notSBOM, atomically: true, encoding: .utf8)
        let check = try ProcessRunner.run(Self.seal, ["sbom", "check", notSBOM.path])
        #expect(check.status == 2)
        #expect(check.err.contains("x.json"))
        let unreadable = try ProcessRunner.run(
            Self.seal,
            ["sbom", "check", dir.appendingPathComponent("none.json").path]
        )
        #expect(unreadable.status == 3)
    }

    @Test(.enabled(if: TestEnvironment.canRun("swift")))
    func nonELFBinaryIsBadInputAndWritesNothing() throws {
        _ = try TestEnvironment.requireTool("swift")
        let dir = try TestEnvironment.temporaryDirectory("sbom-elf")
        defer { try? FileManager.default.removeItem(at: dir) }
        try "// swift-tools-version:6.0\nimport PackageDescription\nlet package = Package(name: \"X\")\n"
            .write(to: dir.appendingPathComponent("Package.swift"), atomically: true, encoding: .utf8)
        let script = dir.appendingPathComponent("tool.sh")
        try "#!/bin/sh\necho hi\n".write(to: script, atomically: true, encoding: .utf8)
        let output = dir.appendingPathComponent("out.json").path
        let result = try ProcessRunner.run(Self.seal, ["sbom", dir.path, "--binary", script.path, "--output", output])
        #expect(result.status == 2)
        #expect(result.err.contains("tool.sh"))
        #expect(result.err.contains("ELF"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func checkScoresAnotherToolsDocument() throws {
        let result = try ProcessRunner.run(
            Self.seal,
            ["sbom", "check", Fixture.path("documents/python-cyclonedx.cdx.json")]
        )
        #expect(result.status == 1)
        #expect(result.out.contains("NTIA: incomplete"))
        #expect(result.out.contains("Supplier Name: 0/4"))
        #expect(result.out.contains("ok   Dependency Relationship: 4/4"))
    }
}
