#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Generates the bill of materials of a SwiftPM package folder: runs `swift package show-dependencies` and
/// `dump-package`, reads `Package.resolved`, resolves declared system libraries to Debian packages, detects
/// licences in the checkouts, and (with binaries) adds what each ELF binary links.
public struct SBOMGenerator: Sendable {
    /// What to generate.
    public struct Request: Sendable {
        /// The package folder (with `Package.swift`).
        public var packagePath: String
        /// The root package's version, or nil.
        public var rootVersion: String?
        /// ELF binaries built from the package, to add what they link.
        public var binaries: [String]
        /// Authors of the SBOM data (organisations or people).
        public var authors: [String]
        /// The supplier of the root component, or nil.
        public var supplier: String?
        /// RFC 3339 creation time.
        public var timestamp: String
        /// The generating tool.
        public var tool: BillOfMaterials.Tool
        /// Whether to read licence files in the checkouts.
        public var detectLicenses: Bool

        /// Creates a request.
        public init(
            packagePath: String,
            rootVersion: String? = nil,
            binaries: [String] = [],
            authors: [String] = [],
            supplier: String? = nil,
            timestamp: String,
            tool: BillOfMaterials.Tool,
            detectLicenses: Bool = true
        ) {
            self.packagePath = packagePath
            self.rootVersion = rootVersion
            self.binaries = binaries
            self.authors = authors
            self.supplier = supplier
            self.timestamp = timestamp
            self.tool = tool
            self.detectLicenses = detectLicenses
        }
    }

    /// The runner of `swift package` and other tools (it keeps the time spent in them).
    public let runner: ToolRunner
    /// The `swift` executable.
    public let swift: String

    /// Creates a generator.
    public init(runner: ToolRunner = ToolRunner(), swift: String = "swift") {
        self.runner = runner
        self.swift = swift
    }

    /// Generates the bill of materials.
    /// - Throws: ``SBOMError`` naming the file and field of bad input, or the tool that failed.
    public func generate(_ request: Request) throws(SBOMError) -> BillOfMaterials {
        let path = request.packagePath
        guard access(path + "/Package.swift", R_OK) == 0 else {
            throw SBOMError(.io, "\(path): no readable Package.swift (is this a SwiftPM package folder?)")
        }
        // Package.resolved first: a malformed one is bad input, named here, before SwiftPM trips over it.
        let resolvedPath = path + "/Package.resolved"
        var resolved = access(resolvedPath, F_OK) == 0 ? try PackageResolved.read(path: resolvedPath) : nil
        let treeBytes = try runner.run(
            swift,
            ["package", "--package-path", path, "show-dependencies", "--format", "json"]
        )
        let manifestBytes = try runner.run(swift, ["package", "--package-path", path, "dump-package"])
        // A first resolution (show-dependencies resolves) writes Package.resolved.
        if resolved == nil, access(resolvedPath, F_OK) == 0 { resolved = try PackageResolved.read(path: resolvedPath) }
        let tree = try DependencyTree.parse(treeBytes, file: "swift package show-dependencies (\(path))")
        let manifest = try SwiftPMManifest.parse(manifestBytes, file: "swift package dump-package (\(path))")
        for node in tree.descendants where !node.path.isEmpty && access(node.path, F_OK) != 0 {
            throw SBOMError(
                .missingCheckout,
                "\(node.path): the checkout of \(node.identity) is missing (run `swift package resolve` in \(path))"
            )
        }
        var dependencyManifests: [String: SwiftPMManifest] = [:]
        for node in tree.descendants where !node.path.isEmpty && Self.declaresNativeTargets(node.path) {
            let bytes = try runner.run(swift, ["package", "--package-path", node.path, "dump-package"])
            dependencyManifests[node.identity] = try SwiftPMManifest.parse(
                bytes,
                file: "swift package dump-package (\(node.path))"
            )
        }
        let database = try? DebianPackageDatabase()
        let graph = SwiftPackageGraph(
            manifest: manifest,
            tree: tree,
            resolved: resolved,
            dependencyManifests: dependencyManifests
        )
        let detector = request.detectLicenses ? LicenseDetector.shared : nil
        var systemLibraries: SwiftPackageGraph.SystemLibraryResolver?
        if let database {
            systemLibraries = { pkgConfig, hints in database.provider(ofPkgConfig: pkgConfig, hints: hints)?.name }
        }
        var debianLicenses: SwiftPackageGraph.DebianLicenseProvider?
        if let database, request.detectLicenses {
            debianLicenses = { name in database.licenses(ofPackage: name) }
        }
        var licenses: SwiftPackageGraph.LicenseProvider?
        if let detector {
            licenses = { folder in detector.licenses(inFolder: folder) }
        }
        var bom = graph.billOfMaterials(
            rootVersion: request.rootVersion,
            systemLibraries: systemLibraries,
            licenses: licenses,
            debianLicenses: debianLicenses
        )
        if let detector, var root = bom.root {
            root.licenses = detector.licenses(inFolder: path).licenses
            bom.root = root
        }
        if !request.binaries.isEmpty {
            let version = try? runner.run(swift, ["--version"])
            try BinaryScanner(
                database: database,
                toolchainVersion: version.flatMap(Self.swiftVersion),
                readsDebianLicenses: request.detectLicenses
            )
            .add(binaries: request.binaries, to: &bom)
        }
        if let supplier = request.supplier {
            bom.root?.supplier = supplier
            for index in bom.components.indices where bom.components[index].kind == .file {
                bom.components[index].supplier = supplier
            }
        }
        bom.timestamp = request.timestamp
        bom.tools = [request.tool]
        bom.authors = request.authors
        bom.supplier = request.supplier
        return bom
    }

    /// Whether a dependency's manifest (`Package.swift` or a `Package@swift-*.swift` variant) mentions
    /// `systemLibrary` or `binaryTarget`: only those manifests are worth a `dump-package` (about a second each).
    static func declaresNativeTargets(_ folder: String) -> Bool {
        FileReader.names(in: folder).contains { name in
            guard name == "Package.swift" || (name.hasPrefix("Package@swift-") && name.hasSuffix(".swift")) else {
                return false
            }
            let text = (try? FileReader.read(path: folder + "/" + name, what: "manifest")) ?? []
            return text.contains(subsequence: Array("systemLibrary".utf8))
                || text.contains(subsequence: Array("binaryTarget".utf8))
        }
    }

    /// `6.3.1` from `swift --version` output (`Swift version 6.3.1 (swift-6.3.1-RELEASE)`).
    static func swiftVersion(_ output: [UInt8]) -> String? {
        let text = String(decoding: output, as: UTF8.self)
        guard let range = text.firstRange(of: "Swift version ") else { return nil }
        let version = text[range.upperBound...].prefix { $0.isNumber || $0 == "." }
        return version.isEmpty ? nil : String(version)
    }

    /// The RFC 3339 UTC time of a Unix epoch, or of `SOURCE_DATE_EPOCH` when given, else of now.
    /// - Throws: ``SBOMError/Code/usage`` when `SOURCE_DATE_EPOCH` is not a non-negative integer.
    public static func timestamp(sourceDateEpoch: String?) throws(SBOMError) -> String {
        var seconds = time(nil)
        if let text = sourceDateEpoch {
            guard let value = Int(text), value >= 0 else {
                throw SBOMError(.usage, "SOURCE_DATE_EPOCH must be a non-negative integer of seconds, not \"\(text)\"")
            }
            seconds = time_t(value)
        }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):"
            + "\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
