import Bot4TestSupport
import Foundation
import SBOM
import Testing

@Suite struct ELFFileTests {
    /// Binaries on every Debian machine, and the one this build made.
    static var samples: [String] {
        ["/bin/ls", "/usr/bin/python3", TestEnvironment.product("seal")].filter {
            FileManager.default.fileExists(atPath: $0)
        }
    }

    /// DT_NEEDED and RUNPATH agree with binutils' readelf (an independent ELF reader).
    @Test(.enabled(if: TestEnvironment.canRun("readelf")))
    func agreesWithReadelf() throws {
        let readelf = try TestEnvironment.requireTool("readelf")
        #expect(!Self.samples.isEmpty)
        for path in Self.samples {
            let elf = try ELFFile(path: path)
            let output = try ProcessRunner.run(readelf, ["-d", "-W", path]).out
            var needed: [String] = []
            var runpath: [String] = []
            for line in output.split(separator: "\n") {
                guard let open = line.lastIndex(of: "["), let close = line.lastIndex(of: "]") else { continue }
                let value = String(line[line.index(after: open)..<close])
                if line.contains("(NEEDED)") { needed.append(value) }
                if line.contains("(RUNPATH)") || line.contains("(RPATH)") {
                    runpath = value.split(separator: ":").map(String.init)
                }
            }
            #expect(elf.needed == needed, "\(path)")
            #expect(elf.runPaths == runpath, "\(path)")
            #expect(elf.debianArchitecture != nil)
        }
    }

    @Test func rejectsNonELFAndTruncationsWithoutCrashing() throws {
        let error = #expect(throws: SBOMError.self) { try ELFFile(bytes: Array("#!/bin/sh\n".utf8), file: "script") }
        #expect(error?.code == .malformedELF)
        #expect(error?.message.hasPrefix("script:") == true)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "/bin/ls")))
        // Every prefix length class and a spread of single-byte corruptions either parse or throw.
        var lengths = Array(0..<80) + stride(from: 80, to: min(bytes.count, 70_000), by: 997).map { $0 }
        lengths.append(bytes.count - 1)
        for length in lengths {
            _ = try? ELFFile(bytes: Array(bytes.prefix(length)), file: "ls")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var mutated = bytes
            for _ in 0..<4 {
                let index = Int.random(in: 0..<min(4096, mutated.count), using: &generator)
                mutated[index] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? ELFFile(bytes: mutated, file: "ls")
        }
        let truncated = #expect(throws: SBOMError.self) { try ELFFile(bytes: Array(bytes.prefix(40)), file: "ls") }
        #expect(truncated?.code == .malformedELF)
    }

    /// The binary's libraries resolve to the Debian packages dpkg-query names, with dpkg-query's versions.
    @Test(.enabled(if: TestEnvironment.canRun("dpkg-query")))
    func resolvesLibrariesToDebianPackages() throws {
        let dpkgQuery = try TestEnvironment.requireTool("dpkg-query")
        var bom = BillOfMaterials(root: Component(bomRef: "root", name: "root"))
        try BinaryScanner(database: try DebianPackageDatabase()).add(binaries: ["/bin/ls"], to: &bom)
        let file = try #require(bom.components.first { $0.bomRef == "file:ls" })
        #expect(file.hashes.map(\.algorithm) == ["SHA-256", "SHA-512"])
        let sha = try ProcessRunner.run(try TestEnvironment.requireTool("sha256sum"), ["/bin/ls"]).out.prefix(64)
        #expect(file.hashes[0].value == String(sha))
        let libc = try #require(bom.components.first { $0.name == "libc6" })
        let arch = libc.purl?.qualifiers["arch"] ?? ""
        let version = try ProcessRunner.run(dpkgQuery, ["-W", "-f", "${Version} ${source:Package}", "libc6:\(arch)"])
            .out
        let parts = version.split(separator: " ")
        #expect(libc.version == String(parts[0]))
        #expect(libc.debianSourcePackage == String(parts[1]))
        let dpkg = try ProcessRunner.run(try TestEnvironment.requireTool("dpkg"), ["--print-architecture"]).out
        #expect(arch == dpkg.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(libc.purl?.qualifiers["distro"] == "debian-12")
        #expect(bom.dependencies["file:ls"]?.contains(libc.bomRef) == true)
        #expect(bom.dependencies["root"] == ["file:ls"])
        #expect(bom.lifecycles.contains("post-build"))
    }

    /// A `-static-stdlib` build NEEDs no Swift runtime library: the runtime and Foundation (swift-foundation)
    /// are inside it and must still be listed, as static, alongside the Debian libraries it does NEED.
    @Test(.enabled(if: TestEnvironment.canRun("swiftc")))
    func staticallyLinkedRuntimeIsListed() throws {
        let swiftc = try TestEnvironment.requireTool("swiftc")
        let dir = try TestEnvironment.temporaryDirectory("static-elf")
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("hello.swift")
        try "import Foundation\nprint(Data([1, 2]).count, Date().timeIntervalSince1970)\n"
            .write(to: source, atomically: true, encoding: .utf8)
        let binary = dir.appendingPathComponent("hello").path
        let build = try ProcessRunner.run(swiftc, ["-static-stdlib", source.path, "-o", binary])
        #expect(build.status == 0, "\(build.err)")
        let elf = try ELFFile(path: binary)
        #expect(!elf.needed.contains { $0.hasPrefix("libswiftCore") })
        var bom = BillOfMaterials(root: Component(bomRef: "root", name: "root"))
        try BinaryScanner(database: try? DebianPackageDatabase(), toolchainVersion: "6.3.1").add(
            binaries: [binary],
            to: &bom
        )
        let runtime = try #require(bom.components.first { $0.name == "swift-runtime" })
        #expect(runtime.property("seal:swift:linkage") == "static")
        #expect(runtime.purl?.description == "pkg:generic/swiftlang/swift-runtime@6.3.1")
        #expect(bom.components.first { $0.name == "swift-foundation" }?.property("seal:swift:linkage") == "static")
        #expect(bom.dependencies["file:hello"]?.contains(runtime.bomRef) == true)
    }
}
