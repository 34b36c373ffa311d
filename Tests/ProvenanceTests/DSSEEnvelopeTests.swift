import Bot4TestSupport
import Foundation
import JSON
import Minisign
import Provenance
import Testing

@Suite struct DSSEEnvelopeTests {
    @Test func paeMatchesTheSpecificationsExample() {
        // secure-systems-lab/dsse protocol.md: PAE("http://example.com/HelloWorld", "hello world").
        let pae = DSSEEnvelope.preAuthenticationEncoding(
            payloadType: "http://example.com/HelloWorld",
            payload: Array("hello world".utf8)
        )
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
    }

    @Test func paeCountsBytesNotCharacters() {
        let pae = DSSEEnvelope.preAuthenticationEncoding(payloadType: "t/é", payload: [0xFF, 0x00])
        #expect(pae == Array("DSSEv1 4 t/é 2 ".utf8) + [0xFF, 0x00])
    }

    @Test func signedEnvelopeRoundTripsThroughAJSONLine() async throws {
        let key = try SecretKey.generate()
        let (folder, paths) = try ProvenanceFixture.artifacts(["seal": "binary one", "bot4": "binary two"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let envelope = try await ProvenanceFixture.envelope(paths: paths, signer: KeyFileSigner(secretKey: key))
        let line = envelope.jsonLine
        #expect(!line.contains(0x0A))
        #expect(envelope.signatures.map(\.keyID) == [key.keyID.padded])
        #expect(key.keyID.padded.count == 16 && key.keyID.padded == key.keyID.padded.uppercased())
        let parsed = try DSSEEnvelope.jsonLines(line + [0x0A], source: "provenance.intoto.jsonl")
        #expect(parsed == [envelope])
        let verdict = try ProvenanceVerifier(publicKey: key.publicKey).verify(parsed[0], files: paths)
        #expect(verdict.isVerified, "\(verdict.problems)")
        #expect(verdict.statement?.subjects.map(\.name).sorted() == ["bot4", "seal"])
    }

    @Test func verdictNamesEachKindOfMismatch() async throws {
        let key = try SecretKey.generate()
        let (folder, paths) = try ProvenanceFixture.artifacts(["a": "alpha", "b": "beta"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let envelope = try await ProvenanceFixture.envelope(paths: paths, signer: KeyFileSigner(secretKey: key))
        let verifier = ProvenanceVerifier(publicKey: key.publicKey)

        try Data("tampered".utf8).write(to: URL(fileURLWithPath: paths["a"]!))
        let tampered = try verifier.verify(envelope, files: paths)
        #expect(!tampered.isVerified)
        #expect(tampered.problems.count == 1)
        guard case .digestMismatch(let name, _, _) = tampered.problems.first else {
            Issue.record("expected a digest mismatch, got \(tampered.problems)")
            return
        }
        #expect(name == "a")

        let extra = try ProvenanceFixture.artifacts(["c": "gamma"])
        defer { try? FileManager.default.removeItem(at: extra.folder) }
        let missingAndExtra = try verifier.verify(envelope, files: ["b": paths["b"]!, "c": extra.paths["c"]!])
        #expect(missingAndExtra.problems.contains(.notASubject(name: "c")))
        #expect(missingAndExtra.problems.contains(.missingFile(name: "a")))

        let other = try SecretKey.generate()
        let byOther = try ProvenanceVerifier(publicKey: other.publicKey).verify(envelope, files: paths)
        #expect(byOther.problems == [.keyIDMismatch(expected: other.keyID.padded, found: [key.keyID.padded])])

        var forged = envelope
        forged.payload[forged.payload.count / 2] ^= 0x01
        #expect(try verifier.verify(forged, files: paths).problems == [.badSignature(keyID: key.keyID.padded)])

        var retyped = envelope
        retyped.payloadType = "application/json"
        #expect(try verifier.verify(retyped).problems.contains(.badSignature(keyID: key.keyID.padded)))
    }

    @Test func wrongPayloadTypeSignedByTheKeyIsReported() async throws {
        let key = try SecretKey.generate()
        let envelope = try await DSSEEnvelope.sign(
            payload: Array("{}".utf8),
            payloadType: "application/json",
            signer: KeyFileSigner(secretKey: key)
        )
        let verdict = try ProvenanceVerifier(publicKey: key.publicKey).verify(envelope)
        #expect(verdict.problems == [.wrongPayloadType("application/json")])
    }

    @Test(arguments: [
        (#"[]"#, "a DSSE envelope is a JSON object"),
        (#"{"payload":"e30=","payloadType":"x","signatures":[]}"#, "is empty: the envelope is unsigned"),
        (#"{"payload":"e30","payloadType":"x","signatures":[{"sig":"AAAA"}],"extra":1}"#, "unknown field 'extra'"),
        (#"{"payload":"e3 0=","payloadType":"x","signatures":[{"sig":"AAAA"}]}"#, "field 'payload' is not base64"),
        (#"{"payload":"e30=","payloadType":"","signatures":[{"sig":"AAAA"}]}"#, "'payloadType' must be a non-empty"),
        (
            #"{"payload":"e30=","payloadType":"x","signatures":[{"keyid":7,"sig":"AAAA"}]}"#,
            "signatures[0].keyid must be a string"
        ),
        (
            #"{"payload":"e30=","payloadType":"x","signatures":[{"keyid":"K"}]}"#,
            "signatures[0].sig must be a base64 string"
        ),
        (#"{"payload":"e30=","payloadType":"x","signatu"#, "not JSON"),
    ])
    func strictReaderNamesTheProblem(json: String, expected: String) {
        #expect {
            try DSSEEnvelope(bytes: Array(json.utf8), source: "env.json")
        } throws: { error in
            guard let error = error as? ProvenanceError else { return false }
            return error.code == .malformedEnvelope && error.message.hasPrefix("env.json")
                && error.message.contains(expected)
        }
    }

    @Test func urlSafeUnpaddedBase64IsAccepted() throws {
        let envelope = try DSSEEnvelope(
            bytes: Array(#"{"payload":"-_8","payloadType":"x","signatures":[{"sig":"_w"}]}"#.utf8),
            source: "env"
        )
        #expect(envelope.payload == [0xFB, 0xFF])
        #expect(envelope.signatures == [DSSEEnvelope.Signature(keyID: "", signature: [0xFF])])
    }

    @Test func jsonLinesNamesTheBadLine() {
        #expect {
            try DSSEEnvelope.jsonLines(
                Array("{\"payload\":\"e30=\",\"payloadType\":\"x\",\"signatures\":[{\"sig\":\"AAAA\"}]}\n{\n".utf8),
                source: "p.jsonl"
            )
        } throws: { error in
            (error as? ProvenanceError)?.message.hasPrefix("p.jsonl line 2:") == true
        }
        #expect(throws: ProvenanceError.self) { try DSSEEnvelope.jsonLines(Array("\n \n".utf8), source: "p.jsonl") }
    }
}
