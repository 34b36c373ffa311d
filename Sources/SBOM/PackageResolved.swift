import JSON

/// SwiftPM's `Package.resolved`, versions 1, 2 and 3: the one reader the SBOM generator and the audit share.
///
/// - v1 (tools < 5.6): `object.pins[]` of `package`, `repositoryURL`, `state{branch, revision, version}`.
/// - v2 (5.6–5.9) and v3 (> 5.9): `pins[]` of `identity`, `kind`, `location`, optional `originalLocation`,
///   `state{version?, branch?, revision?}`; v3 adds `originHash`.
public struct PackageResolved: Hashable, Sendable {
    /// How a pin was resolved.
    public struct Kind: Hashable, Sendable, RawRepresentable {
        /// SwiftPM's spelling.
        public let rawValue: String
        /// Wraps SwiftPM's spelling.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A git repository by URL.
        public static let remoteSourceControl = Kind(rawValue: "remoteSourceControl")
        /// A git repository on the local disk.
        public static let localSourceControl = Kind(rawValue: "localSourceControl")
        /// A package registry release.
        public static let registry = Kind(rawValue: "registry")
    }

    /// What a pin is pinned to.
    public struct State: Hashable, Sendable {
        /// A released version, or nil.
        public var version: String?
        /// A branch name, or nil.
        public var branch: String?
        /// A git commit id, or nil (registry pins).
        public var revision: String?
        /// Creates a state.
        public init(version: String? = nil, branch: String? = nil, revision: String? = nil) {
            self.version = version
            self.branch = branch
            self.revision = revision
        }
    }

    /// One pinned package.
    public struct Pin: Hashable, Sendable {
        /// SwiftPM's package identity (lower-case; `scope.name` for registry pins).
        public var identity: String
        /// How it was resolved.
        public var kind: Kind
        /// The repository URL or path (empty for registry pins).
        public var location: String
        /// For a registry pin resolved from a URL: that URL.
        public var originalLocation: String?
        /// What it is pinned to.
        public var state: State

        /// Creates a pin.
        public init(identity: String, kind: Kind, location: String, originalLocation: String? = nil, state: State) {
            self.identity = identity
            self.kind = kind
            self.location = location
            self.originalLocation = originalLocation
            self.state = state
        }

        /// The version the contract puts in the purl: the release version, else the revision.
        public var resolvedVersion: String? { state.version ?? state.revision }

        /// The canonical purl: from the URL (or `originalLocation`), else from the registry identity; nil for a
        /// local repository with no URL form.
        public var purl: PackageURL? {
            let url = kind == .registry ? originalLocation : location
            if let url, let purl = PackageURL.swift(repositoryURL: url, version: resolvedVersion) { return purl }
            if kind == .registry { return PackageURL.swift(registryIdentity: identity, version: resolvedVersion) }
            if let purl = PackageURL.swift(repositoryURL: location, version: resolvedVersion) { return purl }
            return try? PackageURL(type: "swift", namespace: "localhost", name: identity, version: resolvedVersion)
        }

        /// The pin as a component: purl as `bomRef`, group `<host>/<owner>`, repository name as name, and the
        /// `seal:swift:*` properties (identity, kind, location, branch, revision).
        public var component: Component {
            let purl = self.purl
            var properties = [
                Property(Component.PropertyName.swiftIdentity, identity),
                Property(Component.PropertyName.swiftPinKind, kind.rawValue),
            ]
            let url = originalLocation ?? location
            if !url.isEmpty { properties.append(Property(Component.PropertyName.swiftLocation, url)) }
            if let branch = state.branch { properties.append(Property(Component.PropertyName.swiftBranch, branch)) }
            if let revision = state.revision {
                properties.append(Property(Component.PropertyName.swiftRevision, revision))
            }
            var references: [ExternalReference] = []
            if kind != .registry || originalLocation != nil, !url.isEmpty, !url.hasPrefix("/") {
                references.append(ExternalReference(type: "vcs", url: url))
            }
            return Component(
                bomRef: purl?.description ?? "swift:\(identity)",
                name: purl?.name ?? identity,
                group: purl?.namespace,
                version: resolvedVersion,
                purl: purl,
                externalReferences: references,
                properties: properties.sorted()
            )
        }
    }

    /// The file format version: 1, 2 or 3.
    public var version: Int
    /// v3's hash over the root manifest and root dependency locations, or nil.
    public var originHash: String?
    /// The pins, in file order.
    public var pins: [Pin]

    /// Creates a value.
    public init(version: Int, originHash: String? = nil, pins: [Pin]) {
        self.version = version
        self.originHash = originHash
        self.pins = pins
    }

    /// Reads and parses a file.
    /// - Throws: ``SBOMError/Code/io`` when unreadable, or the parse errors of ``parse(_:file:)``.
    public static func read(path: String) throws(SBOMError) -> PackageResolved {
        try parse(FileReader.read(path: path, what: "Package.resolved"), file: path)
    }

    /// Parses the bytes of a `Package.resolved`.
    /// - Parameter file: the name errors use.
    /// - Throws: ``SBOMError/Code/malformedJSON``, ``SBOMError/Code/malformedResolved`` naming the field
    ///   (`pins[3].state.revision`), or ``SBOMError/Code/unsupportedVersion``.
    public static func parse(_ bytes: [UInt8], file: String) throws(SBOMError) -> PackageResolved {
        let json = try JSONParser.parse(bytes, file: file)
        let fields = FieldReader(file: file, code: .malformedResolved)
        guard case .object = json else { throw fields.failure("", "the document is not a JSON object") }
        let version = try fields.int(json, "version", at: "")
        switch version {
        case 1:
            let object = try fields.object(json, "object", at: "")
            let pins = try fields.array(object, "pins", at: "object")
            var out: [Pin] = []
            out.reserveCapacity(pins.count)
            for (i, pin) in pins.enumerated() {
                let at = "object.pins[\(i)]"
                let name = try fields.string(pin, "package", at: at)
                let url = try fields.string(pin, "repositoryURL", at: at)
                let state = try fields.state(pin, at: at)
                let identity = PackageResolved.identity(ofLocation: url) ?? name.lowercased()
                let kind: Kind =
                    url.hasPrefix("/") || url.hasPrefix("file:") ? .localSourceControl : .remoteSourceControl
                out.append(Pin(identity: identity, kind: kind, location: url, state: state))
            }
            return PackageResolved(version: 1, pins: out)
        case 2, 3:
            let originHash = try fields.optionalString(json, "originHash", at: "")
            let pins = try fields.array(json, "pins", at: "")
            var out: [Pin] = []
            out.reserveCapacity(pins.count)
            for (i, pin) in pins.enumerated() {
                let at = "pins[\(i)]"
                let identity = try fields.string(pin, "identity", at: at)
                let kind = Kind(rawValue: try fields.string(pin, "kind", at: at))
                guard [.remoteSourceControl, .localSourceControl, .registry].contains(kind) else {
                    throw fields.failure("\(at).kind", "unknown pin kind \"\(kind.rawValue)\"")
                }
                let location = try fields.string(pin, "location", at: at)
                let original = try fields.optionalString(pin, "originalLocation", at: at)
                let state = try fields.state(pin, at: at)
                if kind == .registry {
                    guard state.version != nil else {
                        throw fields.failure("\(at).state.version", "a registry pin needs a version")
                    }
                } else if location.isEmpty {
                    throw fields.failure("\(at).location", "a source-control pin needs a location")
                }
                out.append(
                    Pin(identity: identity, kind: kind, location: location, originalLocation: original, state: state)
                )
            }
            return PackageResolved(version: version, originHash: originHash, pins: out)
        default:
            throw SBOMError(
                .unsupportedVersion,
                "\(file): field \"version\": Package.resolved version \(version) is not supported (1, 2 or 3)"
            )
        }
    }

    /// SwiftPM's identity of a location: the last path component, lower-cased, without `.git`.
    public static func identity(ofLocation location: String) -> String? {
        var last = Substring(location)
        while last.hasSuffix("/") { last = last.dropLast() }
        if let slash = last.lastIndex(where: { $0 == "/" || $0 == ":" }) { last = last[last.index(after: slash)...] }
        if last.lowercased().hasSuffix(".git") { last = last.dropLast(4) }
        return last.isEmpty ? nil : last.lowercased()
    }
}

extension FieldReader {
    fileprivate func state(_ pin: JSONValue, at: String) throws(SBOMError) -> PackageResolved.State {
        let state = try object(pin, "state", at: at)
        let version = try optionalString(state, "version", at: "\(at).state")
        let branch = try optionalString(state, "branch", at: "\(at).state")
        let revision = try optionalString(state, "revision", at: "\(at).state")
        guard version != nil || revision != nil else {
            throw failure("\(at).state", "a pin needs a version or a revision")
        }
        return PackageResolved.State(version: version, branch: branch, revision: revision)
    }
}
