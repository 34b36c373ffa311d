import Foundation
import SBOM
import Testing

@Suite struct SBOMDocumentReaderTests {
    /// Inputs are read through `FileSystem.BoundedFile`: a missing file or a folder is an I/O error naming
    /// the path and what it was meant to be.
    @Test func anUnreadableInputNamesThePath() {
        for (path, reason) in [
            ("/nonexistent/bom.json", "cannot open: No such file or directory"), ("/tmp", "not a file"),
        ] {
            let error = #expect(throws: SBOMError.self) { try SBOMDocumentReader.read(path: path) }
            #expect(error?.code == .io)
            #expect(error?.message == "cannot read SBOM: \(path): \(reason)")
        }
    }

    @Test func readsCycloneDXFromCycloneDXPythonLib() throws {
        let (format, bom) = try SBOMDocumentReader.parse(
            Fixture.bytes("documents/python-cyclonedx.cdx.json"),
            file: "python-cyclonedx.cdx.json"
        )
        #expect(format == .cycloneDX)
        #expect(bom.root?.name == "Demo")
        #expect(bom.timestamp?.hasPrefix("2026-11-25T12:00:00") == true)
        let nio = try #require(bom.components.first { $0.name == "swift-nio" })
        #expect(nio.purl?.swiftRepositoryPath == "github.com/apple/swift-nio")
        #expect(nio.licenses.map(\.expression) == ["Apache-2.0"])
        let ssl = try #require(bom.components.first { $0.name == "libssl3" })
        #expect(ssl.debianSourcePackage == "openssl")
        #expect(ssl.property(Component.PropertyName.debianSourceVersion) == "3.0.17-1~deb12u2")
        #expect(ssl.hashes.first?.algorithm == "SHA-256")
        let snap = try #require(bom.components.first { $0.name == "swift-snapshot-testing" })
        #expect(snap.scope == .excluded)
        #expect(snap.licenses.first?.identifiers == ["MIT", "Apache-2.0"])
        #expect(bom.dependencies["root"]?.sorted() == ["nio", "snap"])
        #expect(bom.dependencies["nio"] == ["ssl"])
        #expect(bom.transitiveDependencies(of: "root") == ["nio", "snap", "ssl"])
    }

    @Test func readsSPDXFromSPDXTools() throws {
        let (format, bom) = try SBOMDocumentReader.parse(
            Fixture.bytes("documents/python-spdx.spdx.json"),
            file: "python-spdx.spdx.json"
        )
        #expect(format == .spdx)
        #expect(bom.root?.bomRef == "SPDXRef-Demo")
        #expect(bom.tools.first?.name == "spdx-tools")
        #expect(bom.tools.first?.version == "0.8.5")
        #expect(bom.authors == ["Example Org"])
        let nio = try #require(bom.components.first { $0.bomRef == "SPDXRef-nio" })
        #expect(nio.hashes == [ComponentHash(algorithm: "SHA-256", value: String(repeating: "b", count: 64))])
        #expect(nio.licenses.first?.acknowledgement == .declared)
        #expect(bom.components.first { $0.bomRef == "SPDXRef-snap" }?.scope == .excluded)
        #expect(bom.dependencies["SPDXRef-Demo"]?.sorted() == ["SPDXRef-nio", "SPDXRef-snap"])
        #expect(bom.dependencies["SPDXRef-nio"] == [])
    }

    @Test func rejectsUnknownDocuments() {
        let cases: [(String, SBOMError.Code)] = [
            (#"{"hello": 1}"#, .malformedDocument),
            (#"{"bomFormat": "CycloneDX", "specVersion": "2.0"}"#, .unsupportedVersion),
            (
                #"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library"}]}"#,
                .malformedDocument
            ),
            (
                #"{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"name": "x", "purl": "pkg:swift/x"}]}"#,
                .malformedPackageURL
            ),
            (#"{"spdxVersion": "SPDX-2.3", "creationInfo": {}, "packages": [{"name": "x"}]}"#, .malformedDocument),
        ]
        for (text, code) in cases {
            let error = #expect(throws: SBOMError.self) {
                try SBOMDocumentReader.parse(Array(text.utf8), file: "doc.json")
            }
            #expect(error?.code == code, "\(text)")
            #expect(error?.message.hasPrefix("doc.json") == true)
        }
    }
}
