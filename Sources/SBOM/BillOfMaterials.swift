/// A bill of materials: the root component, everything it contains, and the edges between them.
///
/// Writers (CycloneDX, SPDX) serialise it; ``SBOMDocumentReader`` reads either format back into it; `Audit`
/// consumes it.
public struct BillOfMaterials: Hashable, Sendable {
    /// A tool that produced the document.
    public struct Tool: Hashable, Sendable {
        /// The vendor or group, or nil.
        public var vendor: String?
        /// The name.
        public var name: String
        /// The version, or nil.
        public var version: String?
        /// Creates a tool entry.
        public init(vendor: String? = nil, name: String, version: String? = nil) {
            self.vendor = vendor
            self.name = name
            self.version = version
        }
    }

    /// The component the document describes (CycloneDX `metadata.component`, SPDX `DESCRIBES`), or nil.
    public var root: Component?
    /// Every other component.
    public var components: [Component]
    /// Dependency edges: a component's `bomRef` → the `bomRef`s it depends on directly. A component with no
    /// dependencies maps to an empty list (it is known to have none); a component absent here has unknown
    /// dependencies.
    public var dependencies: [String: [String]]
    /// Creation time, RFC 3339 (`2026-11-25T12:00:00Z`), or nil.
    public var timestamp: String?
    /// Tools that produced the document.
    public var tools: [Tool]
    /// Lifecycle phases: `pre-build`, `build`, `post-build`, …
    public var lifecycles: [String]
    /// Authors of the SBOM data (people or organisations), not tools.
    public var authors: [String]
    /// The supplier of the root component, or nil.
    public var supplier: String?
    /// The CycloneDX serial number (`urn:uuid:…`) or SPDX document namespace, or nil.
    public var serialNumber: String?

    /// Creates a bill of materials.
    public init(
        root: Component? = nil,
        components: [Component] = [],
        dependencies: [String: [String]] = [:],
        timestamp: String? = nil,
        tools: [Tool] = [],
        lifecycles: [String] = [],
        authors: [String] = [],
        supplier: String? = nil,
        serialNumber: String? = nil
    ) {
        self.root = root
        self.components = components
        self.dependencies = dependencies
        self.timestamp = timestamp
        self.tools = tools
        self.lifecycles = lifecycles
        self.authors = authors
        self.supplier = supplier
        self.serialNumber = serialNumber
    }

    /// The root (when present) followed by the other components.
    public var allComponents: [Component] {
        (root.map { [$0] } ?? []) + components
    }

    /// The component with this `bomRef`, or nil.
    public func component(ref: String) -> Component? {
        if root?.bomRef == ref { return root }
        return components.first { $0.bomRef == ref }
    }

    /// The `bomRef`s reachable from `ref` through dependency edges (not including `ref`), sorted.
    public func transitiveDependencies(of ref: String) -> [String] {
        var seen = Set<String>()
        var stack = dependencies[ref] ?? []
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            stack.append(contentsOf: dependencies[next] ?? [])
        }
        seen.remove(ref)
        return seen.sorted()
    }
}
