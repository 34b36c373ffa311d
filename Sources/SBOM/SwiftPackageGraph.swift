/// Builds the bill of materials of a SwiftPM package from SwiftPM's own views of it: `dump-package` (targets,
/// products, system libraries, binary targets, which targets are tests), `show-dependencies` (the resolved
/// graph with its edges) and `Package.resolved` (exact pins: revisions, branches, registry and original
/// locations).
///
/// Every package in the graph becomes a component with an edge list (empty when it has none). Packages
/// reached only from test, plugin or macro targets get scope `excluded`.
public struct SwiftPackageGraph: Sendable {
    /// Maps a pkg-config name to the Debian package that provides it (`dpkg -S` on the `.pc` file), or nil.
    /// The second argument is the manifest's apt providers, as hints.
    public typealias SystemLibraryResolver = @Sendable (_ pkgConfig: String, _ aptProviders: [String]) -> String?
    /// Detects the licences of a package from its checkout folder, and names the file they were read from.
    public typealias LicenseProvider = @Sendable (_ checkoutPath: String) -> (licenses: [License], file: String?)
    /// Reads the licence of a Debian binary package (its copyright file), and names the file it was read from.
    public typealias DebianLicenseProvider = @Sendable (_ package: String) -> (licenses: [License], file: String?)

    /// `dump-package` of the root.
    public var manifest: SwiftPMManifest
    /// `show-dependencies` of the root.
    public var tree: DependencyTree
    /// The root's `Package.resolved`, or nil (no remote dependencies).
    public var resolved: PackageResolved?
    /// `dump-package` of dependencies, by SwiftPM identity: their `systemLibrary` and `binaryTarget` targets
    /// join the bill of materials as the root's do, with edges from the dependency that declares them.
    public var dependencyManifests: [String: SwiftPMManifest]

    /// Creates a graph from SwiftPM's outputs.
    public init(
        manifest: SwiftPMManifest,
        tree: DependencyTree,
        resolved: PackageResolved?,
        dependencyManifests: [String: SwiftPMManifest] = [:]
    ) {
        self.manifest = manifest
        self.tree = tree
        self.resolved = resolved
        self.dependencyManifests = dependencyManifests
    }

    /// The bill of materials (without document metadata: the caller sets tools, timestamp and authors).
    /// - Parameters:
    ///   - rootVersion: the root package's version, or nil.
    ///   - systemLibraries: resolves pkg-config names to Debian packages; the manifest's apt providers are the
    ///     fallback.
    ///   - licenses: licence detection per checkout folder, or nil for none.
    ///   - debianLicenses: the licences of the Debian packages that provide system libraries, or nil for none.
    public func billOfMaterials(
        rootVersion: String? = nil,
        systemLibraries: SystemLibraryResolver? = nil,
        licenses: LicenseProvider? = nil,
        debianLicenses: DebianLicenseProvider? = nil
    ) -> BillOfMaterials {
        let pins = Dictionary((resolved?.pins ?? []).map { ($0.identity, $0) }, uniquingKeysWith: { a, _ in a })
        let declared = Dictionary(manifest.dependencies.map { ($0.identity, $0) }, uniquingKeysWith: { a, _ in a })
        let rootPurl = try? PackageURL(type: "swift", namespace: "localhost", name: manifest.name, version: rootVersion)
        let hasExecutable = manifest.products.contains { $0.type == "executable" }
        var root = Component(
            bomRef: rootPurl?.description ?? manifest.name,
            kind: hasExecutable ? .application : .library,
            name: manifest.name,
            version: rootVersion,
            purl: rootPurl
        )
        for product in manifest.products {
            root.properties.append(Property("seal:swift:product", "\(product.name) (\(product.type))"))
        }
        root.properties.sort()

        // Packages.
        var components: [String: Component] = [:]
        var refByIdentity: [String: String] = [:]
        for node in tree.descendants {
            var component: Component
            if let pin = pins[node.identity] {
                component = pin.component
            } else {
                let isPath = declared[node.identity]?.kind == "fileSystem" || node.url.hasPrefix("/")
                let purl =
                    (isPath ? nil : PackageURL.swift(repositoryURL: node.url, version: node.version))
                    ?? (try? PackageURL(type: "swift", namespace: "localhost", name: node.name, version: node.version))
                component = Component(
                    bomRef: purl?.description ?? "swift:\(node.identity)",
                    name: purl?.name ?? node.name,
                    group: purl?.namespace,
                    version: node.version,
                    purl: purl,
                    properties: [
                        Property(Component.PropertyName.swiftIdentity, node.identity),
                        Property(Component.PropertyName.swiftPinKind, isPath ? "fileSystem" : "remoteSourceControl"),
                    ]
                )
            }
            if component.version == nil { component.version = node.version }
            if let owner = component.purl?.namespace?.split(separator: "/").dropFirst().first,
                component.purl?.namespace != "localhost"
            {
                component.supplier = String(owner)
            }
            if let licenses, !node.path.isEmpty {
                let found = licenses(node.path)
                component.licenses = found.licenses
                if let file = found.file {
                    component.properties.append(Property(Component.PropertyName.licenseFile, file))
                    component.properties.sort()
                }
            }
            refByIdentity[node.identity] = component.bomRef
            components[component.bomRef] = component
        }

        // Edges, over the whole tree (a package appears under several parents).
        var dependencies: [String: Set<String>] = [:]
        func walk(_ node: DependencyTree, ref: String) {
            guard dependencies[ref] == nil else { return }
            dependencies[ref] = Set(node.dependencies.compactMap { refByIdentity[$0.identity] })
            for child in node.dependencies {
                if let childRef = refByIdentity[child.identity] { walk(child, ref: childRef) }
            }
        }
        walk(tree, ref: root.bomRef)

        // Scope: what ships is reachable from the shipping direct dependencies.
        let shipping = manifest.shippingDependencyIdentities
        var required = Set<String>()
        var stack = tree.dependencies.filter { shipping.contains($0.identity) }.compactMap {
            refByIdentity[$0.identity]
        }
        while let ref = stack.popLast() {
            guard required.insert(ref).inserted else { continue }
            stack.append(contentsOf: dependencies[ref] ?? [])
        }
        for ref in components.keys where !required.contains(ref) { components[ref]?.scope = .excluded }

        // System libraries and binary targets: the root's, then each dependency's (a dependency's ship when the
        // dependency does).
        var native = NativeTargets(components: components, dependencies: dependencies)
        native.add(manifest, owner: root.bomRef, ownerShips: true, systemLibraries, debianLicenses)
        for node in tree.descendants {
            guard let dependency = dependencyManifests[node.identity], let ref = refByIdentity[node.identity] else {
                continue
            }
            let ships = native.components[ref]?.scope != .excluded
            native.add(dependency, owner: ref, ownerShips: ships, systemLibraries, debianLicenses)
        }
        components = native.components
        dependencies = native.dependencies

        var bom = BillOfMaterials(root: root)
        bom.components = components.values.sorted { $0.bomRef < $1.bomRef }
        bom.dependencies = dependencies.mapValues { $0.sorted() }
        for component in bom.components where bom.dependencies[component.bomRef] == nil {
            bom.dependencies[component.bomRef] = []
        }
        bom.lifecycles = ["pre-build"]
        return bom
    }
}

extension SwiftPMManifest {
    /// Local targets reached from non-test, non-plugin, non-macro targets.
    var shippingTargets: Set<String> {
        let byName = Dictionary(targets.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var seen = Set<String>()
        var stack = targets.filter { !["test", "plugin", "macro"].contains($0.type) }.map(\.name)
        while let name = stack.popLast() {
            guard let target = byName[name], !["plugin", "macro"].contains(target.type) else { continue }
            guard seen.insert(name).inserted else { continue }
            stack.append(contentsOf: target.targetDependencies)
        }
        return seen
    }
}

/// Adds a manifest's `systemLibrary` targets (as the Debian packages that provide them) and `binaryTarget`s
/// (as files with their checksum) to the components and edges being built.
private struct NativeTargets {
    var components: [String: Component]
    var dependencies: [String: Set<String>]

    mutating func add(
        _ manifest: SwiftPMManifest,
        owner: String,
        ownerShips: Bool,
        _ systemLibraries: SwiftPackageGraph.SystemLibraryResolver?,
        _ debianLicenses: SwiftPackageGraph.DebianLicenseProvider?
    ) {
        let shippingTargets = ownerShips ? manifest.shippingTargets : []
        for target in manifest.targets where target.type == "system" {
            guard let pkgConfig = target.pkgConfig ?? target.aptProviders.first else { continue }
            let debian = systemLibraries?(pkgConfig, target.aptProviders) ?? target.aptProviders.first
            var component: Component
            if let debian, let purl = try? PackageURL.debian(package: debian, version: nil, architecture: nil) {
                component = Component(bomRef: purl.description, name: purl.name, purl: purl, supplier: "Debian")
                if let found = debianLicenses?(debian) {
                    component.licenses = found.licenses
                    if let file = found.file {
                        component.properties.append(Property(Component.PropertyName.licenseFile, file))
                    }
                }
            } else {
                let purl = try? PackageURL(type: "generic", namespace: nil, name: pkgConfig)
                component = Component(bomRef: purl?.description ?? pkgConfig, name: pkgConfig, purl: purl)
            }
            if let existing = components[component.bomRef] { component = existing }
            if let pc = target.pkgConfig {
                component.properties.append(Property(Component.PropertyName.swiftPkgConfig, pc))
            }
            component.properties.append(Property(Component.PropertyName.swiftTarget, target.name))
            component.properties = Array(Set(component.properties)).sorted()
            if !shippingTargets.contains(target.name), components[component.bomRef]?.scope != .required {
                component.scope = .excluded
            } else {
                component.scope = .required
            }
            components[component.bomRef] = component
            dependencies[component.bomRef] = dependencies[component.bomRef] ?? []
            dependencies[owner, default: []].insert(component.bomRef)
        }
        for target in manifest.targets where target.type == "binary" {
            var qualifiers: [String: String] = [:]
            if let checksum = target.checksum { qualifiers["checksum"] = "sha256:\(checksum.lowercased())" }
            if let url = target.url { qualifiers["download_url"] = url }
            let purl = try? PackageURL(type: "generic", namespace: nil, name: target.name, qualifiers: qualifiers)
            var component = Component(
                bomRef: purl?.description ?? target.name,
                kind: .file,
                name: target.name,
                purl: purl,
                scope: shippingTargets.contains(target.name) ? .required : .excluded,
                hashes: target.checksum.map { [ComponentHash(algorithm: "SHA-256", value: $0)] } ?? [],
                properties: [Property(Component.PropertyName.swiftTarget, target.name)]
            )
            if let url = target.url {
                component.externalReferences = [ExternalReference(type: "distribution", url: url)]
            }
            components[component.bomRef] = component
            dependencies[component.bomRef] = []
            dependencies[owner, default: []].insert(component.bomRef)
        }
    }
}
