/// One thing in a bill of materials: a Swift package, a Debian package, a binary artifact, the application.
///
/// This is the model `SBOM` writes and `Audit` reads. Conventions (the SBOM–audit contract):
/// - Swift packages: purl `pkg:swift/<host>/<owner>/<repo>@<version>`, case as in the URL, no `.git`; branch and
///   revision pins carry the revision as version and ``PropertyName/swiftBranch`` when there is a branch.
/// - Debian packages: purl `pkg:deb/debian/<binary>@<version>?arch=<arch>&distro=debian-12`, with
///   ``PropertyName/debianSource`` and ``PropertyName/debianSourceVersion``.
public struct Component: Hashable, Sendable {
    /// The CycloneDX component type.
    public struct Kind: Hashable, Sendable, RawRepresentable {
        /// The CycloneDX spelling.
        public let rawValue: String
        /// Wraps a CycloneDX type name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// An application (the root executable package).
        public static let application = Kind(rawValue: "application")
        /// A library (packages, Debian libraries).
        public static let library = Kind(rawValue: "library")
        /// A framework (the Swift runtime and Foundation).
        public static let framework = Kind(rawValue: "framework")
        /// A file (a binary artifact).
        public static let file = Kind(rawValue: "file")
        /// A platform (a toolchain).
        public static let platform = Kind(rawValue: "platform")
        /// An operating system.
        public static let operatingSystem = Kind(rawValue: "operating-system")
    }

    /// Whether the component is part of what ships.
    public struct Scope: Hashable, Sendable, RawRepresentable {
        /// The CycloneDX spelling.
        public let rawValue: String
        /// Wraps a CycloneDX scope name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Part of the product (the default).
        public static let required = Scope(rawValue: "required")
        /// Optional at run time.
        public static let optional = Scope(rawValue: "optional")
        /// Not part of the product: used only by tests, plugins or the build.
        public static let excluded = Scope(rawValue: "excluded")
    }

    /// Names of the properties Bot4 attaches.
    public enum PropertyName {
        /// The branch of a branch pin.
        public static let swiftBranch = "seal:swift:branch"
        /// The git revision of a Swift pin.
        public static let swiftRevision = "seal:swift:revision"
        /// The SwiftPM package identity.
        public static let swiftIdentity = "seal:swift:identity"
        /// The pin kind: remoteSourceControl, localSourceControl, registry, fileSystem.
        public static let swiftPinKind = "seal:swift:kind"
        /// The repository URL a package was pinned at (for a registry pin: its `originalLocation`).
        public static let swiftLocation = "seal:swift:location"
        /// The pkg-config name a `systemLibrary` target declares.
        public static let swiftPkgConfig = "seal:swift:pkg-config"
        /// The `systemLibrary` or `binaryTarget` target name.
        public static let swiftTarget = "seal:swift:target"
        /// The Debian source package of a binary package.
        public static let debianSource = "seal:deb:source"
        /// The Debian source package's version.
        public static let debianSourceVersion = "seal:deb:source-version"
        /// A shared library (DT_NEEDED name) this component provides to the scanned binary.
        public static let linkedLibrary = "seal:elf:needed"
        /// The file licence detection read.
        public static let licenseFile = "seal:license:file"
    }

    /// The identifier that dependency edges use (CycloneDX `bom-ref`, SPDX element id source).
    public var bomRef: String
    /// The component type.
    public var kind: Kind
    /// The name.
    public var name: String
    /// The group (Swift: `<host>/<owner>`), or nil.
    public var group: String?
    /// The version, or nil when unknown.
    public var version: String?
    /// The package URL, or nil.
    public var purl: PackageURL?
    /// Whether it ships.
    public var scope: Scope
    /// Licences; empty means NOASSERTION.
    public var licenses: [License]
    /// Content hashes (never a git commit id).
    public var hashes: [ComponentHash]
    /// The supplier's name, or nil.
    public var supplier: String?
    /// A one-line description, or nil.
    public var summary: String?
    /// Links: VCS, website, distribution.
    public var externalReferences: [ExternalReference]
    /// Name/value pairs (see ``PropertyName``), in order.
    public var properties: [Property]

    /// Creates a component.
    public init(
        bomRef: String,
        kind: Kind = .library,
        name: String,
        group: String? = nil,
        version: String? = nil,
        purl: PackageURL? = nil,
        scope: Scope = .required,
        licenses: [License] = [],
        hashes: [ComponentHash] = [],
        supplier: String? = nil,
        summary: String? = nil,
        externalReferences: [ExternalReference] = [],
        properties: [Property] = []
    ) {
        self.bomRef = bomRef
        self.kind = kind
        self.name = name
        self.group = group
        self.version = version
        self.purl = purl
        self.scope = scope
        self.licenses = licenses
        self.hashes = hashes
        self.supplier = supplier
        self.summary = summary
        self.externalReferences = externalReferences
        self.properties = properties
    }

    /// The first value of the property `name`, or nil.
    public func property(_ name: String) -> String? {
        properties.first { $0.name == name }?.value
    }

    /// The Debian source package (property, else the binary package name for `deb` purls), or nil.
    public var debianSourcePackage: String? {
        if let source = property(PropertyName.debianSource) { return source }
        return purl?.type == "deb" ? purl?.name : nil
    }
}

/// A name/value pair attached to a component.
public struct Property: Hashable, Sendable, Comparable {
    /// The property name (`seal:…` for Bot4's own).
    public var name: String
    /// The value.
    public var value: String
    /// Creates a property.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
    /// Orders by name, then value.
    public static func < (lhs: Property, rhs: Property) -> Bool {
        (lhs.name, lhs.value) < (rhs.name, rhs.value)
    }
}

/// A link from a component to something outside the document.
public struct ExternalReference: Hashable, Sendable, Comparable {
    /// The CycloneDX type: `vcs`, `website`, `distribution`, …
    public var type: String
    /// The URL.
    public var url: String
    /// Creates a reference.
    public init(type: String, url: String) {
        self.type = type
        self.url = url
    }
    /// Orders by type, then URL.
    public static func < (lhs: ExternalReference, rhs: ExternalReference) -> Bool {
        (lhs.type, lhs.url) < (rhs.type, rhs.url)
    }
}

/// A content hash of a component.
public struct ComponentHash: Hashable, Sendable, Comparable {
    /// The CycloneDX algorithm name: `SHA-256`, `SHA-512`, `SHA-1`, …
    public var algorithm: String
    /// Lower-case hexadecimal.
    public var value: String
    /// Creates a hash.
    public init(algorithm: String, value: String) {
        self.algorithm = algorithm
        self.value = value.lowercased()
    }
    /// Orders by algorithm.
    public static func < (lhs: ComponentHash, rhs: ComponentHash) -> Bool {
        (lhs.algorithm, lhs.value) < (rhs.algorithm, rhs.value)
    }
}
