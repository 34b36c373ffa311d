import Digest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Adds what ELF binaries link to a bill of materials: each binary as a `file` component with its SHA-256 and
/// SHA-512; each `DT_NEEDED` library resolved to a path (`DT_RUNPATH`, then the system folders) and to the
/// Debian package that owns it (name, version, architecture, source); the Swift toolchain's libraries, which
/// dpkg does not own, as toolchain components; and the Swift runtime and Foundation when they are linked
/// statically into the binary.
public struct BinaryScanner: Sendable {
    /// dpkg's database, or nil when there is none (then libraries stay unresolved).
    public let database: DebianPackageDatabase?
    /// The Swift toolchain version (`6.3.1`), or nil when unknown.
    public let toolchainVersion: String?
    /// Whether Debian packages get the licence their copyright file declares.
    public let readsDebianLicenses: Bool

    /// Creates a scanner.
    public init(database: DebianPackageDatabase?, toolchainVersion: String? = nil, readsDebianLicenses: Bool = true) {
        self.database = database
        self.toolchainVersion = toolchainVersion
        self.readsDebianLicenses = readsDebianLicenses
    }

    /// Folders searched after `DT_RUNPATH`, as the dynamic loader does on Debian.
    public static func systemLibraryFolders(architecture: String?) -> [String] {
        let triple =
            switch architecture {
            case "arm64": "aarch64-linux-gnu"
            case "i386": "i386-linux-gnu"
            default: "x86_64-linux-gnu"
            }
        return ["/lib/\(triple)", "/usr/lib/\(triple)", "/lib", "/usr/lib", "/usr/local/lib"]
    }

    /// Scans `binaries` and adds their components and edges to `bom` (the root depends on each binary).
    /// - Throws: ``SBOMError/Code/malformedELF`` or ``SBOMError/Code/io`` naming the binary.
    public func add(binaries: [String], to bom: inout BillOfMaterials) throws(SBOMError) {
        var byRef = Dictionary(bom.components.map { ($0.bomRef, $0) }, uniquingKeysWith: { a, _ in a })
        for binary in binaries {
            let elf = try ELFFile(path: binary)
            let digests: [HashFunction.Algorithm: [UInt8]]
            do {
                digests = try FileHasher.digests(of: binary)
            } catch {
                throw SBOMError(.io, "", underlying: error)
            }
            let name = String(binary.split(separator: "/").last ?? Substring(binary))
            var file = Component(
                bomRef: "file:\(name)",
                kind: .file,
                name: name,
                version: bom.root?.version,
                hashes: [
                    ComponentHash(algorithm: "SHA-256", value: digests[.sha256]!.hexString),
                    ComponentHash(algorithm: "SHA-512", value: digests[.sha512]!.hexString),
                ]
            )
            file.properties = elf.needed.map { Property(Component.PropertyName.linkedLibrary, $0) }.sorted()
            let origin = binary.contains("/") ? String(binary[..<binary.lastIndex(of: "/")!]) : "."
            let folders =
                elf.runPaths.map { $0.replacingOrigin(with: origin) }
                + Self.systemLibraryFolders(architecture: elf.debianArchitecture)
            var paths: [String: String] = [:]
            for soname in elf.needed {
                for folder in folders {
                    let candidate = folder + "/" + soname
                    if access(candidate, F_OK) == 0 {
                        paths[soname] = Self.realPath(candidate)
                        break
                    }
                }
            }
            let owners = database?.owners(of: Array(Set(paths.values))) ?? [:]
            var edges = Set<String>()
            var toolchainLibraries: [String: [String]] = [:]
            for soname in elf.needed {
                if let path = paths[soname], let package = owners[path] {
                    var component = byRef[package.component.bomRef] ?? debianComponent(package)
                    component.properties.append(Property(Component.PropertyName.linkedLibrary, soname))
                    component.properties = Array(Set(component.properties)).sorted()
                    byRef[component.bomRef] = component
                    edges.insert(component.bomRef)
                } else if let path = paths[soname], path.contains("/lib/swift/") {
                    toolchainLibraries[Self.toolchainProject(of: soname), default: []].append(soname)
                } else {
                    let purl = try? PackageURL(type: "generic", namespace: nil, name: soname)
                    var component = Component(
                        bomRef: "unresolved:\(soname)",
                        name: soname,
                        purl: purl,
                        properties: [Property(Component.PropertyName.linkedLibrary, soname)]
                    )
                    if let path = paths[soname] { component.summary = "not owned by any Debian package: \(path)" }
                    byRef[component.bomRef] = component
                    edges.insert(component.bomRef)
                }
            }
            // Statically linked Swift runtime and Foundation: Swift metadata sections present, but the runtime
            // libraries not among DT_NEEDED.
            let hasSwiftMetadata = elf.sectionNames.contains { $0.hasPrefix("swift5_") }
            if hasSwiftMetadata && !elf.needed.contains(where: { $0.hasPrefix("libswiftCore") }) {
                toolchainLibraries["swift-runtime", default: []].append("static")
                let bytes = (try? FileReader.read(path: binary, what: "ELF binary")) ?? []
                if bytes.contains(subsequence: Array("20FoundationEssentials".utf8)) {
                    toolchainLibraries["swift-foundation", default: []].append("static")
                }
                if bytes.contains(subsequence: Array("10Foundation".utf8)) {
                    toolchainLibraries["swift-corelibs-foundation", default: []].append("static")
                }
            }
            for (project, libraries) in toolchainLibraries {
                let purl = try? PackageURL(
                    type: "generic",
                    namespace: "swiftlang",
                    name: project,
                    version: toolchainVersion
                )
                var component =
                    byRef[purl?.description ?? project]
                    ?? Component(
                        bomRef: purl?.description ?? project,
                        kind: .framework,
                        name: project,
                        group: "swiftlang",
                        version: toolchainVersion,
                        purl: purl,
                        licenses: [License(expression: "Apache-2.0 WITH Swift-exception", acknowledgement: .declared)],
                        supplier: "Swift Project"
                    )
                for library in libraries {
                    component.properties.append(
                        library == "static"
                            ? Property("seal:swift:linkage", "static")
                            : Property(Component.PropertyName.linkedLibrary, library)
                    )
                }
                if !libraries.contains("static") {
                    component.properties.append(Property("seal:swift:linkage", "dynamic"))
                }
                component.properties = Array(Set(component.properties)).sorted()
                byRef[component.bomRef] = component
                edges.insert(component.bomRef)
            }
            byRef[file.bomRef] = file
            bom.dependencies[file.bomRef] = edges.sorted()
            for ref in edges where bom.dependencies[ref] == nil { bom.dependencies[ref] = [] }
            if let root = bom.root?.bomRef {
                bom.dependencies[root] = Array(Set((bom.dependencies[root] ?? []) + [file.bomRef])).sorted()
            }
        }
        bom.components = byRef.values.sorted { $0.bomRef < $1.bomRef }
        if !bom.lifecycles.contains("post-build") { bom.lifecycles.append("post-build") }
    }

    /// A Debian package as a component, with the licence its copyright file declares.
    private func debianComponent(_ package: DebianPackageDatabase.Package) -> Component {
        var component = package.component
        if readsDebianLicenses, let found = database?.licenses(ofPackage: package.name) {
            component.licenses = found.licenses
            if let file = found.file {
                component.properties.append(Property(Component.PropertyName.licenseFile, file))
                component.properties.sort()
            }
        }
        return component
    }

    /// The toolchain project a toolchain library comes from.
    static func toolchainProject(of soname: String) -> String {
        if soname.hasPrefix("libFoundationEssentials") || soname.hasPrefix("libFoundationInternationalization")
            || soname.hasPrefix("lib_FoundationICU")
        {
            return "swift-foundation"
        }
        if soname.hasPrefix("libFoundation") { return "swift-corelibs-foundation" }
        if soname.hasPrefix("libdispatch") || soname.hasPrefix("libBlocksRuntime")
            || soname.hasPrefix("libswiftDispatch")
        {
            return "swift-corelibs-libdispatch"
        }
        return "swift-runtime"
    }

    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

extension String {
    fileprivate func replacingOrigin(with origin: String) -> String {
        var out = self
        for token in ["${ORIGIN}", "$ORIGIN"] {
            while let range = out.firstRange(of: token) { out.replaceSubrange(range, with: origin) }
        }
        return out
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in the bytes (memchr for the first byte, then memcmp).
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= count else { return false }
        return withUnsafeBytes { haystack in
            needle.withUnsafeBytes { pattern in
                guard let base = haystack.baseAddress else { return false }
                var offset = 0
                let last = haystack.count - pattern.count
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at, pattern.baseAddress!, pattern.count) == 0 { return true }
                    offset = at + 1
                }
                return false
            }
        }
    }
}
