/// One dependency as the audit sees it: what it is matched by, and where it is declared so that findings
/// can point at a line.
public struct AuditedPackage: Hashable, Sendable {
    /// The ecosystem it is installed in (`SwiftURL`, `Debian:12`, or another kept by name).
    public var ecosystem: Ecosystem
    /// The name advisories are keyed by: the SwiftPM location (canonicalised when matching) or the Debian
    /// source package.
    public var name: String
    /// The name shown to people: the pin's location, or the Debian binary package.
    public var displayName: String
    /// The resolved version, if the pin or package has one (for Debian, the SOURCE version advisories use).
    public var version: String?
    /// For a Debian package: the installed binary package's own version (differs from ``version`` for a binNMU),
    /// which apt's lists are compared with.
    public var binaryVersion: String?
    /// For a Debian package: its architecture (`amd64`, `all`, …), when known.
    public var architecture: String?
    /// The pinned revision (Swift), if any.
    public var revision: String?
    /// The branch of a branch pin (Swift), if any.
    public var branch: String?
    /// The source URL the package is fetched from (Swift), for the `[sources]` check.
    public var sourceURL: String?
    /// For a SwiftPM registry pin: its identity `scope.name` (`nil` for source-control pins).
    public var registryIdentity: String?
    /// For a SwiftPM registry pin: the registry URL it resolves from, when the input records it (the purl's
    /// `repository_url` qualifier, or the project's `.swiftpm/configuration/registries.json`).
    public var registryURL: String?
    /// SPDX licence identifiers or expressions, when known.
    public var licenses: [String]
    /// Where the package is declared.
    public var declaration: Declaration?

    /// A place in a scanned file.
    public struct Declaration: Hashable, Sendable {
        /// The file as given on the command line (relative paths stay relative).
        public var file: String
        /// 1-based line.
        public var line: Int
        /// 1-based first column.
        public var startColumn: Int
        /// 1-based column just past the end.
        public var endColumn: Int

        /// Creates a declaration.
        public init(file: String, line: Int, startColumn: Int = 1, endColumn: Int = 2) {
            self.file = file
            self.line = line
            self.startColumn = startColumn
            self.endColumn = endColumn
        }
    }

    /// Creates a package.
    public init(
        ecosystem: Ecosystem,
        name: String,
        displayName: String? = nil,
        version: String?,
        binaryVersion: String? = nil,
        architecture: String? = nil,
        revision: String? = nil,
        branch: String? = nil,
        sourceURL: String? = nil,
        registryIdentity: String? = nil,
        registryURL: String? = nil,
        licenses: [String] = [],
        declaration: Declaration? = nil
    ) {
        self.ecosystem = ecosystem
        self.name = name
        self.displayName = displayName ?? name
        self.version = version
        self.binaryVersion = binaryVersion
        self.architecture = architecture
        self.revision = revision
        self.branch = branch
        self.sourceURL = sourceURL
        self.registryIdentity = registryIdentity
        self.registryURL = registryURL
        self.licenses = licenses
        self.declaration = declaration
    }

    /// The name used for policy matching: the canonical location for Swift, the name otherwise.
    public var policyName: String {
        ecosystem.family == .swiftURL ? SwiftPackageName(name).canonical : name
    }
}
