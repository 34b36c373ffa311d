import JSON

/// Reads a CycloneDX (1.2–1.7) or SPDX (2.2, 2.3) JSON document into a ``BillOfMaterials``, whoever made it.
///
/// Each component keeps its document id as `bomRef` (CycloneDX `bom-ref`, SPDX `SPDXID`). SPDX has no
/// properties: Bot4's SPDX writer carries them as `OTHER` annotations whose comment is `name=value`, which
/// this reader turns back into properties.
public enum SBOMDocumentReader {
    /// The document formats this reader knows.
    public enum Format: String, Sendable {
        /// CycloneDX JSON.
        case cycloneDX = "cyclonedx"
        /// SPDX 2.x JSON.
        case spdx
    }

    /// Reads a file.
    public static func read(path: String) throws(SBOMError) -> BillOfMaterials {
        try parse(FileReader.read(path: path, what: "SBOM"), file: path).bom
    }

    /// Parses a document, detecting its format.
    /// - Throws: ``SBOMError/Code/malformedJSON``, ``SBOMError/Code/malformedDocument`` naming the field,
    ///   ``SBOMError/Code/unsupportedVersion``, or ``SBOMError/Code/malformedPackageURL`` naming the field.
    public static func parse(_ bytes: [UInt8], file: String) throws(SBOMError) -> (format: Format, bom: BillOfMaterials)
    {
        let json = try JSONParser.parse(bytes, file: file)
        if json["bomFormat"] != nil { return (.cycloneDX, try cycloneDX(json, file: file)) }
        if json["spdxVersion"] != nil { return (.spdx, try spdx(json, file: file)) }
        throw SBOMError(
            .malformedDocument,
            "\(file): neither CycloneDX (no \"bomFormat\") nor SPDX (no \"spdxVersion\") JSON"
        )
    }

    // MARK: CycloneDX

    static func cycloneDX(_ json: JSONValue, file: String) throws(SBOMError) -> BillOfMaterials {
        let fields = FieldReader(file: file, code: .malformedDocument)
        guard try fields.string(json, "bomFormat", at: "") == "CycloneDX" else {
            throw fields.failure("bomFormat", "expected \"CycloneDX\"")
        }
        let spec = try fields.string(json, "specVersion", at: "")
        guard ["1.2", "1.3", "1.4", "1.5", "1.6", "1.7"].contains(spec) else {
            throw SBOMError(.unsupportedVersion, "\(file): field \"specVersion\": CycloneDX \(spec) is not supported")
        }
        var bom = BillOfMaterials()
        bom.serialNumber = try fields.optionalString(json, "serialNumber", at: "")
        if let metadata = json["metadata"] {
            bom.timestamp = try fields.optionalString(metadata, "timestamp", at: "metadata")
            if let tools = metadata["tools"] {
                let list: [JSONValue]
                switch tools {
                case .array(let a): list = a
                case .object: list = try fields.optionalArray(tools, "components", at: "metadata.tools")
                default: throw fields.failure("metadata.tools", "expected an array or an object")
                }
                for (i, tool) in list.enumerated() {
                    let at = "metadata.tools[\(i)]"
                    var vendor = try fields.optionalString(tool, "vendor", at: at)
                    if vendor == nil { vendor = try fields.optionalString(tool, "group", at: at) }
                    if vendor == nil, let s = tool["supplier"] { vendor = try fields.optionalString(s, "name", at: at) }
                    bom.tools.append(
                        .init(
                            vendor: vendor,
                            name: try fields.optionalString(tool, "name", at: at) ?? "",
                            version: try fields.optionalString(tool, "version", at: at)
                        )
                    )
                }
            }
            for (i, phase) in try fields.optionalArray(metadata, "lifecycles", at: "metadata").enumerated() {
                let at = "metadata.lifecycles[\(i)]"
                if let name = try fields.optionalString(phase, "phase", at: at) {
                    bom.lifecycles.append(name)
                } else if let name = try fields.optionalString(phase, "name", at: at) {
                    bom.lifecycles.append(name)
                }
            }
            for (i, author) in try fields.optionalArray(metadata, "authors", at: "metadata").enumerated() {
                if let name = try fields.optionalString(author, "name", at: "metadata.authors[\(i)]") {
                    bom.authors.append(name)
                }
            }
            if let supplier = metadata["supplier"] {
                bom.supplier = try fields.optionalString(supplier, "name", at: "metadata.supplier")
            }
            if bom.supplier == nil, let manufacturer = metadata["manufacturer"] {
                bom.supplier = try fields.optionalString(manufacturer, "name", at: "metadata.manufacturer")
            }
            if let root = metadata["component"] {
                var nested: [Component] = []
                bom.root = try cycloneDXComponent(root, at: "metadata.component", fields: fields, nested: &nested)
                bom.components.append(contentsOf: nested)
            }
        }
        for (i, component) in try fields.optionalArray(json, "components", at: "").enumerated() {
            var nested: [Component] = []
            let c = try cycloneDXComponent(component, at: "components[\(i)]", fields: fields, nested: &nested)
            bom.components.append(c)
            bom.components.append(contentsOf: nested)
        }
        for (i, dependency) in try fields.optionalArray(json, "dependencies", at: "").enumerated() {
            let at = "dependencies[\(i)]"
            let ref = try fields.string(dependency, "ref", at: at)
            var targets: [String] = []
            for (j, target) in try fields.optionalArray(dependency, "dependsOn", at: at).enumerated() {
                guard case .string(let s) = target else {
                    throw fields.failure("\(at).dependsOn[\(j)]", "expected a string")
                }
                targets.append(s)
            }
            bom.dependencies[ref, default: []].append(contentsOf: targets)
        }
        return bom
    }

    private static func cycloneDXComponent(
        _ json: JSONValue,
        at: String,
        fields: FieldReader,
        nested: inout [Component]
    ) throws(SBOMError) -> Component {
        let name = try fields.string(json, "name", at: at)
        let version = try fields.optionalString(json, "version", at: at)
        var purl: PackageURL?
        if let text = try fields.optionalString(json, "purl", at: at) {
            do {
                purl = try PackageURL(parsing: text)
            } catch {
                throw SBOMError(.malformedPackageURL, "\(fields.file): field \"\(at).purl\": \(error.message)")
            }
        }
        let ref = try fields.optionalString(json, "bom-ref", at: at) ?? purl?.description ?? "\(name)@\(version ?? "")"
        var component = Component(
            bomRef: ref,
            kind: Component.Kind(rawValue: try fields.optionalString(json, "type", at: at) ?? "library"),
            name: name,
            group: try fields.optionalString(json, "group", at: at),
            version: version,
            purl: purl,
            scope: Component.Scope(rawValue: try fields.optionalString(json, "scope", at: at) ?? "required"),
            summary: try fields.optionalString(json, "description", at: at)
        )
        if let supplier = json["supplier"] {
            component.supplier = try fields.optionalString(supplier, "name", at: "\(at).supplier")
        }
        for (i, choice) in try fields.optionalArray(json, "licenses", at: at).enumerated() {
            let here = "\(at).licenses[\(i)]"
            if let expression = try fields.optionalString(choice, "expression", at: here) {
                let ack = try fields.optionalString(choice, "acknowledgement", at: here) ?? "concluded"
                component.licenses.append(License(expression: expression, acknowledgement: .init(rawValue: ack)))
            } else if let license = choice["license"] {
                let ack = try fields.optionalString(license, "acknowledgement", at: "\(here).license") ?? "concluded"
                if let id = try fields.optionalString(license, "id", at: "\(here).license") {
                    component.licenses.append(License(expression: id, acknowledgement: .init(rawValue: ack)))
                } else if let name = try fields.optionalString(license, "name", at: "\(here).license") {
                    component.licenses.append(
                        License(expression: name, isSPDX: false, acknowledgement: .init(rawValue: ack))
                    )
                } else {
                    throw fields.failure("\(here).license", "needs an \"id\" or a \"name\"")
                }
            } else {
                throw fields.failure(here, "needs \"license\" or \"expression\"")
            }
        }
        for (i, hash) in try fields.optionalArray(json, "hashes", at: at).enumerated() {
            let here = "\(at).hashes[\(i)]"
            component.hashes.append(
                ComponentHash(
                    algorithm: try fields.string(hash, "alg", at: here),
                    value: try fields.string(hash, "content", at: here)
                )
            )
        }
        for (i, reference) in try fields.optionalArray(json, "externalReferences", at: at).enumerated() {
            let here = "\(at).externalReferences[\(i)]"
            component.externalReferences.append(
                ExternalReference(
                    type: try fields.string(reference, "type", at: here),
                    url: try fields.string(reference, "url", at: here)
                )
            )
        }
        for (i, property) in try fields.optionalArray(json, "properties", at: at).enumerated() {
            let here = "\(at).properties[\(i)]"
            component.properties.append(
                Property(
                    try fields.string(property, "name", at: here),
                    try fields.optionalString(property, "value", at: here) ?? ""
                )
            )
        }
        for (i, child) in try fields.optionalArray(json, "components", at: at).enumerated() {
            var deeper: [Component] = []
            nested.append(try cycloneDXComponent(child, at: "\(at).components[\(i)]", fields: fields, nested: &deeper))
            nested.append(contentsOf: deeper)
        }
        return component
    }

    // MARK: SPDX

    /// SPDX relationship types that make an edge, and whether the edge runs from the related element to the
    /// element (`…_OF`) and which scope the dependency then has.
    private static let spdxEdges: [String: (reversed: Bool, scope: Component.Scope?)] = [
        "DEPENDS_ON": (false, nil),
        "DEPENDENCY_OF": (true, nil),
        "RUNTIME_DEPENDENCY_OF": (true, nil),
        "BUILD_DEPENDENCY_OF": (true, .excluded),
        "DEV_DEPENDENCY_OF": (true, .excluded),
        "TEST_DEPENDENCY_OF": (true, .excluded),
        "OPTIONAL_DEPENDENCY_OF": (true, .optional),
        "PROVIDED_DEPENDENCY_OF": (true, nil),
        "STATIC_LINK": (false, nil),
        "DYNAMIC_LINK": (false, nil),
    ]

    static func spdx(_ json: JSONValue, file: String) throws(SBOMError) -> BillOfMaterials {
        let fields = FieldReader(file: file, code: .malformedDocument)
        let spec = try fields.string(json, "spdxVersion", at: "")
        guard spec == "SPDX-2.3" || spec == "SPDX-2.2" else {
            throw SBOMError(
                .unsupportedVersion,
                "\(file): field \"spdxVersion\": \(spec) is not supported (SPDX-2.2, SPDX-2.3)"
            )
        }
        var bom = BillOfMaterials()
        bom.serialNumber = try fields.optionalString(json, "documentNamespace", at: "")
        let creation = try fields.object(json, "creationInfo", at: "")
        bom.timestamp = try fields.optionalString(creation, "created", at: "creationInfo")
        for (i, creator) in try fields.optionalArray(creation, "creators", at: "creationInfo").enumerated() {
            guard case .string(let text) = creator else {
                throw fields.failure("creationInfo.creators[\(i)]", "expected a string")
            }
            if text.hasPrefix("Tool:") {
                let tool = text.dropFirst(5).trimmingLeadingSpaces()
                if let dash = tool.lastIndex(of: "-"), tool[tool.index(after: dash)...].first?.isNumber == true {
                    bom.tools.append(
                        .init(name: String(tool[..<dash]), version: String(tool[tool.index(after: dash)...]))
                    )
                } else {
                    bom.tools.append(.init(name: String(tool)))
                }
            } else if text.hasPrefix("Organization:") || text.hasPrefix("Person:") {
                let name = text.drop { $0 != ":" }.dropFirst().trimmingLeadingSpaces()
                bom.authors.append(String(name.split(separator: "(").first ?? name).trimmingTrailingSpaces())
            }
        }
        var byID: [String: Int] = [:]
        var components: [Component] = []
        for (i, package) in try fields.optionalArray(json, "packages", at: "").enumerated() {
            let at = "packages[\(i)]"
            let id = try fields.string(package, "SPDXID", at: at)
            var component = Component(
                bomRef: id,
                kind: spdxKind(try fields.optionalString(package, "primaryPackagePurpose", at: at)),
                name: try fields.string(package, "name", at: at),
                version: try fields.optionalString(package, "versionInfo", at: at),
                summary: try fields.optionalString(package, "summary", at: at)
            )
            if let supplier = try fields.optionalString(package, "supplier", at: at), supplier != "NOASSERTION" {
                component.supplier = String(supplier.drop { $0 != ":" }.dropFirst().trimmingLeadingSpaces())
            }
            let declared = try fields.optionalString(package, "licenseDeclared", at: at)
            let concluded = try fields.optionalString(package, "licenseConcluded", at: at)
            for (value, ack) in [(declared, License.Acknowledgement.declared), (concluded, .concluded)] {
                if let value, value != "NOASSERTION", value != "NONE" {
                    component.licenses.append(License(expression: value, acknowledgement: ack))
                }
            }
            for (j, checksum) in try fields.optionalArray(package, "checksums", at: at).enumerated() {
                let here = "\(at).checksums[\(j)]"
                let algorithm = try fields.string(checksum, "algorithm", at: here)
                component.hashes.append(
                    ComponentHash(
                        algorithm: cycloneDXAlgorithm(spdx: algorithm),
                        value: try fields.string(checksum, "checksumValue", at: here)
                    )
                )
            }
            for (j, reference) in try fields.optionalArray(package, "externalRefs", at: at).enumerated() {
                let here = "\(at).externalRefs[\(j)]"
                guard try fields.string(reference, "referenceType", at: here) == "purl" else { continue }
                let locator = try fields.string(reference, "referenceLocator", at: here)
                do {
                    component.purl = try PackageURL(parsing: locator)
                } catch {
                    throw SBOMError(
                        .malformedPackageURL,
                        "\(file): field \"\(here).referenceLocator\": \(error.message)"
                    )
                }
            }
            if let download = try fields.optionalString(package, "downloadLocation", at: at),
                download != "NOASSERTION", download != "NONE"
            {
                component.externalReferences.append(ExternalReference(type: "distribution", url: download))
            }
            if let home = try fields.optionalString(package, "homepage", at: at), home != "NOASSERTION", home != "NONE"
            {
                component.externalReferences.append(ExternalReference(type: "website", url: home))
            }
            for (j, annotation) in try fields.optionalArray(package, "annotations", at: at).enumerated() {
                let comment = try fields.string(annotation, "comment", at: "\(at).annotations[\(j)]")
                if let equals = comment.firstIndex(of: "="), comment[..<equals].contains(":"),
                    !comment[..<equals].contains(" ")
                {
                    component.properties.append(
                        Property(String(comment[..<equals]), String(comment[comment.index(after: equals)...]))
                    )
                }
            }
            component.group = component.purl?.namespace
            guard byID[id] == nil else { throw fields.failure("\(at).SPDXID", "duplicate SPDXID \(id)") }
            byID[id] = components.count
            components.append(component)
        }
        var rootID: String?
        for (i, described) in try fields.optionalArray(json, "documentDescribes", at: "").enumerated() {
            guard case .string(let s) = described else {
                throw fields.failure("documentDescribes[\(i)]", "expected a string")
            }
            if rootID == nil { rootID = s }
        }
        var dependencies: [String: [String]] = [:]
        for (i, relationship) in try fields.optionalArray(json, "relationships", at: "").enumerated() {
            let at = "relationships[\(i)]"
            let element = try fields.string(relationship, "spdxElementId", at: at)
            let type = try fields.string(relationship, "relationshipType", at: at)
            let related = try fields.string(relationship, "relatedSpdxElement", at: at)
            if type == "DESCRIBES", element == "SPDXRef-DOCUMENT" {
                if rootID == nil { rootID = related }
                continue
            }
            if type == "DESCRIBED_BY", related == "SPDXRef-DOCUMENT" {
                if rootID == nil { rootID = element }
                continue
            }
            guard let edge = spdxEdges[type] else { continue }
            let (from, to) = edge.reversed ? (related, element) : (element, related)
            if to == "NONE" || to == "NOASSERTION" {
                if to == "NONE" { dependencies[from, default: []] += [] }
                continue
            }
            dependencies[from, default: []].append(to)
            if let scope = edge.scope, let index = byID[to] { components[index].scope = scope }
        }
        bom.dependencies = dependencies
        if let rootID, let index = byID[rootID] {
            bom.root = components.remove(at: index)
        }
        bom.components = components
        return bom
    }

    private static func spdxKind(_ purpose: String?) -> Component.Kind {
        switch purpose {
        case "APPLICATION": .application
        case "FRAMEWORK": .framework
        case "FILE": .file
        case "OPERATING-SYSTEM": .operatingSystem
        case "PLATFORM": .platform
        default: .library
        }
    }

    /// `SHA256` → `SHA-256`, `SHA3-256` stays, `BLAKE2b-256` stays.
    static func cycloneDXAlgorithm(spdx: String) -> String {
        switch spdx {
        case "SHA1": "SHA-1"
        case "SHA256": "SHA-256"
        case "SHA384": "SHA-384"
        case "SHA512": "SHA-512"
        default: spdx
        }
    }
}

extension StringProtocol {
    fileprivate func trimmingLeadingSpaces() -> SubSequence { drop { $0 == " " } }
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
