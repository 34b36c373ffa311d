import Foundation

/// The layout of a release bundle (`release/dist/V/`) as the canonical sheet fixes it: the names that do not
/// derive from the package, which files a bundle's manifests, signatures and provenance cover, and how its
/// folder is listed.
public enum ReleaseBundle {
    /// The provenance file: one DSSE envelope per line.
    public static let provenanceFile = "provenance.intoto.jsonl"
    /// The checksum manifests, in the order they are written.
    public static let manifests = ["SHA256SUMS", "SHA512SUMS"]
    /// The suffix of a minisign signature file.
    public static let signatureSuffix = ".minisig"
    /// The suffix of a CycloneDX SBOM.
    public static let cycloneDXSuffix = ".cdx.json"
    /// The suffix of an SPDX SBOM.
    public static let spdxSuffix = ".spdx.json"
    /// The suffix of the public key an ephemeral key leaves in the bundle.
    public static let publicKeySuffix = ".pub"
    /// The word every trusted comment of a bundle signed with an ephemeral key carries.
    public static let ephemeralMarker = "ephemeral"

    /// Whether `name` is a signature file.
    public static func isSignature(_ name: String) -> Bool { name.hasSuffix(signatureSuffix) }

    /// Whether `name` is an SBOM (either format).
    public static func isSBOM(_ name: String) -> Bool { name.hasSuffix(cycloneDXSuffix) || name.hasSuffix(spdxSuffix) }

    /// Whether `name` must be a subject of the provenance: every file except the signatures, the manifests,
    /// the provenance itself and a public key.
    public static func isSubject(_ name: String) -> Bool {
        !isSignature(name) && !manifests.contains(name) && name != provenanceFile && !name.hasSuffix(publicKeySuffix)
    }

    /// Whether `name` must be listed in the manifests: every file except the signatures and the manifests.
    public static func isListed(_ name: String) -> Bool { !isSignature(name) && !manifests.contains(name) }

    /// The entries of `directory`, sorted: regular files, and everything else (folders, links, devices), which
    /// a bundle must not contain.
    /// - Throws: ``ReleaseError/Code/io`` when the folder cannot be listed.
    public static func entries(of directory: String) throws(ReleaseError) -> (files: [String], others: [String]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw ReleaseError(.io, "\(directory): cannot list the bundle folder", underlying: error)
        }
        var files: [String] = []
        var others: [String] = []
        for name in names {
            var info = stat()
            guard lstat(directory + "/" + name, &info) == 0 else {
                throw ReleaseError(.io, "\(directory)/\(name): \(String(cString: strerror(errno)))")
            }
            if info.st_mode & S_IFMT == S_IFREG { files.append(name) } else { others.append(name) }
        }
        return (files, others)
    }
}
