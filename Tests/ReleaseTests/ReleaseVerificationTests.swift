import Bot4TestSupport
import Foundation
import JSON
import Minisign
import Provenance
import Release
import Testing

/// `ReleaseVerification` over a sealed bundle: it passes intact, stock tools agree, and each fault of the
/// issue is caught by the check that owns it, naming the file.
@Suite struct ReleaseVerificationTests {
    @Test func anIntactBundleVerifiesAndStockToolsAgree() async throws {
        let bundle = try await ReleaseBundleFixture.make("release-verify-intact", ephemeral: true)
        defer { bundle.remove() }
        let verdict = try bundle.verify()
        #expect(verdict.isVerified, "\(verdict.problems)")
        #expect(verdict.trustedComments["tool"] == "fixture 1.0.0 file:tool ephemeral")
        let signed = verdict.files.filter { !$0.hasSuffix(".minisig") }
        #expect(
            signed == [
                "SHA256SUMS", "SHA512SUMS", "audit.md", "fixture.cdx.json", "fixture.pub", "fixture.spdx.json",
                "provenance.intoto.jsonl", "tool",
            ]
        )
        #expect(verdict.trustedComments.count == signed.count)
        let minisign = try TestEnvironment.requireTool("minisign")
        for name in signed {
            let checked = try ProcessRunner.run(
                minisign,
                ["-V", "-p", "fixture.pub", "-m", name],
                directory: bundle.directory
            )
            #expect(checked.status == 0, "minisign -V \(name): \(checked.err)")
        }
        for tool in ["sha256sum", "sha512sum"] {
            let manifest = tool == "sha256sum" ? "SHA256SUMS" : "SHA512SUMS"
            let checked = try ProcessRunner.run(
                try TestEnvironment.requireTool(tool),
                ["-c", "--strict", manifest],
                directory: bundle.directory
            )
            #expect(checked.status == 0, "\(tool): \(checked.err)")
        }
        let sums = String(decoding: try bundle.read("SHA256SUMS"), as: UTF8.self)
        #expect(
            !sums.contains(".minisig") && !sums.contains("SHA512SUMS") && sums.contains("  provenance.intoto.jsonl\n")
        )
        let envelope = try DSSEEnvelope.jsonLines(Array(try bundle.read("provenance.intoto.jsonl")), source: "p")
        #expect(envelope.first?.signatures.map(\.keyID) == [bundle.publicKey.keyID.padded])
        let statement = try InTotoStatement(bytes: envelope[0].payload, source: "payload")
        #expect(statement.subjects.map(\.name) == ["audit.md", "fixture.cdx.json", "fixture.spdx.json", "tool"])
    }

    /// `read` hands back the exact bytes of every document it parsed (the manifests, the provenance, the
    /// SBOMs), from the read that was verified, and nothing of the other files.
    @Test func theVerifiedBundleHoldsTheBytesOfEveryDocumentItParsed() async throws {
        let bundle = try await ReleaseBundleFixture.make("release-verify-documents")
        defer { bundle.remove() }
        let read = try ReleaseVerification.read(.init(directory: bundle.path, publicKey: bundle.publicKey))
        #expect(read.isVerified, "\(read.verdict.problems)")
        let documents = [
            "SHA256SUMS", "SHA512SUMS", "fixture.cdx.json", "fixture.spdx.json", "provenance.intoto.jsonl",
        ]
        #expect(read.documents.keys.sorted() == documents)
        for name in documents { #expect(read.documents[name].map { Data($0) } == (try bundle.read(name))) }
    }

    /// A document beyond its limit is a problem of the verdict naming it, not kept, not parsed.
    @Test func aManifestBeyondItsLimitIsMalformed() async throws {
        let bundle = try await ReleaseBundleFixture.make("release-verify-large")
        defer { bundle.remove() }
        try bundle.write("SHA512SUMS", Data(repeating: 0x0A, count: (1 << 20) + 1))
        let read = try ReleaseVerification.read(.init(directory: bundle.path, publicKey: bundle.publicKey))
        #expect(read.verdict.has(.malformed, "SHA512SUMS", saying: "larger than 1048576 bytes"))
        #expect(read.verdict.has(.badSignature, "SHA512SUMS"))
        #expect(read.documents["SHA512SUMS"] == nil)
    }

    @Test func aTamperedArtifactFailsEveryCheckThatCoversIt() async throws {
        let bundle = try await ReleaseBundleFixture.make("release-verify-tampered")
        defer { bundle.remove() }
        try bundle.write("tool", try bundle.read("tool") + Data("!".utf8))
        let verdict = try bundle.verify()
        #expect(!verdict.isVerified)
        #expect(verdict.has(.badSignature, "tool"))
        #expect(verdict.has(.digestMismatch, "tool", saying: "SHA256SUMS"))
        #expect(verdict.has(.digestMismatch, "tool", saying: "SHA512SUMS"))
        #expect(verdict.has(.digestMismatch, "tool", saying: "provenance"))
        #expect(verdict.has(.digestMismatch, "tool", saying: "fixture.cdx.json"))
        #expect(verdict.has(.digestMismatch, "tool", saying: "fixture.spdx.json"))
        #expect(verdict.problems.allSatisfy { $0.file == "tool" })
    }

    @Test func aSwappedSBOMIsCaughtByItsHashesOfTheExecutable() async throws {
        let key = try SecretKey.generate()
        let bundle = try await ReleaseBundleFixture.make("release-verify-sbom", key: key)
        let other = try await ReleaseBundleFixture.make("release-verify-sbom-other", body: "another build", key: key)
        defer {
            bundle.remove()
            other.remove()
        }
        try bundle.take("fixture.cdx.json", from: other)
        let verdict = try bundle.verify()
        // Signed by the same key, so its own signature holds; its record of the executable does not.
        #expect(!verdict.has(.badSignature, "fixture.cdx.json"))
        #expect(verdict.has(.digestMismatch, "tool", saying: "fixture.cdx.json's"))
        #expect(verdict.has(.digestMismatch, "fixture.cdx.json", saying: "SHA256SUMS"))
    }

    @Test func aProvenanceFromAnotherBuildNamesTheSubjectThatDiffers() async throws {
        let key = try SecretKey.generate()
        let bundle = try await ReleaseBundleFixture.make("release-verify-subject", key: key)
        let other = try await ReleaseBundleFixture.make("release-verify-subject-other", body: "v2", key: key)
        defer {
            bundle.remove()
            other.remove()
        }
        try bundle.take("provenance.intoto.jsonl", from: other)
        let verdict = try bundle.verify()
        #expect(verdict.has(.digestMismatch, "tool", saying: "the provenance's"))
        #expect(!verdict.has(.digestMismatch, "audit.md", saying: "the provenance's"))
        #expect(!verdict.has(.badSignature, "provenance.intoto.jsonl"))
    }

    @Test func anotherKeysSignaturesAreRefusedByKeyID() async throws {
        let bundle = try await ReleaseBundleFixture.make("release-verify-key")
        defer { bundle.remove() }
        let trusted = try SecretKey.generate().publicKey
        let verdict = try bundle.verify(with: trusted)
        for name in ["tool", "SHA256SUMS", "SHA512SUMS", "provenance.intoto.jsonl", "fixture.cdx.json"] {
            #expect(verdict.has(.badSignature, name, saying: "signed by another key"), "\(name)")
        }
        #expect(verdict.has(.badSignature, "provenance.intoto.jsonl", saying: trusted.keyID.padded))
    }

    @Test func anExtraFileIsNamedAsSignedByNothing() async throws {
        let bundle = try await ReleaseBundleFixture.make("release-verify-extra")
        defer { bundle.remove() }
        try bundle.write("install.sh", Data("curl | sh\n".utf8))
        try FileManager.default.createDirectory(
            at: bundle.directory.appendingPathComponent("extra"),
            withIntermediateDirectories: false
        )
        let verdict = try bundle.verify()
        #expect(verdict.has(.unsigned, "install.sh"))
        #expect(verdict.has(.notCovered, "install.sh", saying: "SHA256SUMS"))
        #expect(verdict.has(.notCovered, "install.sh", saying: "provenance"))
        #expect(verdict.has(.unexpectedEntry, "extra"))
    }

    @Test func aMissingFileIsNamedByWhatListsIt() async throws {
        let bundle = try await ReleaseBundleFixture.make("release-verify-missing")
        defer { bundle.remove() }
        try FileManager.default.removeItem(at: bundle.directory.appendingPathComponent("audit.md"))
        let verdict = try bundle.verify()
        #expect(verdict.has(.missingFile, "audit.md", saying: "audit.md.minisig"))
        #expect(verdict.has(.missingFile, "audit.md", saying: "SHA256SUMS"))
        #expect(verdict.has(.missingFile, "audit.md", saying: "provenance"))

        try FileManager.default.removeItem(at: bundle.directory.appendingPathComponent("tool.minisig"))
        #expect(try bundle.verify().has(.unsigned, "tool"))
    }

    @Test func aTruncatedEnvelopeIsMalformedNotACrash() async throws {
        let bundle = try await ReleaseBundleFixture.make("release-verify-truncated")
        defer { bundle.remove() }
        let envelope = try bundle.read("provenance.intoto.jsonl")
        try bundle.write("provenance.intoto.jsonl", envelope.prefix(envelope.count / 2))
        let verdict = try bundle.verify()
        #expect(verdict.has(.malformed, "provenance.intoto.jsonl", saying: "line 1"))
        #expect(verdict.has(.badSignature, "provenance.intoto.jsonl"))
        #expect(verdict.has(.digestMismatch, "provenance.intoto.jsonl", saying: "SHA256SUMS"))
    }

    @Test func aMissingFolderIsAnEnvironmentError() throws {
        let error = #expect(throws: ReleaseError.self) {
            try ReleaseVerification.verify(
                .init(directory: "/nonexistent/bundle", publicKey: try SecretKey.generate().publicKey)
            )
        }
        #expect(error?.code == .io)
        #expect(error?.message.contains("/nonexistent/bundle") == true)
    }

    @Test func theReportIsJSONWithEveryProblem() async throws {
        let bundle = try await ReleaseBundleFixture.make("release-verify-json")
        defer { bundle.remove() }
        try bundle.write("notes.txt", Data("x".utf8))
        let verdict = try bundle.verify()
        let report = try JSONParser.parse(JSONWriter.compactBytes(verdict.jsonValue))
        #expect(report["verified"] == .bool(false))
        let problems = report["problems"]?.arrayValue ?? []
        #expect(problems.count == verdict.problems.count)
        #expect(problems.contains { $0["kind"]?.stringValue == "unsigned" && $0["file"]?.stringValue == "notes.txt" })
    }
}
