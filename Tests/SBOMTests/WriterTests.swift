import Bot4TestSupport
import Foundation
import JSON
import SBOM
import Testing

@Suite struct WriterTests {
    static func bom() throws -> BillOfMaterials {
        var bom = try SwiftPackageGraphTests.demo().billOfMaterials(rootVersion: "1.0.0")
        bom.timestamp = "2026-11-25T12:00:00Z"
        bom.tools = [BillOfMaterials.Tool(vendor: "Bot4", name: "seal", version: "0.1.0")]
        bom.authors = ["Bot4 Project"]
        if let index = bom.components.firstIndex(where: { $0.name == "swift-argument-parser" }) {
            bom.components[index].licenses = [License(expression: "Apache-2.0 WITH Swift-exception")]
        }
        return bom
    }

    @Test func deterministicAndContentAddressed() throws {
        let bom = try Self.bom()
        let writer = try CycloneDXWriter()
        let first = writer.bytes(bom)
        #expect(first == writer.bytes(bom))
        #expect(SPDXWriter().bytes(bom) == SPDXWriter().bytes(bom))
        var changed = bom
        changed.timestamp = "2026-11-25T12:00:01Z"
        let serial = { (bytes: [UInt8]) -> String? in
            (try? JSONParser.parse(bytes, file: "x"))?["serialNumber"]?.stringValue
        }
        #expect(serial(first) != serial(writer.bytes(changed)))
        #expect(serial(first)?.hasPrefix("urn:uuid:") == true)
    }

    @Test(.enabled(if: TestEnvironment.canRun("python")))
    func uuidVersion5MatchesPython() throws {
        _ = try TestEnvironment.requireTool("python")
        let uuid = NameBasedUUID.version5(name: "https://example.com/bot4")
        let python = try ProcessRunner.run(
            TestEnvironment.python,
            ["-c", "import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, 'https://example.com/bot4'))"]
        )
        #expect(python.out.trimmingCharacters(in: .whitespacesAndNewlines) == uuid)
    }

    @Test func roundTripsThroughTheReader() throws {
        let bom = try Self.bom()
        for (format, bytes) in [
            (SBOMDocumentReader.Format.cycloneDX, try CycloneDXWriter().bytes(bom)), (.spdx, SPDXWriter().bytes(bom)),
        ] {
            let (read, back) = try SBOMDocumentReader.parse(bytes, file: "written")
            #expect(read == format)
            #expect(Set(back.allComponents.compactMap(\.purl)) == Set(bom.allComponents.compactMap(\.purl)))
            // Edges survive, compared by purl.
            func edges(_ b: BillOfMaterials) -> Set<String> {
                let purl = Dictionary(
                    b.allComponents.map { ($0.bomRef, $0.purl?.description ?? $0.name) },
                    uniquingKeysWith: { a, _ in a }
                )
                return Set(b.dependencies.flatMap { from, tos in tos.map { "\(purl[from]!) -> \(purl[$0]!)" } })
            }
            #expect(edges(back) == edges(bom), "\(format)")
            let parser = try #require(back.components.first { $0.name == "swift-argument-parser" })
            #expect(parser.licenses.map(\.expression) == ["Apache-2.0 WITH Swift-exception"])
            #expect(parser.property(Component.PropertyName.swiftRevision) != nil)
            #expect(back.components.first { $0.name == "swift-numerics" }?.scope == .excluded)
        }
    }

    /// Every document passes the JSON schemas, cyclonedx-python-lib's strict validator and model validation,
    /// spdx-tools, and the checks those miss (duplicate refs, dangling refs, non-canonical purls).
    @Test(.enabled(if: TestEnvironment.canRun("python")))
    func independentValidatorsAccept() throws {
        _ = try TestEnvironment.requireTool("python")
        let bom = try Self.bom()
        let dir = try TestEnvironment.temporaryDirectory("sbom-writers")
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for version in CycloneDXWriter.supportedVersions {
            let path = dir.appendingPathComponent("demo-\(version).cdx.json").path
            try Data(try CycloneDXWriter(specVersion: version).bytes(bom)).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let spdx = dir.appendingPathComponent("demo.spdx.json").path
        try Data(SPDXWriter().bytes(bom)).write(to: URL(fileURLWithPath: spdx))
        paths.append(spdx)
        let result = try ProcessRunner.run(
            TestEnvironment.python,
            [Fixture.path("validate.py"), Fixture.path("schemas")] + paths
        )
        #expect(result.status == 0, "\(result.out)\(result.err)")
    }

    /// The validator itself rejects what it should: a duplicate bom-ref, a dangling ref, a bad purl.
    @Test(.enabled(if: TestEnvironment.canRun("python")))
    func validatorRejectsBrokenDocuments() throws {
        _ = try TestEnvironment.requireTool("python")
        var bom = try Self.bom()
        bom.components.append(bom.components[0])
        bom.dependencies["pkg:swift/localhost/Demo@1.0.0", default: []].append("nowhere")
        let dir = try TestEnvironment.temporaryDirectory("sbom-broken")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("broken.cdx.json").path
        try Data(try CycloneDXWriter().bytes(bom)).write(to: URL(fileURLWithPath: path))
        let result = try ProcessRunner.run(
            TestEnvironment.python,
            [Fixture.path("validate.py"), Fixture.path("schemas"), path]
        )
        #expect(result.status == 1)
        #expect(result.out.contains("duplicate bom-refs"))
        #expect(result.out.contains("dangling dependency ref nowhere"))
    }

    @Test func gitPinsCarryASoftwareHeritageID() throws {
        let bom = try Self.bom()
        let pin = try #require(bom.components.first { $0.name == "swift-argument-parser" })
        let revision = try #require(pin.property(Component.PropertyName.swiftRevision))
        let json = try JSONParser.parse(try CycloneDXWriter().bytes(bom), file: "x")
        let written = try #require(
            json["components"]?.arrayValue?.first { $0["name"]?.stringValue == "swift-argument-parser" }
        )
        #expect(written["swhid"] == .array([.string("swh:1:rev:\(revision)")]))
        let old = try JSONParser.parse(try CycloneDXWriter(specVersion: "1.5").bytes(bom), file: "x")
        #expect(old["components"]?.arrayValue?.allSatisfy { $0["swhid"] == nil } == true)
    }

    @Test func rejectsUnknownSpecVersion() {
        #expect(throws: SBOMError.self) { try CycloneDXWriter(specVersion: "1.4") }
    }
}
