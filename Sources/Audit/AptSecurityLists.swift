import Foundation
import SBOM

/// What apt's package lists say a security suite publishes (`bookworm-security` and the like): for each binary
/// package, the versions on offer. A Debian package installed at a lower version than one of them has a
/// security update published but not installed, a finding even before an OSV record names the flaw.
///
/// Read offline from `/var/lib/apt/lists`, as the last `apt-get update` left it: each `Release` or `InRelease`
/// file whose `Suite` or `Codename` ends in `-security` selects the `Packages` lists fetched next to it (same
/// file-name prefix). apt verified the signatures when it fetched them; Bot4 does not verify them again.
/// Lists apt stores compressed (`.lz4`, `.gz`, `.xz`, `.zst`, `.bz2`) are read through apt's own
/// `apt-helper cat-file`, so every compression apt can store is read by the code that wrote it.
///
/// Why the lists and not `apt-cache policy`: the lists name the suite a version comes from exactly (the
/// Release file's `Suite`/`Codename`, not a human-oriented table), one read covers every package, and the
/// parse needs no locale and no process per package.
public struct AptSecurityLists: Sendable, Hashable {
    /// One version of a binary package offered by a security suite.
    public struct Offer: Sendable, Hashable {
        /// The binary package's version.
        public var version: String
        /// Its architecture (`amd64`, `all`, …).
        public var architecture: String
        /// The suite's codename (`bookworm-security`), else its suite name.
        public var suite: String
        /// The `Packages` list it was read from.
        public var list: String

        /// Creates an offer.
        public init(version: String, architecture: String, suite: String, list: String) {
            self.version = version
            self.architecture = architecture
            self.suite = suite
            self.list = list
        }
    }

    /// A security suite that was read.
    public struct Suite: Sendable, Hashable {
        /// The codename (`bookworm-security`), else the suite name (`oldstable-security`).
        public var name: String
        /// The Release file's `Version` (`12`), when it has one.
        public var version: String?
        /// The Release file's `Date`, as written.
        public var date: String?
        /// The Release or InRelease file.
        public var releaseFile: String
        /// The `Packages` lists read for it.
        public var lists: [String]

        /// Creates a suite.
        public init(name: String, version: String?, date: String? = nil, releaseFile: String, lists: [String]) {
            self.name = name
            self.version = version
            self.date = date
            self.releaseFile = releaseFile
            self.lists = lists
        }
    }

    /// The default location of apt's lists.
    public static let defaultDirectory = "/var/lib/apt/lists"

    /// The security suites read.
    public var suites: [Suite]
    /// Offers by binary package name.
    public var offers: [String: [Offer]]

    /// Creates an index from parts.
    public init(suites: [Suite] = [], offers: [String: [Offer]] = [:]) {
        self.suites = suites
        self.offers = offers
    }

    /// The highest version a security suite offers for `package` above its installed binary version, if any.
    ///
    /// A package is compared only with offers of its own architecture (or `all`) when its architecture is
    /// known, and only with suites of its Debian release (`Debian:12` with a Release `Version: 12`) when both
    /// are known.
    public func pendingUpdate(for package: AuditedPackage) -> Offer? {
        guard package.ecosystem.family == .debian, let installed = package.binaryVersion ?? package.version else {
            return nil
        }
        let release = package.ecosystem.release
        let suiteVersions = Dictionary(suites.map { ($0.name, $0.version) }, uniquingKeysWith: { first, _ in first })
        var best: Offer?
        for offer in offers[package.displayName] ?? [] {
            if let architecture = package.architecture, offer.architecture != architecture,
                offer.architecture != "all"
            {
                continue
            }
            if let release, let suiteVersion = suiteVersions[offer.suite] ?? nil,
                suiteVersion.split(separator: ".").first.map(String.init) != release
            {
                continue
            }
            guard let order = VersionScheme.dpkg.compare(offer.version, installed), order > 0 else { continue }
            if let current = best, (VersionScheme.dpkg.compare(offer.version, current.version) ?? 0) <= 0 { continue }
            best = offer
        }
        return best
    }

    /// Reads every security suite's lists in `directory`; an index with no suites when there are none.
    /// - Throws: ``AuditError/Code/io`` when a selected list cannot be read or decompressed,
    ///   ``AuditError/Code/malformedInput`` when a Release or Packages file is not a control file.
    public static func load(directory: String = defaultDirectory) throws(AuditError) -> AptSecurityLists {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            return AptSecurityLists()
        }
        let folder = directory.hasSuffix("/") ? directory : directory + "/"
        var index = AptSecurityLists()
        var seenPrefixes: Set<String> = []
        for name in names {
            let prefix: String
            if name.hasSuffix("_InRelease") {
                prefix = String(name.dropLast("InRelease".count))
            } else if name.hasSuffix("_Release") {
                prefix = String(name.dropLast("Release".count))
            } else {
                continue
            }
            guard !seenPrefixes.contains(prefix) else { continue }
            let releasePath = folder + name
            let release = try AuditFile.read(
                releasePath,
                what: "an apt Release file",
                limit: AuditFile.configurationLimit
            )
            guard var suite = try parseRelease(release, source: releasePath) else { continue }
            seenPrefixes.insert(prefix)
            for list in names where list.hasPrefix(prefix) && isPackagesList(list) {
                let path = folder + list
                let bytes = try read(list: path)
                for entry in try parsePackages(bytes, source: path, suite: suite.name) {
                    index.offers[entry.package, default: []].append(entry.offer)
                }
                suite.lists.append(path)
            }
            index.suites.append(suite)
        }
        return index
    }

    /// The security suite a Release or InRelease file describes, or `nil` when it is not a security suite.
    /// The OpenPGP armour of an InRelease file is skipped, not verified (apt verified it).
    public static func parseRelease(_ bytes: [UInt8], source: String) throws(AuditError) -> Suite? {
        var body = bytes[...]
        var firstLine = 1
        let signature = Array("\n-----BEGIN PGP SIGNATURE-----".utf8)
        if body.starts(with: Array("-----BEGIN PGP SIGNED MESSAGE-----".utf8)) {
            // The armour header lines end at the first empty line; the signed text at the signature block.
            let blank = blankLine(in: body)
            firstLine += body[..<blank].count(where: { $0 == 0x0A }) + 1
            body = body[(blank < body.endIndex ? blank + 1 : blank)...]
            if let range = body.firstRange(of: signature) { body = body[..<range.lowerBound] }
        }
        // The first paragraph is the Release header; the hash lists are continuation lines of it.
        let header = try DpkgStatus.paragraphs(body[..<blankLine(in: body)], source: source, firstLine: firstLine)
        guard let header = header.first else {
            throw AuditError(.malformedInput, "\(source): no Release fields")
        }
        let codename = header["Codename"]
        let suite = header["Suite"]
        guard [codename, suite].contains(where: { $0?.hasSuffix("-security") == true }) else { return nil }
        guard let name = codename ?? suite else { return nil }
        return Suite(name: name, version: header["Version"], date: header["Date"], releaseFile: source, lists: [])
    }

    /// The offers of a `Packages` list (the paragraphs with `Package`, `Version` and `Architecture`).
    public static func parsePackages(
        _ bytes: [UInt8],
        source: String,
        suite: String
    ) throws(AuditError) -> [(package: String, offer: Offer)] {
        var result: [(package: String, offer: Offer)] = []
        let fields: Set<String> = ["package", "version", "architecture"]
        for paragraph in try DpkgStatus.paragraphs(bytes, source: source, keep: fields) {
            guard let package = paragraph["Package"], let version = paragraph["Version"] else {
                throw AuditError(
                    .malformedInput,
                    "\(source):\(paragraph.line): a paragraph without Package and Version fields"
                )
            }
            result.append(
                (
                    package,
                    Offer(version: version, architecture: paragraph["Architecture"] ?? "", suite: suite, list: source)
                )
            )
        }
        return result
    }

    /// The index of the newline that ends the first empty line of `bytes`, or its end.
    private static func blankLine(in bytes: ArraySlice<UInt8>) -> Int {
        var index = bytes.startIndex
        var lineStart = index
        while index < bytes.endIndex {
            if bytes[index] == 0x0A {
                if index == lineStart || (index == lineStart + 1 && bytes[lineStart] == 0x0D) { return index }
                lineStart = index + 1
            }
            index += 1
        }
        return index
    }

    private static let compressedSuffixes = [".lz4", ".gz", ".xz", ".zst", ".bz2", ".lzma"]

    private static func isPackagesList(_ name: String) -> Bool {
        guard name.contains("_binary-") else { return false }
        if name.hasSuffix("_Packages") { return true }
        return compressedSuffixes.contains { name.hasSuffix("_Packages" + $0) }
    }

    private static func read(list path: String) throws(AuditError) -> [UInt8] {
        if path.hasSuffix("_Packages") {
            return try AuditFile.read(path, what: "an apt Packages list", limit: AuditFile.inventoryLimit)
        }
        do throws(SBOMError) {
            return try ToolRunner().run("/usr/lib/apt/apt-helper", ["cat-file", path])
        } catch {
            throw AuditError(.io, "\(path): cannot decompress with apt-helper", underlying: error)
        }
    }
}
