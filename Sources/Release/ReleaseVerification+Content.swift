import Foundation
import Minisign
import Provenance
import SBOM

extension ReleaseVerification {
    /// The largest provenance file or SBOM a bundle may carry.
    static let documentLimit = 64 << 20

    /// The provenance envelopes are signed by the key, and their subjects are exactly the bundle's artifacts.
    static func checkProvenance(
        directory: String,
        digests: [String: FileDigests],
        documents: [String: [UInt8]],
        publicKey: PublicKey
    ) throws(ReleaseError) -> [ReleaseVerdict.Problem] {
        let file = ReleaseBundle.provenanceFile
        guard digests[file] != nil else {
            return [.init(.missingFile, file: file, "the bundle has no provenance")]
        }
        guard let bytes = documents[file] else { return [] }  // too large: already a problem
        let envelopes: [DSSEEnvelope]
        do {
            envelopes = try DSSEEnvelope.jsonLines(bytes, source: file)
        } catch {
            return [.init(.malformed, file: file, error.message)]
        }
        var problems: [ReleaseVerdict.Problem] = []
        var subjects: [String: String] = [:]
        let verifier = ProvenanceVerifier(publicKey: publicKey)
        for (index, envelope) in envelopes.enumerated() {
            let verdict: ProvenanceVerdict
            do {
                verdict = try verifier.verify(envelope, files: [:], requireAllSubjects: false)
            } catch {
                throw ReleaseError(.io, "\(directory)/\(file): cannot check envelope \(index + 1)", underlying: error)
            }
            problems += verdict.problems.map { .init(.badSignature, file: file, "envelope \(index + 1): \($0)") }
            for subject in verdict.statement?.subjects ?? [] {
                guard let sha256 = subject.digest["sha256"] else {
                    problems.append(.init(.malformed, file: file, "subject \(subject.name) has no sha256 digest"))
                    continue
                }
                subjects[subject.name] = sha256
            }
        }
        guard problems.isEmpty else { return problems }
        for (name, recorded) in subjects.sorted(by: { $0.key < $1.key }) {
            guard let actual = digests[name] else {
                problems.append(.init(.missingFile, file: name, "a subject of the provenance, not in the bundle"))
                continue
            }
            if actual.sha256 != recorded {
                problems.append(
                    .init(
                        .digestMismatch,
                        file: name,
                        "SHA-256 \(actual.sha256) differs from the provenance's \(recorded)"
                    )
                )
            }
        }
        for name in digests.keys.sorted() where ReleaseBundle.isSubject(name) && subjects[name] == nil {
            problems.append(.init(.notCovered, file: name, "not a subject of the provenance"))
        }
        return problems
    }

    /// Every SBOM parses, records every executable of the bundle, and its file digests match the files.
    static func checkSBOMs(
        directory: String,
        digests: [String: FileDigests],
        documents: [String: [UInt8]]
    ) -> [ReleaseVerdict.Problem] {
        let sboms = digests.keys.filter(ReleaseBundle.isSBOM).sorted()
        guard !sboms.isEmpty else {
            return [.init(.missingFile, file: directory, "the bundle has no SBOM (*.cdx.json or *.spdx.json)")]
        }
        var executables: [String] = []
        for (name, read) in digests.sorted(by: { $0.key < $1.key }) where ReleaseBundle.isSubject(name) {
            if read.retained.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { executables.append(name) }
        }
        var problems: [ReleaseVerdict.Problem] = []
        for sbom in sboms {
            guard let bytes = documents[sbom] else { continue }  // too large: already a problem
            let bom: BillOfMaterials
            do {
                bom = try SBOMDocumentReader.parse(bytes, file: sbom).bom
            } catch {
                problems.append(.init(.malformed, file: sbom, error.message))
                continue
            }
            var described = Set<String>()
            for component in bom.allComponents where component.kind == .file {
                described.insert(component.name)
                guard let actual = digests[component.name] else {
                    problems.append(
                        .init(.missingFile, file: component.name, "described by \(sbom), not in the bundle")
                    )
                    continue
                }
                for hash in component.hashes {
                    let expected =
                        switch hash.algorithm {
                        case "SHA-256": actual.sha256
                        case "SHA-512": actual.sha512
                        default: String?.none
                        }
                    if let expected, hash.value.lowercased() != expected {
                        problems.append(
                            .init(
                                .digestMismatch,
                                file: component.name,
                                "\(hash.algorithm) \(expected) differs from \(sbom)'s \(hash.value)"
                            )
                        )
                    }
                }
                if !component.hashes.contains(where: { $0.algorithm == "SHA-256" }) {
                    problems.append(.init(.notCovered, file: component.name, "\(sbom) records no SHA-256 of it"))
                }
            }
            for name in executables where !described.contains(name) {
                problems.append(.init(.notCovered, file: name, "an executable \(sbom) does not describe"))
            }
        }
        return problems
    }
}
