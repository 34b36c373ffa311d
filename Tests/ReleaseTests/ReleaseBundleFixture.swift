import Bot4TestSupport
import Digest
import Foundation
import JSON
import Minisign
import Provenance
import Release
import SBOM

/// A small sealed bundle for the verification tests: an executable (`tool`, an ELF header and a body), its
/// CycloneDX and SPDX SBOMs recording the executable's digests, an audit report, and what
/// ``BundleSealing`` adds (provenance, manifests, signatures).
struct ReleaseBundleFixture {
    let directory: URL
    let key: SecretKey

    var path: String { directory.path }
    var publicKey: PublicKey { key.publicKey }

    /// Makes and seals a bundle whose executable's body is `body`, signed by `key`.
    static func make(
        _ label: String,
        body: String = "tool body",
        key: SecretKey? = nil,
        ephemeral: Bool = false,
        dependency: String? = nil
    ) async throws -> ReleaseBundleFixture {
        let directory = try TestEnvironment.temporaryDirectory(label)
        let key = try key ?? SecretKey.generate()
        let tool = [0x7F, 0x45, 0x4C, 0x46] + Array(body.utf8)
        try Data(tool).write(to: directory.appendingPathComponent("tool"))
        let file = Component(
            bomRef: "file:tool",
            kind: .file,
            name: "tool",
            version: "1.0.0",
            hashes: [
                ComponentHash(algorithm: "SHA-256", value: HashFunction.hash(.sha256, tool).hexString),
                ComponentHash(algorithm: "SHA-512", value: HashFunction.hash(.sha512, tool).hexString),
            ]
        )
        let root = Component(bomRef: "pkg:swift/fixture", kind: .application, name: "fixture", version: "1.0.0")
        let library = try dependency.map { purl in
            let parsed = try PackageURL(parsing: purl)
            return Component(bomRef: purl, name: parsed.name, version: parsed.version, purl: parsed)
        }
        let bom = BillOfMaterials(
            root: root,
            components: [file] + (library.map { [$0] } ?? []),
            dependencies: ["pkg:swift/fixture": ["file:tool"] + (dependency.map { [$0] } ?? []), "file:tool": []],
            timestamp: "2026-12-06T00:00:00Z"
        )
        try Data(try CycloneDXWriter(specVersion: "1.6").bytes(bom)).write(
            to: directory.appendingPathComponent("fixture.cdx.json")
        )
        try Data(SPDXWriter().bytes(bom)).write(to: directory.appendingPathComponent("fixture.spdx.json"))
        try Data("# Audit\nno findings\n".utf8).write(to: directory.appendingPathComponent("audit.md"))
        if ephemeral {
            try Data(key.publicKey.fileContents().utf8).write(to: directory.appendingPathComponent("fixture.pub"))
        }
        let request = BundleSealing.Request(
            directory: directory.path,
            statement: { subjects in
                InTotoStatement(
                    subjects: subjects,
                    predicateType: SLSAProvenance.predicateType,
                    predicate: .object([("buildDefinition", .object([]))])
                )
            },
            trustedComment: { "fixture 1.0.0 file:\($0)" + (ephemeral ? " ephemeral" : "") }
        )
        try await BundleSealing.seal(request, signer: KeyFileSigner(secretKey: key))
        return ReleaseBundleFixture(directory: directory, key: key)
    }

    /// The verdict of ``ReleaseVerification`` with `publicKey` (default: the bundle's own key).
    func verify(with publicKey: PublicKey? = nil) throws -> ReleaseVerdict {
        try ReleaseVerification.verify(.init(directory: path, publicKey: publicKey ?? self.publicKey))
    }

    /// The bytes of a bundle file.
    func read(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }

    /// Replaces a bundle file.
    func write(_ name: String, _ data: Data) throws { try data.write(to: directory.appendingPathComponent(name)) }

    /// Copies `name` and its signature from `other`, as a swap of one released file for another's would.
    func take(_ name: String, from other: ReleaseBundleFixture) throws {
        for file in [name, name + ".minisig"] { try write(file, try other.read(file)) }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

extension ReleaseVerdict {
    /// Whether a problem of `kind` names `file` (and, when given, says `saying`).
    func has(_ kind: Problem.Kind, _ file: String, saying: String? = nil) -> Bool {
        problems.contains { $0.kind == kind && $0.file == file && (saying.map($0.message.contains) ?? true) }
    }
}
