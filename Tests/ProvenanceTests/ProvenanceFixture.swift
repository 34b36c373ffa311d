import Bot4TestSupport
import Foundation
import Minisign
import Provenance
import SBOM

/// Shared helpers: a throwaway key, artifact files, and a signed provenance envelope over them.
enum ProvenanceFixture {
    /// Writes `files` (name → contents) into a fresh folder and returns name → path.
    static func artifacts(_ files: [String: String]) throws -> (folder: URL, paths: [String: String]) {
        let folder = try TestEnvironment.temporaryDirectory("provenance")
        var paths: [String: String] = [:]
        for (name, contents) in files {
            let url = folder.appendingPathComponent(name)
            try Data(contents.utf8).write(to: url)
            paths[name] = url.path
        }
        return (folder, paths)
    }

    /// A SLSA predicate with the dependencies of a committed real `Package.resolved` (v3).
    static func predicate() throws -> SLSAProvenance {
        let resolvedPath = TestEnvironment.projectRoot
            .appendingPathComponent("Tests/SBOMTests/Fixtures/resolved/swift-dependencies-1.17.1.v3.resolved").path
        let resolved = try PackageResolved.read(path: resolvedPath)
        return SLSAProvenance(
            buildCommand: ["swift", "build", "-c", "release", "--static-swift-stdlib", "-Xswiftc", "-gnone"],
            sourceRepository: "git+https://example.org/bot4.git",
            sourceCommit: "0123456789abcdef0123456789abcdef01234567",
            version: "v1.2.3",
            resolvedDependencies: SLSAProvenance.dependencies(
                from: resolved,
                toolchain: SLSAProvenance.toolchain(versionLine: "Swift version 6.3.1 (swift-6.3.1-RELEASE)")
            ),
            builderID: "urn:bot4:builder:test",
            startedOn: Date(timeIntervalSince1970: 1_780_000_000),
            finishedOn: Date(timeIntervalSince1970: 1_780_000_123)
        )
    }

    /// The statement over `paths` (SHA-256 of each file), signed by `signer`.
    static func envelope(paths: [String: String], signer: KeyFileSigner) async throws -> DSSEEnvelope {
        var subjects: [InTotoStatement.Subject] = []
        for (name, path) in paths.sorted(by: { $0.key < $1.key }) {
            subjects.append(InTotoStatement.Subject(name: name, sha256: try ArtifactDigestsForTests.sha256(path)))
        }
        return try await DSSEEnvelope.sign(statement: try predicate().statement(subjects: subjects), signer: signer)
    }
}

/// SHA-256 of a file through the system's `sha256sum`, an independent implementation.
enum ArtifactDigestsForTests {
    static func sha256(_ path: String) throws -> [UInt8] {
        let out = try ProcessRunner.run(try TestEnvironment.requireTool("sha256sum"), [path]).out
        let hexDigits = Array(out.prefix(64).utf8)
        return stride(from: 0, to: 64, by: 2).map {
            UInt8(String(decoding: hexDigits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }
}
