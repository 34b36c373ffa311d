import JSON

/// The parts of `swift package dump-package` the SBOM needs: the package name, its dependencies, products and
/// targets (with their dependencies, `systemLibrary` pkg-config names and providers, `binaryTarget` URLs and
/// checksums).
public struct SwiftPMManifest: Hashable, Sendable {
    /// A declared package dependency.
    public struct Dependency: Hashable, Sendable {
        /// `sourceControl`, `fileSystem` or `registry`.
        public var kind: String
        /// SwiftPM's identity.
        public var identity: String
        /// The URL or path, or nil (registry).
        public var location: String?
    }

    /// A target.
    public struct Target: Hashable, Sendable {
        /// The target name.
        public var name: String
        /// `regular`, `executable`, `test`, `system`, `binary`, `plugin`, `macro`.
        public var type: String
        /// Targets of this package it depends on (`byName` and `target` entries).
        public var targetDependencies: [String]
        /// Products of other packages it depends on: (product, package identity or nil when named by name only).
        public var productDependencies: [(product: String, package: String?)]
        /// A `systemLibrary`'s pkg-config name, or nil.
        public var pkgConfig: String?
        /// A `systemLibrary`'s apt provider package names.
        public var aptProviders: [String]
        /// A `binaryTarget`'s URL, or nil.
        public var url: String?
        /// A `binaryTarget`'s local path, or nil.
        public var path: String?
        /// A remote `binaryTarget`'s SHA-256 checksum (hex), or nil.
        public var checksum: String?

        /// Compares all members.
        public static func == (lhs: Target, rhs: Target) -> Bool {
            lhs.name == rhs.name && lhs.type == rhs.type && lhs.targetDependencies == rhs.targetDependencies
                && lhs.productDependencies.elementsEqual(rhs.productDependencies, by: { $0 == $1 })
                && lhs.pkgConfig == rhs.pkgConfig && lhs.aptProviders == rhs.aptProviders && lhs.url == rhs.url
                && lhs.path == rhs.path && lhs.checksum == rhs.checksum
        }

        /// Hashes the name and type.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(name)
            hasher.combine(type)
        }
    }

    /// A product.
    public struct Product: Hashable, Sendable {
        /// The product name.
        public var name: String
        /// `executable`, `library`, `plugin`, `macro`, …
        public var type: String
        /// Its targets.
        public var targets: [String]
    }

    /// The package name.
    public var name: String
    /// Declared dependencies.
    public var dependencies: [Dependency]
    /// Products.
    public var products: [Product]
    /// Targets.
    public var targets: [Target]

    /// Parses `dump-package` output.
    /// - Throws: ``SBOMError/Code/malformedJSON`` or ``SBOMError/Code/malformedDocument`` naming the field.
    public static func parse(_ bytes: [UInt8], file: String = "dump-package") throws(SBOMError) -> SwiftPMManifest {
        let json = try JSONParser.parse(bytes, file: file)
        let fields = FieldReader(file: file, code: .malformedDocument)
        var manifest = SwiftPMManifest(
            name: try fields.string(json, "name", at: ""),
            dependencies: [],
            products: [],
            targets: []
        )
        for (i, dependency) in try fields.optionalArray(json, "dependencies", at: "").enumerated() {
            let at = "dependencies[\(i)]"
            guard let (kind, payload) = dependency.objectValue?.first else { throw fields.failure(at, "empty") }
            guard let first = payload.arrayValue?.first else {
                throw fields.failure("\(at).\(kind)", "expected an array")
            }
            let here = "\(at).\(kind)[0]"
            let identity = try fields.string(first, "identity", at: here)
            var location: String?
            switch kind {
            case "fileSystem": location = try fields.optionalString(first, "path", at: here)
            case "sourceControl":
                if let loc = first["location"] {
                    if let remote = loc["remote"]?.arrayValue?.first {
                        location = remote.stringValue ?? remote["urlString"]?.stringValue
                    } else if let local = loc["local"]?.arrayValue?.first {
                        location = local.stringValue
                    }
                }
            default: break
            }
            manifest.dependencies.append(Dependency(kind: kind, identity: identity, location: location))
        }
        for (i, product) in try fields.optionalArray(json, "products", at: "").enumerated() {
            let at = "products[\(i)]"
            let type = product["type"]?.objectValue?.first?.0 ?? "unknown"
            let targets = try fields.optionalArray(product, "targets", at: at).compactMap(\.stringValue)
            manifest.products.append(
                Product(name: try fields.string(product, "name", at: at), type: type, targets: targets)
            )
        }
        for (i, target) in try fields.optionalArray(json, "targets", at: "").enumerated() {
            let at = "targets[\(i)]"
            var t = Target(
                name: try fields.string(target, "name", at: at),
                type: try fields.string(target, "type", at: at),
                targetDependencies: [],
                productDependencies: [],
                pkgConfig: try fields.optionalString(target, "pkgConfig", at: at),
                aptProviders: [],
                url: try fields.optionalString(target, "url", at: at),
                path: try fields.optionalString(target, "path", at: at),
                checksum: try fields.optionalString(target, "checksum", at: at)
            )
            for (j, dependency) in try fields.optionalArray(target, "dependencies", at: at).enumerated() {
                guard let (kind, payload) = dependency.objectValue?.first, let parts = payload.arrayValue else {
                    throw fields.failure("\(at).dependencies[\(j)]", "expected an object of one array")
                }
                guard let name = parts.first?.stringValue else {
                    throw fields.failure("\(at).dependencies[\(j)].\(kind)[0]", "expected a string")
                }
                switch kind {
                case "product":
                    let package = parts.count > 1 ? parts[1].stringValue : nil
                    t.productDependencies.append((name, package))
                case "byName", "target": t.targetDependencies.append(name)
                default: break
                }
            }
            for provider in try fields.optionalArray(target, "providers", at: at) {
                guard let apt = provider["apt"]?.arrayValue?.first?.arrayValue else { continue }
                t.aptProviders.append(contentsOf: apt.compactMap(\.stringValue))
            }
            manifest.targets.append(t)
        }
        return manifest
    }

    /// Package identities that ship: those reached from non-test, non-plugin, non-macro targets through
    /// product dependencies, following this package's own target dependencies. A product named only by name
    /// (`byName`) that is not a local target counts against the dependency of that identity.
    public var shippingDependencyIdentities: Set<String> {
        let byName = Dictionary(targets.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let identities = Set(dependencies.map(\.identity))
        var used = Set<String>()
        var seen = Set<String>()
        var stack = targets.filter { !["test", "plugin", "macro"].contains($0.type) }.map(\.name)
        while let name = stack.popLast() {
            guard seen.insert(name).inserted else { continue }
            guard let target = byName[name] else {
                if identities.contains(name.lowercased()) { used.insert(name.lowercased()) }
                continue
            }
            guard !["plugin", "macro"].contains(target.type) else { continue }
            stack.append(contentsOf: target.targetDependencies)
            for (product, package) in target.productDependencies {
                if let package {
                    used.insert(package.lowercased())
                } else if identities.contains(product.lowercased()) {
                    used.insert(product.lowercased())
                }
            }
        }
        return used
    }
}
