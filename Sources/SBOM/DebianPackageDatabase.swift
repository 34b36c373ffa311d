#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads dpkg's database (`status` and `info/*.list`) directly: which installed package owns a file, and
/// each package's version, architecture, source package and maintainer.
public struct DebianPackageDatabase: Sendable {
    /// An installed binary package.
    public struct Package: Hashable, Sendable {
        /// The binary package name.
        public var name: String
        /// `amd64`, `arm64`, `all`, …
        public var architecture: String
        /// The installed version.
        public var version: String
        /// The source package (the name itself when the `Source` field is absent).
        public var source: String
        /// The source package's version (the binary version when not stated).
        public var sourceVersion: String
        /// The maintainer, or nil.
        public var maintainer: String?

        /// The package as a component with the contract's purl and properties.
        public var component: Component {
            // Name, version and architecture come from dpkg's own database and are valid purl parts.
            let purl = try? PackageURL.debian(package: name, version: version, architecture: architecture)
            return Component(
                bomRef: purl?.description ?? "deb:\(name)",
                name: name,
                version: version,
                purl: purl,
                supplier: maintainer.map(Self.maintainerName) ?? "Debian",
                properties: [
                    Property(Component.PropertyName.debianSource, source),
                    Property(Component.PropertyName.debianSourceVersion, sourceVersion),
                ]
            )
        }

        private static func maintainerName(_ maintainer: String) -> String {
            let name = maintainer.split(separator: "<").first.map(String.init) ?? maintainer
            var s = Substring(name)
            while s.last == " " { s = s.dropLast() }
            return s.isEmpty ? maintainer : String(s)
        }
    }

    /// The dpkg administrative folder.
    public let root: String
    /// The folder of the packages' documentation (`<docRoot>/<package>/copyright`).
    public let docRoot: String
    /// Installed packages by `name` and by `name:arch`.
    public let packages: [String: Package]

    /// Loads `root/status`.
    /// - Throws: ``SBOMError/Code/io`` when the status file cannot be read or is not deb822.
    public init(root: String = "/var/lib/dpkg", docRoot: String = "/usr/share/doc") throws(SBOMError) {
        self.root = root
        self.docRoot = docRoot
        let status = root + "/status"
        self.packages = try Self.parseStatus(FileReader.read(path: status, what: "dpkg status file"), source: status)
    }

    /// The licence a binary package declares in its machine-readable copyright file
    /// (`<docRoot>/<package>/copyright`, see ``DebianCopyright``), as one declared SPDX expression; empty
    /// (NOASSERTION) when the file is missing, not machine-readable, malformed, or names a licence without an
    /// exact SPDX id. The second value is the file read, when it gave a licence.
    public func licenses(ofPackage name: String) -> (licenses: [License], file: String?) {
        let path = "\(docRoot)/\(name)/copyright"
        guard let bytes = try? FileReader.read(path: path, what: "Debian copyright file"),
            let copyright = try? DebianCopyright.parse(bytes, file: path),
            let expression = copyright.spdxExpression
        else { return ([], nil) }
        return ([License(expression: expression, acknowledgement: .declared)], path)
    }

    /// Parses dpkg's `status` format: installed packages only.
    /// - Throws: ``SBOMError/Code/io`` naming the line when the file is not deb822 (the database is damaged).
    static func parseStatus(_ bytes: [UInt8], source: String) throws(SBOMError) -> [String: Package] {
        let paragraphs: [Deb822Paragraph]
        do {
            paragraphs = try Deb822.paragraphs(
                bytes,
                keep: ["package", "version", "architecture", "status", "source", "maintainer"]
            )
        } catch {
            throw SBOMError(.io, "\(source): \(error)")
        }
        var out: [String: Package] = [:]
        for fields in paragraphs {
            guard let name = fields["Package"], let version = fields["Version"], let arch = fields["Architecture"],
                fields["Status"]?.hasSuffix(" installed") == true
            else { continue }
            let source = fields.sourcePackage(binary: (name, version))
            let package = Package(
                name: name,
                architecture: arch,
                version: version,
                source: source.name,
                sourceVersion: source.version,
                maintainer: fields["Maintainer"]
            )
            out["\(name):\(arch)"] = package
            if out[name] == nil || arch != "all" { out[name] = package }
        }
        return out
    }

    /// The installed packages owning each of `paths` (tried as given and with or without the merged `/usr`
    /// prefix), by path. Paths no package owns are absent.
    public func owners(of paths: [String]) -> [String: Package] {
        var wanted: [String: String] = [:]
        for path in paths {
            wanted[path] = path
            if path.hasPrefix("/usr/") {
                wanted[String(path.dropFirst(4))] = path
            } else {
                wanted["/usr" + path] = path
            }
        }
        var found: [String: Package] = [:]
        for list in FileReader.names(in: root + "/info") where list.hasSuffix(".list") {
            guard let bytes = try? FileReader.read(path: root + "/info/" + list, what: "dpkg file list") else {
                continue
            }
            let packageKey = String(list.dropLast(5))
            // Lists hold one path per line: look for "\n<path>\n" without splitting the file.
            let text = [0x0A] + bytes + [0x0A]
            for (candidate, original) in wanted where found[original] == nil {
                guard text.contains(subsequence: [0x0A] + Array(candidate.utf8) + [0x0A]) else { continue }
                if let package = packages[packageKey] ?? packages[String(packageKey.split(separator: ":")[0])] {
                    found[original] = package
                }
            }
            if found.count == paths.count { break }
        }
        return found
    }

    /// The Debian package that provides the pkg-config module `name`: the owner of its `.pc` file in the
    /// standard pkg-config folders (and `PKG_CONFIG_PATH`), or nil.
    /// - Parameter hints: packages likely to own it (the manifest's apt providers), checked first so that the
    ///   common case reads one file list instead of all of them.
    public func provider(
        ofPkgConfig name: String,
        hints: [String] = [],
        searchPath: [String] = DebianPackageDatabase.pkgConfigFolders()
    ) -> Package? {
        for folder in searchPath {
            let path = folder + "/" + name + ".pc"
            guard access(path, F_OK) == 0 else { continue }
            for hint in hints {
                guard let package = packages[hint] else { continue }
                for list in ["\(hint):\(package.architecture).list", "\(hint).list"] {
                    guard let bytes = try? FileReader.read(path: root + "/info/" + list, what: "dpkg file list") else {
                        continue
                    }
                    let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
                    let real = BinaryScanner.realPath(path)
                    if lines.contains(where: { $0 == path || $0 == real }) { return package }
                }
            }
            if let owner = owners(of: [path])[path] { return owner }
        }
        return nil
    }

    /// The folders pkg-config searches on Debian, after `PKG_CONFIG_PATH`.
    public static func pkgConfigFolders() -> [String] {
        var folders: [String] = []
        if let extra = getenv("PKG_CONFIG_PATH") {
            folders += String(cString: extra).split(separator: ":").map(String.init)
        }
        var uts = utsname()
        uname(&uts)
        let machine = withUnsafeBytes(of: uts.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let triple = machine == "aarch64" ? "aarch64-linux-gnu" : "\(machine)-linux-gnu"
        folders += [
            "/usr/local/lib/\(triple)/pkgconfig", "/usr/local/lib/pkgconfig", "/usr/local/share/pkgconfig",
            "/usr/lib/\(triple)/pkgconfig", "/usr/lib/pkgconfig", "/usr/share/pkgconfig",
        ]
        return folders
    }
}
