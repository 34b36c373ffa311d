import Digest
import Foundation
import JSON
import Minisign
import Provenance
import Testing

/// A `ProvenanceError` that wraps another failure keeps the original as `underlying`: the JSON parser's, the
/// signer's, the file hasher's.
@Suite struct ProvenanceErrorUnderlyingTests {
    /// A signer whose key service refuses to sign, as a remote one can.
    struct RefusingSigner: Signer {
        let key: SecretKey
        var keyID: KeyID { key.keyID }
        var publicKey: PublicKey { key.publicKey }
        func sign(_ message: [UInt8]) async throws -> [UInt8] {
            throw MinisignError(.signerFailed, "the key service refused")
        }
    }

    @Test func anEnvelopeThatIsNotJSONKeepsTheSyntaxError() {
        let error = #expect(throws: ProvenanceError.self) {
            try DSSEEnvelope(bytes: Array("{\"payload\": ".utf8), source: "p.intoto.jsonl")
        }
        #expect(error?.code == .malformedEnvelope)
        #expect(error?.message == "p.intoto.jsonl: not JSON")
        let cause = error?.underlying as? JSONSyntaxError
        #expect(cause != nil)
        #expect(error?.description == "p.intoto.jsonl: not JSON: \(cause.map(String.init(describing:)) ?? "")")
    }

    @Test func aStatementThatIsNotJSONKeepsTheSyntaxError() {
        let error = #expect(throws: ProvenanceError.self) {
            try InTotoStatement(bytes: Array("[1,".utf8), source: "the payload")
        }
        #expect(error?.code == .malformedStatement)
        #expect(error?.underlying is JSONSyntaxError)
    }

    @Test func aFailingSignerIsKeptAsTheUnderlyingError() async throws {
        let signer = RefusingSigner(key: try SecretKey.generate())
        let error = await #expect(throws: ProvenanceError.self) {
            try await DSSEEnvelope.sign(payload: Array("{}".utf8), signer: signer)
        }
        #expect(error?.code == .signerFailed)
        #expect(error?.message == "signing the DSSE envelope failed")
        #expect((error?.underlying as? MinisignError)?.code == .signerFailed)
        #expect(error?.description == "signing the DSSE envelope failed: the key service refused")
    }

    @Test func anArtifactThatCannotBeReadKeepsTheDigestError() async throws {
        let key = try SecretKey.generate()
        let (folder, paths) = try ProvenanceFixture.artifacts(["a": "alpha"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let envelope = try await ProvenanceFixture.envelope(paths: paths, signer: KeyFileSigner(secretKey: key))
        try FileManager.default.removeItem(atPath: paths["a"]!)
        let error = #expect(throws: ProvenanceError.self) {
            try ProvenanceVerifier(publicKey: key.publicKey).verify(envelope, files: paths)
        }
        #expect(error?.code == .io)
        let cause = try #require(error?.underlying as? DigestError)
        #expect(cause.code == .io)
        #expect(error?.description == cause.description)
    }
}
