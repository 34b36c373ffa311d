import Foundation
import SBOM

/// What `seal audit` scans: the packages of a project folder, a Package.resolved or a CycloneDX/SPDX SBOM,
/// read through `SBOM`'s one Package.resolved reader and component model, and located to a line of the
/// scanned file so that findings can point at it.
public struct AuditInput: Sendable {
    /// The packages to audit.
    public var packages: [AuditedPackage]
    /// The file findings are located in (the Package.resolved or the SBOM).
    public var scannedFile: String
    /// Whether the input carries licence data (SBOMs do; a Package.resolved does not).
    public var hasLicenseData: Bool
    /// Notes about the input that do not affect the verdict.
    public var warnings: [String]
    /// Components no advisory can be matched against (no package URL, an ecosystem Bot4 does not match):
    /// the auditor turns each into a finding the policy judges (`[advisories] unaudited`).
    public var unaudited: [Unaudited]

    /// A component that cannot be audited, by name, and why.
    public struct Unaudited: Sendable, Hashable {
        /// The component's name (its package URL when it has one).
        public var name: String
        /// Why no advisory can be matched against it.
        public var reason: String

        /// Creates an entry.
        public init(name: String, reason: String) {
            self.name = name
            self.reason = reason
        }
    }

    /// Creates an input.
    public init(
        packages: [AuditedPackage],
        scannedFile: String,
        hasLicenseData: Bool,
        warnings: [String] = [],
        unaudited: [Unaudited] = []
    ) {
        self.packages = packages
        self.scannedFile = scannedFile
        self.hasLicenseData = hasLicenseData
        self.warnings = warnings
        self.unaudited = unaudited
    }

    /// Reads a folder (its `Package.resolved`), a `Package.resolved`, or an SBOM (CycloneDX or SPDX JSON).
    public static func load(path: String) throws(AuditError) -> AuditInput {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AuditError(.io, "\(path): no such file or folder")
        }
        var file = path
        if isDirectory.boolValue {
            file = (path.hasSuffix("/") ? path : path + "/") + "Package.resolved"
            guard FileManager.default.fileExists(atPath: file) else {
                throw AuditError(
                    .io,
                    "\(path): no Package.resolved (run `swift package resolve` first, or pass an SBOM)"
                )
            }
        }
        let bytes = try AuditFile.read(file, what: "the audit input", limit: AuditFile.inventoryLimit)
        return try parse(bytes, file: file)
    }

    /// Parses the bytes of a `Package.resolved` or an SBOM (CycloneDX or SPDX JSON) read elsewhere (a
    /// verified release bundle's SBOM), never opening `file`: it names the input in findings and errors. A
    /// `Package.resolved`'s registry configuration is read from beside `file`.
    /// - Throws: ``AuditError/Code/malformedInput`` for bytes that are neither, or the registry
    ///   configuration's error.
    public static func parse(_ bytes: [UInt8], file: String) throws(AuditError) -> AuditInput {
        let text = String(decoding: bytes, as: UTF8.self)
        let components: [Component]
        let hasLicenses: Bool
        if Self.looksLikePackageResolved(bytes) {
            do throws(SBOMError) {
                components = try PackageResolved.parse(bytes, file: file).pins.map(\.component)
            } catch {
                throw AuditError(.malformedInput, "", underlying: error)
            }
            hasLicenses = false
        } else {
            do throws(SBOMError) {
                components = try SBOMDocumentReader.parse(bytes, file: file).bom.components
            } catch {
                throw AuditError(.malformedInput, "", underlying: error)
            }
            hasLicenses = true
        }
        var input = from(components: components, file: file, text: text, hasLicenseData: hasLicenses)
        if !hasLicenses {
            let folder = (file as NSString).deletingLastPathComponent
            let registries = try RegistryConfiguration.load(
                path: (folder.isEmpty ? "." : folder) + "/.swiftpm/configuration/registries.json"
            )
            for index in input.packages.indices {
                guard let identity = input.packages[index].registryIdentity,
                    input.packages[index].registryURL == nil
                else { continue }
                input.packages[index].registryURL = registries.url(forIdentity: identity)
            }
        }
        return input
    }

    /// Maps SBOM components to audited packages, locating each on a line of `text` (the scanned file).
    public static func from(components: [Component], file: String, text: String, hasLicenseData: Bool) -> AuditInput {
        let locator = LineLocator(text: text, file: file)
        var packages: [AuditedPackage] = []
        var unaudited: [Unaudited] = []
        // The release the SBOM says the packages were installed on, for Debian purls without a usable distro.
        let system = components.first { $0.kind == .operatingSystem && $0.name.lowercased() == "debian" }
        let systemRelease = system.flatMap { $0.version.flatMap(DebianRelease.major) }
        for component in components
        where component.kind != .application && component.kind != .file && component.kind != .operatingSystem {
            guard let purl = component.purl else {
                unaudited.append(.init(name: component.name, reason: "it has no package URL"))
                continue
            }
            switch purl.type {
            case "swift":
                let location =
                    component.property(Component.PropertyName.swiftLocation)
                    ?? "https://\(purl.namespace.map { $0 + "/" } ?? "")\(purl.name)"
                let revision = component.property(Component.PropertyName.swiftRevision)
                var version = component.version
                if let candidate = version, SemanticVersion(candidate) == nil || candidate == revision {
                    version = nil
                }
                packages.append(
                    AuditedPackage(
                        ecosystem: .swiftURL,
                        name: location,
                        displayName: location,
                        version: version,
                        revision: revision,
                        branch: component.property(Component.PropertyName.swiftBranch),
                        sourceURL: location,
                        registryIdentity: component.property(Component.PropertyName.swiftPinKind) == "registry"
                            ? component.property(Component.PropertyName.swiftIdentity)
                                ?? purl.namespace.map {
                                    "\($0).\(purl.name)"
                                } : nil,
                        registryURL: purl.qualifiers["repository_url"],
                        licenses: component.licenses.map(\.expression),
                        declaration: locator.locate(location) ?? locator.locate(purl.description)
                    )
                )
            case "deb":
                guard purl.namespace?.lowercased() == "debian" else {
                    unaudited.append(
                        .init(
                            name: component.name,
                            reason: "\(purl.description): Bot4 matches Debian packages only (pkg:deb/debian/…)"
                        )
                    )
                    continue
                }
                // A distro qualifier that is present but not understood is not replaced by a guess.
                let release = purl.qualifiers["distro"].map(DebianRelease.major) ?? systemRelease
                let source = component.debianSourcePackage ?? purl.name
                let version = component.property(Component.PropertyName.debianSourceVersion) ?? component.version
                packages.append(
                    AuditedPackage(
                        ecosystem: Ecosystem(family: .debian, release: release),
                        name: source,
                        displayName: purl.name,
                        version: version,
                        binaryVersion: component.version ?? purl.version,
                        architecture: purl.qualifiers["arch"],
                        licenses: component.licenses.map(\.expression),
                        declaration: locator.locate(purl.description) ?? locator.locate("pkg:deb/debian/\(purl.name)")
                    )
                )
            default:
                unaudited.append(
                    .init(
                        name: component.name,
                        reason: "\(purl.description): Bot4 has no advisory source for ecosystem '\(purl.type)'"
                    )
                )
            }
        }
        return AuditInput(packages: packages, scannedFile: file, hasLicenseData: hasLicenseData, unaudited: unaudited)
    }

    private static func looksLikePackageResolved(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        return head.contains("\"pins\"") || head.contains("\"object\"")
    }
}

/// Finds the first line of a file that contains a quoted value, for SARIF regions.
struct LineLocator {
    let lines: [Substring]
    let file: String

    init(text: String, file: String) {
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        self.file = file
    }

    func locate(_ value: String) -> AuditedPackage.Declaration? {
        let needle = "\"\(value)\""
        for (index, line) in lines.enumerated() {
            guard let range = line.range(of: needle) else { continue }
            let start = line.distance(from: line.startIndex, to: range.lowerBound) + 1
            let end = line.distance(from: line.startIndex, to: range.upperBound) + 1
            return AuditedPackage.Declaration(file: file, line: index + 1, startColumn: start, endColumn: end)
        }
        return nil
    }
}
