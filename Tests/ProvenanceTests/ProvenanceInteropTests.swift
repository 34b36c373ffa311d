import Bot4TestSupport
import Foundation
import Minisign
import Provenance
import Testing

/// The PyPI peers as independent checkers: securesystemslib verifies what we sign and signs what we verify;
/// in-toto's attestation bindings parse our statement.
@Suite(.serialized) struct ProvenanceInteropTests {
    /// Verifies every envelope line of stdin with the Ed25519 public key (hex, argv[1]) and the keyid
    /// (argv[2]); prints the statement's subjects parsed by in-toto's bindings.
    static let verifyScript = """
        import json, sys
        from securesystemslib.dsse import Envelope
        from securesystemslib.signer import SSlibKey
        from google.protobuf import json_format
        from in_toto_attestation.v1 import statement_pb2
        from in_toto_attestation.v1.statement import Statement
        key = SSlibKey(keyid=sys.argv[2], keytype="ed25519", scheme="ed25519", keyval={"public": sys.argv[1]})
        for line in sys.stdin.read().splitlines():
            envelope = Envelope.from_dict(json.loads(line))
            envelope.verify([key], 1)
            assert envelope.payload_type == "application/vnd.in-toto+json", envelope.payload_type
            message = json_format.Parse(envelope.payload, statement_pb2.Statement())
            Statement.copy_from_pb(message).validate()
            print(json.dumps(sorted((s.name, s.digest["sha256"]) for s in message.subject)))
        """

    /// Makes a key, signs a statement with securesystemslib, prints the public key (hex) and the envelope.
    static let signScript = """
        import json, sys
        from securesystemslib.dsse import Envelope
        from securesystemslib.signer import CryptoSigner, SSlibKey
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives import serialization
        private = Ed25519PrivateKey.generate()
        public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
        signer = CryptoSigner(private, SSlibKey(keyid=sys.argv[1], keytype="ed25519", scheme="ed25519", keyval={"public": public}))
        statement = {"_type": "https://in-toto.io/Statement/v1", "predicateType": "https://slsa.dev/provenance/v1",
                     "subject": [{"name": "artifact", "digest": {"sha256": sys.argv[2]}}],
                     "predicate": {"buildDefinition": {"buildType": "urn:example"}}}
        envelope = Envelope(json.dumps(statement).encode(), "application/vnd.in-toto+json", {})
        envelope.sign(signer)
        print(public)
        print(json.dumps(envelope.to_dict()))
        """

    @Test(.enabled(if: TestEnvironment.canRun("python")))
    func securesystemslibVerifiesOurEnvelopeAndInTotoParsesTheStatement() async throws {
        let python = try TestEnvironment.requireTool("python")
        let key = try SecretKey.generate()
        let (folder, paths) = try ProvenanceFixture.artifacts(["seal": "one", "bot4": "two"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let envelope = try await ProvenanceFixture.envelope(paths: paths, signer: KeyFileSigner(secretKey: key))
        let publicHex = key.publicKey.key.map { String(format: "%02x", $0) }.joined()
        let result = try ProcessRunner.run(
            python,
            ["-c", Self.verifyScript, publicHex, key.keyID.padded],
            input: Data(envelope.jsonLine + [0x0A])
        )
        #expect(result.status == 0, "\(result.err)")
        let expected = try ["bot4", "seal"].map { name in
            "[\"\(name)\", \"\(try ArtifactDigestsForTests.sha256(paths[name]!).map { String(format: "%02x", $0) }.joined())\"]"
        }
        #expect(result.out.trimmingCharacters(in: .whitespacesAndNewlines) == "[\(expected.joined(separator: ", "))]")

        var forged = envelope
        forged.payload[3] ^= 0x01
        let refused = try ProcessRunner.run(
            python,
            ["-c", Self.verifyScript, publicHex, key.keyID.padded],
            input: Data(forged.jsonLine)
        )
        #expect(refused.status != 0)
        #expect(refused.err.contains("Verification failed") || refused.err.contains("Error"))
    }

    @Test(.enabled(if: TestEnvironment.canRun("python")))
    func weVerifyAnEnvelopeSignedBySecuresystemslib() throws {
        let python = try TestEnvironment.requireTool("python")
        let (folder, paths) = try ProvenanceFixture.artifacts(["artifact": "payload bytes"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let digest = try ArtifactDigestsForTests.sha256(paths["artifact"]!).map { String(format: "%02x", $0) }.joined()
        let keyID = KeyID(bytes: [1, 2, 3, 4, 5, 6, 7, 8])
        let result = try ProcessRunner.run(python, ["-c", Self.signScript, keyID.padded, digest])
        #expect(result.status == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n").map(String.init)
        try #require(lines.count == 2)
        let publicKeyBytes = stride(from: 0, to: 64, by: 2).map {
            UInt8(lines[0].dropFirst($0).prefix(2), radix: 16)!
        }
        let publicKey = PublicKey(keyID: keyID, key: publicKeyBytes)
        let envelope = try DSSEEnvelope(bytes: Array(lines[1].utf8), source: "securesystemslib")
        let verdict = try ProvenanceVerifier(publicKey: publicKey).verify(envelope, files: paths)
        #expect(verdict.isVerified, "\(verdict.problems)")
        #expect(verdict.statement?.predicate["buildDefinition"]?["buildType"]?.stringValue == "urn:example")

        try Data("changed".utf8).write(to: URL(fileURLWithPath: paths["artifact"]!))
        #expect(!(try ProvenanceVerifier(publicKey: publicKey).verify(envelope, files: paths).isVerified))
    }
}
