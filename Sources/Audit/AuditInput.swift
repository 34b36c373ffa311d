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
    /// Components that could not be audited (unknown ecosystems), named.
    public var warnings: [String]

    /// Creates an input.
    public init(packages: [AuditedPackage], scannedFile: String, hasLicenseData: Bool, warnings: [String] = []) {
        self.packages = packages
        self.scannedFile = scannedFile
        self.hasLicenseData = hasLicenseData
        self.warnings = warnings
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
        guard let data = FileManager.default.contents(atPath: file) else {
            throw AuditError(.io, "\(file): cannot read")
        }
        let bytes = [UInt8](data)
        let text = String(decoding: bytes, as: UTF8.self)
        let components: [Component]
        let hasLicenses: Bool
        if Self.looksLikePackageResolved(bytes) {
            do throws(SBOMError) {
                components = try PackageResolved.parse(bytes, file: file).pins.map(\.component)
            } catch {
                throw AuditError(.malformedInput, error.message)
            }
            hasLicenses = false
        } else {
            do throws(SBOMError) {
                components = try SBOMDocumentReader.parse(bytes, file: file).bom.components
            } catch {
                throw AuditError(.malformedInput, error.message)
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
        var warnings: [String] = []
        for component in components where component.kind != .application && component.kind != .file {
            guard let purl = component.purl else {
                warnings.append("\(component.name): no package URL, not audited")
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
                let release = purl.qualifiers["distro"].flatMap { distro -> String? in
                    distro.hasPrefix("debian-") ? String(distro.dropFirst("debian-".count)) : nil
                }
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
                warnings.append("\(purl.description): ecosystem '\(purl.type)' is not audited by Bot4")
            }
        }
        return AuditInput(packages: packages, scannedFile: file, hasLicenseData: hasLicenseData, warnings: warnings)
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
