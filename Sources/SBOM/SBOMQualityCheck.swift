/// Scores a bill of materials (Bot4's or anyone's, read with ``SBOMDocumentReader``) against the minimum
/// element lists: NTIA 2021, CISA 2025 (draft minimum elements: adds hash, licence, tool, generation context)
/// and BSI TR-03183-2 (SHA-512 of deployable components, licences, creator contact). Each element gets a
/// coverage count and the components that miss it.
public struct SBOMQualityCheck: Sendable {
    /// An element list.
    public struct Profile: Hashable, Sendable, RawRepresentable, CaseIterable {
        /// The profile's short name.
        public let rawValue: String
        /// Wraps a name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// NTIA minimum elements (2021).
        public static let ntia = Profile(rawValue: "ntia")
        /// CISA minimum elements (2025 update).
        public static let cisa = Profile(rawValue: "cisa")
        /// BSI TR-03183-2.
        public static let bsi = Profile(rawValue: "bsi")
        /// All profiles.
        public static let allCases: [Profile] = [.ntia, .cisa, .bsi]
    }

    /// One element's result.
    public struct Element: Hashable, Sendable {
        /// The profile it belongs to.
        public var profile: Profile
        /// The element's name as the list calls it.
        public var name: String
        /// How many items (components, or 1 for a document field) have it.
        public var covered: Int
        /// How many items were checked.
        public var total: Int
        /// Names of the items that lack it (component `name@version`, or the document field).
        public var missing: [String]
        /// Whether every item has it.
        public var passed: Bool { covered == total }
    }

    /// The results, profile by profile, in list order.
    public let elements: [Element]

    /// Whether every element of `profile` is fully covered.
    public func passed(_ profile: Profile) -> Bool {
        elements.filter { $0.profile == profile }.allSatisfy(\.passed)
    }

    /// Checks `bom` against `profiles`.
    public init(_ bom: BillOfMaterials, profiles: [Profile] = Profile.allCases) {
        let components = bom.allComponents
        func label(_ c: Component) -> String { c.version.map { "\(c.name)@\($0)" } ?? c.name }
        func each(_ profile: Profile, _ name: String, _ items: [Component], _ test: (Component) -> Bool) -> Element {
            let missing = items.filter { !test($0) }.map(label)
            return Element(
                profile: profile,
                name: name,
                covered: items.count - missing.count,
                total: items.count,
                missing: missing
            )
        }
        func document(_ profile: Profile, _ name: String, _ ok: Bool, _ field: String) -> Element {
            Element(profile: profile, name: name, covered: ok ? 1 : 0, total: 1, missing: ok ? [] : [field])
        }
        let inGraph = Set(bom.dependencies.keys)
        let hasIdentifier: (Component) -> Bool = { $0.purl != nil }
        let hasSupplier: (Component) -> Bool = { $0.supplier?.isEmpty == false }
        let hasVersion: (Component) -> Bool = { $0.version?.isEmpty == false }
        let hasLicense: (Component) -> Bool = { !$0.licenses.isEmpty }
        let isDeployable: (Component) -> Bool = { $0.kind == .file }
        var out: [Element] = []
        for profile in profiles {
            switch profile {
            case .ntia:
                out.append(each(.ntia, "Supplier Name", components, hasSupplier))
                out.append(each(.ntia, "Component Name", components, { !$0.name.isEmpty }))
                out.append(each(.ntia, "Version of the Component", components, hasVersion))
                out.append(each(.ntia, "Other Unique Identifiers", components, hasIdentifier))
                out.append(each(.ntia, "Dependency Relationship", components, { inGraph.contains($0.bomRef) }))
                out.append(
                    document(
                        .ntia,
                        "Author of SBOM Data",
                        !bom.authors.isEmpty || !bom.tools.isEmpty,
                        "metadata.authors"
                    )
                )
                out.append(document(.ntia, "Timestamp", bom.timestamp != nil, "metadata.timestamp"))
            case .cisa:
                out.append(each(.cisa, "Software Producer", components, hasSupplier))
                out.append(each(.cisa, "Component Name", components, { !$0.name.isEmpty }))
                out.append(each(.cisa, "Component Version", components, hasVersion))
                out.append(each(.cisa, "Software Identifiers", components, hasIdentifier))
                out.append(each(.cisa, "Component Hash", components.filter(isDeployable), { !$0.hashes.isEmpty }))
                out.append(each(.cisa, "License", components, hasLicense))
                out.append(each(.cisa, "Dependency Relationship", components, { inGraph.contains($0.bomRef) }))
                out.append(
                    document(.cisa, "SBOM Author", !bom.authors.isEmpty, "metadata.authors (a tool is not the author)")
                )
                out.append(document(.cisa, "Tool Name", !bom.tools.isEmpty, "metadata.tools"))
                out.append(
                    document(
                        .cisa,
                        "Tool Version",
                        bom.tools.contains { $0.version != nil },
                        "metadata.tools[].version"
                    )
                )
                out.append(document(.cisa, "Timestamp", bom.timestamp != nil, "metadata.timestamp"))
                out.append(document(.cisa, "Generation Context", !bom.lifecycles.isEmpty, "metadata.lifecycles"))
            case .bsi:
                out.append(each(.bsi, "Component Creator", components, hasSupplier))
                out.append(each(.bsi, "Component Name", components, { !$0.name.isEmpty }))
                out.append(each(.bsi, "Component Version", components, hasVersion))
                out.append(each(.bsi, "Unique Identifiers (purl/CPE)", components, hasIdentifier))
                out.append(each(.bsi, "Dependencies", components, { inGraph.contains($0.bomRef) }))
                out.append(each(.bsi, "Licence", components, hasLicense))
                out.append(
                    each(.bsi, "SHA-512 of deployable component", components.filter(isDeployable)) { c in
                        c.hashes.contains { $0.algorithm == "SHA-512" }
                    }
                )
                out.append(document(.bsi, "SBOM Creator", !bom.authors.isEmpty, "metadata.authors"))
                out.append(document(.bsi, "Timestamp", bom.timestamp != nil, "metadata.timestamp"))
            default:
                continue
            }
        }
        elements = out
    }
}
