import Digest
import JSON

/// Writes a ``BillOfMaterials`` as SPDX 2.3 JSON, deterministically: sorted keys and arrays, the given
/// timestamp, and a document namespace holding a version 5 UUID of the rest of the document.
///
/// Edges are `DEPENDS_ON` (`DEV_DEPENDENCY_OF` for a dependency of scope `excluded`), `DEPENDS_ON NONE` for a
/// package known to have none. Component properties travel as `OTHER` annotations `name=value`.
public struct SPDXWriter: Sendable {
    /// Creates a writer.
    public init() {}

    /// The document's bytes.
    public func bytes(_ bom: BillOfMaterials) -> [UInt8] {
        let ids = spdxIDs(bom)
        var members = document(bom, ids: ids)
        let unsigned = JSONWriter.bytes(.object(members))
        let namespace =
            bom.serialNumber
            ?? "https://spdx.org/spdxdocs/\(PackageURL.encode(Substring(bom.root?.name ?? "sbom")))-"
            + NameBasedUUID.version5(name: "urn:sha256:" + HashFunction.hash(.sha256, unsigned).hexString)
        members.append(("documentNamespace", .string(namespace)))
        return JSONWriter.bytes(.object(members))
    }

    /// SPDX element ids: `SPDXRef-<name>-<8 hex of SHA-256(bomRef)>`, letters, digits, `.` and `-` only.
    private func spdxIDs(_ bom: BillOfMaterials) -> [String: String] {
        var out: [String: String] = [:]
        for c in bom.allComponents {
            let name = String(
                c.name.unicodeScalars.map { scalar -> Character in
                    let ok =
                        scalar.isASCII
                        && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "."
                            || scalar == "-")
                    return ok ? Character(scalar) : "-"
                }
            )
            let digest = HashFunction.hash(.sha256, Array(c.bomRef.utf8)).hexString.prefix(8)
            out[c.bomRef] = "SPDXRef-\(name)-\(digest)"
        }
        return out
    }

    private func document(_ bom: BillOfMaterials, ids: [String: String]) -> [(String, JSONValue)] {
        var creators = bom.tools.map { JSONValue.string("Tool: \($0.name)" + ($0.version.map { "-\($0)" } ?? "")) }
        creators += bom.authors.map { .string("Organization: \($0)") }
        let created = bom.timestamp ?? "1970-01-01T00:00:00Z"
        let annotator = bom.tools.first.map { "Tool: \($0.name)" + ($0.version.map { "-\($0)" } ?? "") } ?? "Tool: seal"
        var packages: [JSONValue] = []
        for c in bom.allComponents.sorted(by: { ids[$0.bomRef]! < ids[$1.bomRef]! }) {
            packages.append(package(c, id: ids[c.bomRef]!, created: created, annotator: annotator))
        }
        let excluded = Set(bom.allComponents.filter { $0.scope == .excluded }.map(\.bomRef))
        var relationships: [(String, String, String)] = []
        if let root = bom.root { relationships.append(("SPDXRef-DOCUMENT", "DESCRIBES", ids[root.bomRef]!)) }
        for c in bom.allComponents {
            guard let edges = bom.dependencies[c.bomRef] else { continue }
            if edges.isEmpty { relationships.append((ids[c.bomRef]!, "DEPENDS_ON", "NONE")) }
            for target in edges {
                guard let to = ids[target] else { continue }
                if excluded.contains(target) {
                    relationships.append((to, "DEV_DEPENDENCY_OF", ids[c.bomRef]!))
                } else {
                    relationships.append((ids[c.bomRef]!, "DEPENDS_ON", to))
                }
            }
        }
        relationships.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        return [
            ("spdxVersion", .string("SPDX-2.3")),
            ("dataLicense", .string("CC0-1.0")),
            ("SPDXID", .string("SPDXRef-DOCUMENT")),
            ("name", .string(bom.root.map { "\($0.name)" + ($0.version.map { "-\($0)" } ?? "") } ?? "sbom")),
            ("creationInfo", .object([("created", .string(created)), ("creators", .array(creators))])),
            ("packages", .array(packages)),
            (
                "relationships",
                .array(
                    relationships.map {
                        .object([
                            ("spdxElementId", .string($0.0)), ("relationshipType", .string($0.1)),
                            ("relatedSpdxElement", .string($0.2)),
                        ])
                    }
                )
            ),
        ]
    }

    private func package(_ c: Component, id: String, created: String, annotator: String) -> JSONValue {
        var out: [(String, JSONValue)] = [
            ("SPDXID", .string(id)),
            ("name", .string(c.name)),
            ("filesAnalyzed", .bool(false)),
            ("copyrightText", .string("NOASSERTION")),
            ("primaryPackagePurpose", .string(purpose(c.kind))),
        ]
        if let version = c.version { out.append(("versionInfo", .string(version))) }
        out.append(("supplier", .string(c.supplier.map { "Organization: \($0)" } ?? "NOASSERTION")))
        var download = "NOASSERTION"
        if let vcs = c.externalReferences.first(where: { $0.type == "vcs" })?.url, let git = gitLocation(vcs) {
            download = git
        } else if let url = c.externalReferences.first(where: { $0.type == "distribution" })?.url {
            download = url
        }
        out.append(("downloadLocation", .string(download)))
        let spdx = Array(Set(c.licenses.filter(\.isSPDX))).sorted()
        let concluded = spdx.filter { $0.acknowledgement == .concluded }
        let declared = spdx.filter { $0.acknowledgement == .declared }
        out.append(("licenseConcluded", .string(expression(concluded))))
        out.append(("licenseDeclared", .string(expression(declared))))
        if let summary = c.summary { out.append(("summary", .string(summary))) }
        var references: [JSONValue] = []
        if let purl = c.purl {
            references.append(
                .object([
                    ("referenceCategory", .string("PACKAGE-MANAGER")), ("referenceType", .string("purl")),
                    ("referenceLocator", .string(purl.description)),
                ])
            )
        }
        if let revision = c.property(Component.PropertyName.swiftRevision), revision.utf8.count == 40,
            revision.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        {
            references.append(
                .object([
                    ("referenceCategory", .string("PERSISTENT-ID")), ("referenceType", .string("swh")),
                    ("referenceLocator", .string("swh:1:rev:\(revision)")),
                ])
            )
        }
        if !references.isEmpty { out.append(("externalRefs", .array(references))) }
        let checksums = c.hashes.sorted().compactMap { hash -> JSONValue? in
            guard let algorithm = spdxAlgorithm(hash.algorithm) else { return nil }
            return .object([("algorithm", .string(algorithm)), ("checksumValue", .string(hash.value))])
        }
        if !checksums.isEmpty { out.append(("checksums", .array(checksums))) }
        if !c.properties.isEmpty {
            out.append(
                (
                    "annotations",
                    .array(
                        c.properties.sorted().map {
                            .object([
                                ("annotationDate", .string(created)), ("annotationType", .string("OTHER")),
                                ("annotator", .string(annotator)), ("comment", .string("\($0.name)=\($0.value)")),
                            ])
                        }
                    )
                )
            )
        }
        return .object(out)
    }

    private func expression(_ licenses: [License]) -> String {
        switch licenses.count {
        case 0: "NOASSERTION"
        case 1: licenses[0].expression
        default:
            licenses.map { $0.isSingleIdentifier ? $0.expression : "(\($0.expression))" }.joined(separator: " AND ")
        }
    }

    /// SPDX wants VCS download locations as `git+https://…`.
    private func gitLocation(_ url: String) -> String? {
        url.hasPrefix("https://") || url.hasPrefix("http://") || url.hasPrefix("ssh://") ? "git+" + url : nil
    }

    private func purpose(_ kind: Component.Kind) -> String {
        switch kind {
        case .application: "APPLICATION"
        case .framework: "FRAMEWORK"
        case .file: "FILE"
        case .operatingSystem: "OPERATING-SYSTEM"
        case .platform: "PLATFORM"
        default: "LIBRARY"
        }
    }

    private func spdxAlgorithm(_ cdx: String) -> String? {
        switch cdx {
        case "SHA-1": "SHA1"
        case "SHA-256": "SHA256"
        case "SHA-384": "SHA384"
        case "SHA-512": "SHA512"
        case "MD5": "MD5"
        case "SHA3-256", "SHA3-384", "SHA3-512", "BLAKE2b-256", "BLAKE2b-384", "BLAKE2b-512", "BLAKE3": cdx
        default: nil
        }
    }
}
