import Digest
import Minisign
import Sodium

/// Verifies DSSE envelopes of in-toto Statements with a minisign public key (the same Ed25519 key that
/// signs a release's minisign signatures), and matches their subjects against files by SHA-256.
public struct ProvenanceVerifier: Sendable {
    /// The expected signer.
    public let publicKey: PublicKey

    /// A verifier for `publicKey`.
    public init(publicKey: PublicKey) { self.publicKey = publicKey }

    /// Checks the signature and payload type, then parses the statement. `files` maps subject names to
    /// paths; when `requireAllSubjects` is true, every subject must name one of them and every file must be
    /// a subject.
    /// - Throws: ``ProvenanceError/Code/io`` when a file cannot be read; every mismatch is in the verdict.
    public func verify(
        _ envelope: DSSEEnvelope,
        files: [String: String] = [:],
        requireAllSubjects: Bool = true
    ) throws(ProvenanceError) -> ProvenanceVerdict {
        let expected = DSSEEnvelope.keyID(of: publicKey.keyID)
        let candidates = envelope.signatures.filter { $0.keyID == expected || $0.keyID.isEmpty }
        guard !candidates.isEmpty else {
            return ProvenanceVerdict(
                problems: [.keyIDMismatch(expected: expected, found: envelope.signatures.map(\.keyID))],
                statement: nil
            )
        }
        let pae = envelope.preAuthenticationEncoding
        guard
            candidates.contains(where: {
                Ed25519.verify(signature: $0.signature, message: pae, publicKey: publicKey.key)
            })
        else {
            return ProvenanceVerdict(problems: [.badSignature(keyID: expected)], statement: nil)
        }
        guard envelope.payloadType == DSSEEnvelope.inTotoPayloadType else {
            return ProvenanceVerdict(problems: [.wrongPayloadType(envelope.payloadType)], statement: nil)
        }
        let statement: InTotoStatement
        do {
            statement = try InTotoStatement(bytes: envelope.payload, source: "the payload")
        } catch {
            return ProvenanceVerdict(problems: [.malformedStatement(error.description)], statement: nil)
        }
        return ProvenanceVerdict(
            problems: try match(statement.subjects, files: files, requireAllSubjects: requireAllSubjects),
            statement: statement
        )
    }

    private func match(
        _ subjects: [InTotoStatement.Subject],
        files: [String: String],
        requireAllSubjects: Bool
    ) throws(ProvenanceError) -> [ProvenanceVerdict.Problem] {
        var problems: [ProvenanceVerdict.Problem] = []
        let byName = Dictionary(subjects.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (name, path) in files.sorted(by: { $0.key < $1.key }) {
            guard let subject = byName[name] else {
                if requireAllSubjects { problems.append(.notASubject(name: name)) }
                continue
            }
            guard let expected = subject.digest["sha256"] else {
                problems.append(.noSHA256(name: name))
                continue
            }
            let actual: String
            do {
                actual = try FileHasher.digests(of: path, algorithms: [.sha256])[.sha256, default: []].hexString
            } catch {
                throw ProvenanceError(.io, "", underlying: error)
            }
            if actual != expected { problems.append(.digestMismatch(name: name, expected: expected, actual: actual)) }
        }
        if requireAllSubjects {
            for subject in subjects where files[subject.name] == nil {
                problems.append(.missingFile(name: subject.name))
            }
        }
        return problems
    }
}
