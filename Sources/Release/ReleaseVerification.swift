import Digest
import Foundation
import Minisign

/// `seal verify-release` as one call: every check a release bundle must pass, offline, with one public key.
///
/// Every file except the signatures must carry a minisign signature by the key; `SHA256SUMS` and
/// `SHA512SUMS` must list every file except themselves and the signatures, with matching digests; the
/// provenance envelopes must be signed by the same key (`keyid` its minisign key id) and their subjects must
/// be exactly the bundle's artifacts, by SHA-256; every SBOM must record the bundle's executables with their
/// digests. A file nothing signs, a name nothing backs, anything but a regular file: each is a problem in the
/// verdict, never silently skipped.
public enum ReleaseVerification {
    /// What to verify.
    public struct Request: Sendable {
        /// The bundle folder.
        public var directory: String
        /// The trusted key.
        public var publicKey: PublicKey

        /// A request.
        public init(directory: String, publicKey: PublicKey) {
            self.directory = directory
            self.publicKey = publicKey
        }
    }

    /// What one read of a bundle file gave: its SHA-256 and SHA-512 (lowercase hex), minisign's BLAKE2b-512
    /// prehash, and its first bytes (the whole file for a document within its limit).
    struct FileDigests {
        let sha256: String
        let sha512: String
        let blake2b512: [UInt8]
        let byteCount: Int
        let retained: [UInt8]

        init(_ digests: ArtifactDigests) {
            sha256 = digests.sha256.hexString
            sha512 = digests.sha512.hexString
            blake2b512 = digests.blake2b512
            byteCount = digests.byteCount
            retained = digests.retained
        }
    }

    /// The largest checksum manifest a bundle may carry.
    static let manifestLimit = 1 << 20
    /// How many leading bytes of an artifact are kept: enough for an ELF magic number.
    static let headLength = 4

    /// How much of `name` one read keeps: a document whole (up to its limit), an artifact its head.
    static func retention(of name: String) -> Int {
        if ReleaseBundle.manifests.contains(name) { return manifestLimit }
        if name == ReleaseBundle.provenanceFile || ReleaseBundle.isSBOM(name) { return documentLimit }
        return headLength
    }

    /// Checks the bundle; ``read(_:)``'s verdict.
    /// - Throws: ``ReleaseError/Code/io`` when the folder or one of its files cannot be read; everything
    ///   wrong with the bundle's contents is in the verdict.
    public static func verify(_ request: Request) throws(ReleaseError) -> ReleaseVerdict {
        try read(request).verdict
    }

    /// Checks the bundle, opening each of its files once: one read gives a file's SHA-256, SHA-512 and
    /// minisign's BLAKE2b prehash (its signature is checked against that prehash) and keeps the bytes the
    /// other checks parse (the manifests, the provenance, the SBOMs, an executable's magic number). Those
    /// bytes come back in the ``VerifiedBundle``, so that a caller uses exactly what was verified.
    /// - Throws: ``ReleaseError/Code/io`` when the folder or one of its files cannot be read; everything
    ///   wrong with the bundle's contents is in the verdict.
    public static func read(_ request: Request) throws(ReleaseError) -> VerifiedBundle {
        let directory = request.directory
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            throw ReleaseError(.io, "\(directory): no such bundle folder")
        }
        let (files, others) = try ReleaseBundle.entries(of: directory)
        var problems = others.map {
            ReleaseVerdict.Problem(.unexpectedEntry, file: $0, "a bundle holds only regular files")
        }
        var digests: [String: FileDigests] = [:]
        var documents: [String: [UInt8]] = [:]
        for name in files where !ReleaseBundle.isSignature(name) {
            let path = directory + "/" + name
            let retention = retention(of: name)
            do {
                let read = FileDigests(try ArtifactDigests.compute(path: path, retaining: retention))
                digests[name] = read
                guard retention > headLength else { continue }
                if read.byteCount <= retention {
                    documents[name] = read.retained
                } else {
                    problems.append(.init(.malformed, file: name, "larger than \(retention) bytes (the limit)"))
                }
            } catch {
                throw ReleaseError(.io, "\(path): cannot read the file", underlying: error)
            }
        }
        var comments: [String: String] = [:]
        problems += try checkSignatures(
            directory: directory,
            files: files,
            digests: digests,
            publicKey: request.publicKey
        ) {
            comments[$0] = $1
        }
        problems += checkManifests(digests: digests, documents: documents)
        problems += try checkProvenance(
            directory: directory,
            digests: digests,
            documents: documents,
            publicKey: request.publicKey
        )
        problems += checkSBOMs(directory: directory, digests: digests, documents: documents)
        let verdict = ReleaseVerdict(directory: directory, files: files, trustedComments: comments, problems: problems)
        return VerifiedBundle(verdict: verdict, documents: documents)
    }

    /// Every file but the signatures has a signature that verifies; every signature has its file.
    private static func checkSignatures(
        directory: String,
        files: [String],
        digests: [String: FileDigests],
        publicKey: PublicKey,
        verified: (String, String) -> Void
    ) throws(ReleaseError) -> [ReleaseVerdict.Problem] {
        var problems: [ReleaseVerdict.Problem] = []
        let present = Set(files)
        let verifier = Verifier(publicKey: publicKey)
        for name in files {
            if ReleaseBundle.isSignature(name) {
                let signed = String(name.dropLast(ReleaseBundle.signatureSuffix.count))
                if !present.contains(signed) {
                    problems.append(.init(.missingFile, file: signed, "\(name) signs a file the bundle lacks"))
                }
                continue
            }
            let signatureName = name + ReleaseBundle.signatureSuffix
            guard present.contains(signatureName) else {
                problems.append(.init(.unsigned, file: name, "no signature (\(signatureName) is missing)"))
                continue
            }
            let signaturePath = directory + "/" + signatureName
            let signature: Signature
            do {
                let contents = try ReleaseInput.read(signaturePath, what: "the signature", limit: 16 * 1024)
                signature = try Signature(fileContents: contents, source: signatureName)
            } catch let error as MinisignError {
                problems.append(.init(.malformed, file: signatureName, error.message))
                continue
            } catch let error as ReleaseError where error.code == .badInput {
                problems.append(.init(.malformed, file: signatureName, error.description))
                continue
            } catch {
                throw ReleaseError(.io, "\(signaturePath): cannot read the signature", underlying: error)
            }
            guard let prehash = digests[name]?.blake2b512 else { continue }  // every listed file was read
            let verdict = verifier.verify(signature, prehash: prehash)
            switch verdict {
            case .verified(let comment): verified(name, comment ?? "")
            case .keyIDMismatch(let by, let expected):
                problems.append(
                    .init(
                        .badSignature,
                        file: name,
                        "signed by another key (\(by.padded), expected \(expected.padded))"
                    )
                )
            default:
                problems.append(.init(.badSignature, file: name, verdict.message.lowercased()))
            }
        }
        return problems
    }

    /// Each manifest lists every listed file of the bundle with its digest, and nothing else.
    private static func checkManifests(
        digests: [String: FileDigests],
        documents: [String: [UInt8]]
    ) -> [ReleaseVerdict.Problem] {
        var problems: [ReleaseVerdict.Problem] = []
        for (manifest, algorithm) in zip(ReleaseBundle.manifests, ["SHA-256", "SHA-512"]) {
            guard digests[manifest] != nil else {
                problems.append(.init(.missingFile, file: manifest, "the bundle has no \(manifest)"))
                continue
            }
            guard let bytes = documents[manifest] else { continue }  // too large: already a problem
            let length = algorithm == "SHA-256" ? 64 : 128
            let (lines, malformed) = ChecksumManifest.read(bytes, digestLength: length)
            for number in malformed {
                problems.append(.init(.malformed, file: manifest, "line \(number) is not '<\(algorithm) hex>  <name>'"))
            }
            var listed = Set<String>()
            for line in lines {
                let name = line.name
                listed.insert(name)
                guard let actual = digests[name] else {
                    problems.append(.init(.missingFile, file: name, "listed in \(manifest) but not in the bundle"))
                    continue
                }
                let recorded = algorithm == "SHA-256" ? actual.sha256 : actual.sha512
                if line.hex != recorded {
                    problems.append(
                        .init(
                            .digestMismatch,
                            file: name,
                            "\(algorithm) \(recorded) differs from \(manifest)'s \(line.hex)"
                        )
                    )
                }
            }
            for name in digests.keys.sorted() where ReleaseBundle.isListed(name) && !listed.contains(name) {
                problems.append(.init(.notCovered, file: name, "not listed in \(manifest)"))
            }
        }
        return problems
    }
}
