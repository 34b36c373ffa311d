import Digest
import FileSystem
import Minisign
import Provenance

/// The last steps of a release, over a folder that holds the artifacts: the provenance of every artifact in
/// a signed DSSE envelope, `SHA256SUMS` and `SHA512SUMS`, and a minisign signature over every file.
///
/// Each artifact is read once (``ArtifactDigests``) for its SHA-256 (provenance subject and manifest), its
/// SHA-512 (manifest) and minisign's BLAKE2b prehash (signature). Every file is written through a temporary
/// file and a rename; the folder is expected to be a staging folder that becomes the bundle only afterwards.
public enum BundleSealing {
    /// What to seal.
    public struct Request: Sendable {
        /// The folder with the artifacts (the staging folder of the bundle).
        public var directory: String
        /// Makes the statement about the given subjects (the artifacts with their SHA-256).
        public var statement: @Sendable ([InTotoStatement.Subject]) -> InTotoStatement
        /// The trusted comment of the signature over the named file.
        public var trustedComment: @Sendable (String) -> String

        /// A request.
        public init(
            directory: String,
            statement: @escaping @Sendable ([InTotoStatement.Subject]) -> InTotoStatement,
            trustedComment: @escaping @Sendable (String) -> String
        ) {
            self.directory = directory
            self.statement = statement
            self.trustedComment = trustedComment
        }
    }

    /// Writes the provenance, the manifests and the signatures into `request.directory`; returns the names
    /// written, in order.
    /// - Throws: ``ReleaseError/Code/badInput`` when the folder holds anything but regular files or is
    ///   already sealed; `DigestError`, `AtomicFile.WriteError` or the signer's error otherwise.
    @discardableResult
    public static func seal(_ request: Request, signer: some Signer) async throws -> [String] {
        let directory = request.directory
        let (artifacts, others) = try ReleaseBundle.entries(of: directory)
        if let other = others.first {
            throw ReleaseError(.badInput, "\(directory)/\(other): a bundle holds only regular files")
        }
        for name in artifacts where !ReleaseBundle.isSubject(name) && !name.hasSuffix(ReleaseBundle.publicKeySuffix) {
            throw ReleaseError(.badInput, "\(directory)/\(name): the folder is already sealed")
        }
        var digests: [String: ArtifactDigests] = [:]
        for name in artifacts { digests[name] = try ArtifactDigests.compute(path: directory + "/" + name) }
        let subjects = artifacts.filter(ReleaseBundle.isSubject).map {
            InTotoStatement.Subject(name: $0, sha256: digests[$0]!.sha256)
        }
        let envelope = try await DSSEEnvelope.sign(statement: request.statement(subjects), signer: signer)
        let provenance = ReleaseBundle.provenanceFile
        try AtomicFile.write(envelope.jsonLine + [0x0A], to: directory + "/" + provenance)
        digests[provenance] = try ArtifactDigests.compute(path: directory + "/" + provenance)

        let listed = (artifacts + [provenance]).sorted()
        for (manifest, hash) in zip(ReleaseBundle.manifests, [\ArtifactDigests.sha256, \ArtifactDigests.sha512]) {
            let text = listed.map { "\(digests[$0]![keyPath: hash].hexString)  \($0)\n" }.joined()
            try AtomicFile.write(text, to: directory + "/" + manifest)
            digests[manifest] = try ArtifactDigests.compute(path: directory + "/" + manifest)
        }

        let signed = listed + ReleaseBundle.manifests
        for name in signed {
            let signature = try await Minisign.sign(
                prehash: digests[name]!.blake2b512,
                signer: signer,
                trustedComment: request.trustedComment(name)
            )
            try AtomicFile.write(signature.fileContents, to: directory + "/" + name + ReleaseBundle.signatureSuffix)
        }
        return [provenance] + ReleaseBundle.manifests + signed.map { $0 + ReleaseBundle.signatureSuffix }
    }
}
