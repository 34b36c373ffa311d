import Digest
import JSON

/// Writes a ``BillOfMaterials`` as CycloneDX JSON, 1.5, 1.6 (default) or 1.7, deterministically: sorted keys
/// and arrays, the given timestamp, and a serial number that is a version 5 UUID of the rest of the document.
public struct CycloneDXWriter: Sendable {
    /// The CycloneDX versions this writer emits.
    public static let supportedVersions = ["1.5", "1.6", "1.7"]

    /// The spec version written.
    public let specVersion: String

    /// Creates a writer.
    /// - Throws: ``SBOMError/Code/usage`` for a version outside ``supportedVersions``.
    public init(specVersion: String = "1.6") throws(SBOMError) {
        guard Self.supportedVersions.contains(specVersion) else {
            throw SBOMError(
                .usage,
                "CycloneDX \(specVersion) is not supported (\(Self.supportedVersions.joined(separator: ", ")))"
            )
        }
        self.specVersion = specVersion
    }

    /// The document's bytes.
    public func bytes(_ bom: BillOfMaterials) -> [UInt8] {
        var members = document(bom)
        let unsigned = JSONWriter.bytes(.object(members))
        let serial =
            bom.serialNumber
            ?? "urn:uuid:"
            + NameBasedUUID.version5(name: "urn:sha256:" + HashFunction.hash(.sha256, unsigned).hexString)
        members.append(("serialNumber", .string(serial)))
        return JSONWriter.bytes(.object(members))
    }

    private var atLeast16: Bool { specVersion != "1.5" }

    private func document(_ bom: BillOfMaterials) -> [(String, JSONValue)] {
        var metadata: [(String, JSONValue)] = []
        if let timestamp = bom.timestamp { metadata.append(("timestamp", .string(timestamp))) }
        if !bom.lifecycles.isEmpty {
            metadata.append(("lifecycles", .array(bom.lifecycles.map { .object([("phase", .string($0))]) })))
        }
        if !bom.tools.isEmpty {
            let tools: [JSONValue] = bom.tools.map { tool in
                var t: [(String, JSONValue)] = [("type", .string("application")), ("name", .string(tool.name))]
                if let vendor = tool.vendor { t.append(("group", .string(vendor))) }
                if let version = tool.version { t.append(("version", .string(version))) }
                return .object(t)
            }
            metadata.append(("tools", .object([("components", .array(tools))])))
        }
        if !bom.authors.isEmpty {
            metadata.append(("authors", .array(bom.authors.map { .object([("name", .string($0))]) })))
        }
        if let supplier = bom.supplier {
            metadata.append(("supplier", .object([("name", .string(supplier))])))
            if atLeast16 { metadata.append(("manufacturer", .object([("name", .string(supplier))]))) }
        }
        if let root = bom.root { metadata.append(("component", component(root))) }

        let components = bom.components.sorted { $0.bomRef < $1.bomRef }
        var refs = components.map(\.bomRef)
        if let root = bom.root { refs.append(root.bomRef) }
        let dependencies: [JSONValue] = refs.sorted().map { ref in
            .object([
                ("ref", .string(ref)),
                ("dependsOn", .array((bom.dependencies[ref] ?? []).sorted().map { .string($0) })),
            ])
        }
        // Swift packages come from SwiftPM's complete resolution; other components' own dependencies
        // (a Debian library's, a binary artifact's) are not listed.
        let swiftRefs = Set(components.filter { $0.purl?.type == "swift" }.map(\.bomRef))
        let complete = refs.filter { ref in ref == bom.root?.bomRef || swiftRefs.contains(ref) }.sorted()
        let completeSet = Set(complete)
        let unknown = refs.filter { !completeSet.contains($0) }.sorted()
        var compositions: [JSONValue] = []
        if !complete.isEmpty {
            compositions.append(
                .object([("aggregate", .string("complete")), ("dependencies", .array(complete.map { .string($0) }))])
            )
        }
        if !unknown.isEmpty {
            compositions.append(
                .object([("aggregate", .string("unknown")), ("dependencies", .array(unknown.map { .string($0) }))])
            )
        }
        return [
            ("$schema", .string("http://cyclonedx.org/schema/bom-\(specVersion).schema.json")),
            ("bomFormat", .string("CycloneDX")),
            ("specVersion", .string(specVersion)),
            ("version", .integer(1)),
            ("metadata", .object(metadata)),
            ("components", .array(components.map(component))),
            ("dependencies", .array(dependencies)),
            ("compositions", .array(compositions)),
        ]
    }

    private static func isCommitID(_ text: String) -> Bool {
        text.utf8.count == 40
            && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0 | 0x20) }
    }

    private func property(_ p: Property) -> JSONValue {
        .object([("name", .string(p.name)), ("value", .string(p.value))])
    }

    private func component(_ c: Component) -> JSONValue {
        var out: [(String, JSONValue)] = [
            ("type", .string(c.kind.rawValue)),
            ("bom-ref", .string(c.bomRef)),
            ("name", .string(c.name)),
        ]
        if let group = c.group { out.append(("group", .string(group))) }
        if let version = c.version { out.append(("version", .string(version))) }
        if let purl = c.purl { out.append(("purl", .string(purl.description))) }
        if let summary = c.summary { out.append(("description", .string(summary))) }
        if c.scope != .required { out.append(("scope", .string(c.scope.rawValue))) }
        if let supplier = c.supplier { out.append(("supplier", .object([("name", .string(supplier))]))) }
        if !c.hashes.isEmpty {
            out.append(
                (
                    "hashes",
                    .array(
                        c.hashes.sorted().map {
                            .object([("alg", .string($0.algorithm)), ("content", .string($0.value))])
                        }
                    )
                )
            )
        }
        if let licenses = licenses(c.licenses) { out.append(("licenses", licenses)) }
        if !c.externalReferences.isEmpty {
            out.append(
                (
                    "externalReferences",
                    .array(
                        c.externalReferences.sorted().map {
                            .object([("type", .string($0.type)), ("url", .string($0.url))])
                        }
                    )
                )
            )
        }
        if !c.properties.isEmpty { out.append(("properties", .array(c.properties.sorted().map(property)))) }
        // A git commit id is the Software Heritage revision id of that commit (1.6+).
        if atLeast16, let revision = c.property(Component.PropertyName.swiftRevision), Self.isCommitID(revision) {
            out.append(("swhid", .array([.string("swh:1:rev:\(revision.lowercased())")])))
        }
        return .object(out)
    }

    /// CycloneDX allows either license entries or exactly one expression: several findings become one
    /// `AND` expression.
    private func licenses(_ licenses: [License]) -> JSONValue? {
        guard !licenses.isEmpty else { return nil }
        let sorted = Array(Set(licenses)).sorted()
        func ack(_ l: License) -> [(String, JSONValue)] {
            atLeast16 ? [("acknowledgement", .string(l.acknowledgement.rawValue))] : []
        }
        if sorted.count == 1, let only = sorted.first {
            if !only.isSPDX {
                return .array([.object([("license", .object([("name", .string(only.expression))] + ack(only)))])])
            }
            if only.isSingleIdentifier {
                return .array([.object([("license", .object([("id", .string(only.expression))] + ack(only)))])])
            }
            return .array([.object([("expression", .string(only.expression))] + ack(only))])
        }
        if sorted.allSatisfy({ $0.isSingleIdentifier }) {
            return .array(sorted.map { .object([("license", .object([("id", .string($0.expression))] + ack($0)))]) })
        }
        let expression = sorted.map { $0.isSingleIdentifier ? $0.expression : "(\($0.expression))" }
            .joined(separator: " AND ")
        return .array([.object([("expression", .string(expression))] + ack(sorted[0]))])
    }
}
