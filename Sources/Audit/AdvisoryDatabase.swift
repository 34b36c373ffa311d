import Digest
import Foundation
import Minisign
import Zip

/// An offline OSV advisory database: a folder of records (any depth) or osv.dev's per-ecosystem `all.zip`.
///
/// Loading skips a malformed record with a warning naming its file, drops withdrawn records, keeps the
/// authoritative copy of a duplicated id (the later `modified`), and indexes affected packages by ecosystem
/// family and canonical name. With a public key, the snapshot's minisign signature is verified before any
/// record is read.
///
/// Given the packages to audit, a record that names none of them is only skimmed for what deduplication and the
/// counts need (a malformed one is then not reported, as it would not be read through an index either); and
/// a signed snapshot folder whose manifest names a package index
/// (``AdvisoryPackageIndex``, written by `seal advisories update`) is read through it: the index's SHA-256 is
/// checked against the signed manifest, then only the record files it lists for those packages (and the other
/// copies of the same advisory ids) are read and hash-checked. The findings are those of the full load.
public struct AdvisoryDatabase: Sendable {
    /// The usable (not withdrawn, deduplicated) records.
    public let records: [OSVRecord]
    /// Records dropped because they were withdrawn.
    public let withdrawnCount: Int
    /// Problems that did not stop loading (malformed records, unknown ecosystems).
    public let warnings: [String]
    /// The date the snapshot was taken: the manifest's `taken`, else the newest `modified` of any record.
    public let snapshotDate: Date?
    /// Whether a signature was verified.
    public internal(set) var signatureVerified: Bool
    /// The records in the database: ``records``' count, or, read through a package index, the record files its
    /// signed manifest lists (of which ``records`` holds those of the audited packages).
    public internal(set) var recordCount: Int
    /// Whether only the audited packages' records were read, through the snapshot's package index.
    public internal(set) var readThroughPackageIndex = false

    private let index: [IndexKey: [Entry]]

    /// An index key: ecosystem family and the name in its canonical form.
    struct IndexKey: Hashable {
        let family: Ecosystem.Family
        let name: String
    }

    /// One affected entry of one record.
    struct Entry {
        let record: Int
        let affected: Int
    }

    /// Builds a database from records already in memory (for tests and merging).
    public init(records input: [OSVRecord], snapshotDate: Date? = nil, warnings: [String] = []) {
        self.init(loaded: input.map { .parsed($0) }, snapshotDate: snapshotDate, warnings: warnings)
    }

    /// A record as a load read it: parsed, or skimmed because it names none of the audited packages.
    enum LoadedRecord: Sendable {
        case parsed(OSVRecord)
        case skimmed(OSVRecordSkim)

        var id: String {
            switch self {
            case .parsed(let record): record.id
            case .skimmed(let skim): skim.id
            }
        }

        var modified: String {
            switch self {
            case .parsed(let record): record.modified
            case .skimmed(let skim): skim.modified
            }
        }

        var isWithdrawn: Bool {
            switch self {
            case .parsed(let record): record.withdrawn != nil
            case .skimmed(let skim): skim.withdrawn
            }
        }

        var ecosystems: [Ecosystem] {
            switch self {
            case .parsed(let record): record.affected.map(\.ecosystem)
            case .skimmed(let skim): skim.packages.map { Ecosystem(osv: $0.ecosystem) }
            }
        }
    }

    /// Builds a database from the records of a load, in file order: a duplicated id keeps its later
    /// `modified` (the first of equals), withdrawn records are counted and dropped, and skimmed records count
    /// as records (and date the snapshot) without being indexed, since they name no audited package.
    init(loaded input: [LoadedRecord], snapshotDate: Date? = nil, warnings: [String] = []) {
        var warnings = warnings
        var byID: [String: Int] = [:]
        var kept: [LoadedRecord] = []
        for record in input {
            if let existing = byID[record.id] {
                if Self.isNewer(record.modified, than: kept[existing].modified) { kept[existing] = record }
            } else {
                byID[record.id] = kept.count
                kept.append(record)
            }
        }
        var records: [OSVRecord] = []
        var skimmed = 0
        var withdrawn = 0
        var unknown: [String: Int] = [:]
        var index: [IndexKey: [Entry]] = [:]
        var newest: String?
        for loaded in kept {
            if newest == nil || Self.isNewer(loaded.modified, than: newest!) { newest = loaded.modified }
            if loaded.isWithdrawn {
                withdrawn += 1
                continue
            }
            for ecosystem in loaded.ecosystems {
                if case .other(let name) = ecosystem.family { unknown[name, default: 0] += 1 }
            }
            guard case .parsed(let record) = loaded else {
                skimmed += 1
                continue
            }
            let position = records.count
            for (a, affected) in record.affected.enumerated() {
                if case .other = affected.ecosystem.family { continue }
                let key = IndexKey(family: affected.ecosystem.family, name: Self.canonical(affected))
                index[key, default: []].append(Entry(record: position, affected: a))
            }
            records.append(record)
        }
        for (name, count) in unknown.sorted(by: { $0.key < $1.key }) {
            warnings.append("\(count) affected entries are for ecosystem '\(name)', which Bot4 does not match")
        }
        self.records = records
        self.withdrawnCount = withdrawn
        self.index = index
        self.warnings = warnings
        self.snapshotDate = snapshotDate ?? newest.flatMap(RFC3339.date)
        self.signatureVerified = false
        self.recordCount = records.count + skimmed
    }

    /// The index keys of `packages` (those of a family Bot4 matches).
    static func indexKeys(of packages: [AuditedPackage]) -> Set<IndexKey> {
        var keys = Set<IndexKey>()
        for package in packages {
            let family = package.ecosystem.family
            if case .other = family { continue }
            keys.insert(
                IndexKey(
                    family: family,
                    name: family == .swiftURL ? SwiftPackageName(package.name).canonical : package.name
                )
            )
        }
        return keys
    }

    /// Whether a skimmed record names one of `wanted` in an affected entry.
    static func names(_ skim: OSVRecordSkim, anyOf wanted: Set<IndexKey>) -> Bool {
        skim.packages.contains { package in
            let family = Ecosystem(osv: package.ecosystem).family
            if case .other = family { return false }
            let name = family == .swiftURL ? SwiftPackageName(package.name).canonical : package.name
            return wanted.contains(IndexKey(family: family, name: name))
        }
    }

    /// The start of a warning about a record that could not be read (and so audits nothing).
    public static let skippedPrefix = "skipped: "

    /// The records (or archive entries) that could not be read, each with why.
    public var unreadableRecords: [String] {
        warnings.filter { $0.hasPrefix(Self.skippedPrefix) }.map { String($0.dropFirst(Self.skippedPrefix.count)) }
    }

    /// Loads a folder or an `all.zip`, verifying the snapshot signature with `publicKey` when one is given.
    /// - Parameter packages: the packages that will be audited; when given, a signed snapshot folder with a
    ///   package index is read through it (only their records), and in any other database a record that names
    ///   none of them is skimmed (``OSVRecordSkim``: its id, dates and packages) instead of parsed. nil: every
    ///   record is parsed.
    public static func load(
        path: String,
        publicKey: PublicKey? = nil,
        packages: [AuditedPackage]? = nil
    ) throws(AuditError) -> AdvisoryDatabase {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AuditError(.databaseUnusable, "\(path): advisory database not found")
        }
        var database =
            isDirectory.boolValue
            ? try loadFolder(path, publicKey: publicKey, packages: packages)
            : try loadZip(path, publicKey: publicKey, wanted: packages.map(indexKeys))
        guard database.recordCount > 0 || database.withdrawnCount > 0 || database.readThroughPackageIndex else {
            throw AuditError(.databaseUnusable, "\(path): no usable OSV records")
        }
        database.signatureVerified = publicKey != nil
        return database
    }

    private static func loadFolder(
        _ folder: String,
        publicKey: PublicKey?,
        packages: [AuditedPackage]?
    ) throws(AuditError) -> AdvisoryDatabase {
        let manifestPath = folder + "/" + SnapshotManifest.fileName
        var manifest: SnapshotManifest?
        if FileManager.default.fileExists(atPath: manifestPath) {
            let bytes = try AuditFile.read(
                manifestPath,
                what: "the snapshot manifest",
                limit: AuditFile.manifestLimit
            )
            if let publicKey, let packages {
                if let reading = try planIndexedReading(
                    folder,
                    manifest: bytes,
                    publicKey: publicKey,
                    packages: packages
                ) {
                    return try loadIndexed(folder, reading)
                }
            } else if let publicKey {
                try verify(bytes, signaturePath: folder + "/" + SnapshotManifest.signatureFileName, key: publicKey)
            }
            manifest = try SnapshotManifest(bytes: bytes, source: manifestPath)
        } else if publicKey != nil {
            throw AuditError(
                .databaseUnusable,
                "\(folder): a signature key is set but the folder has no \(SnapshotManifest.fileName) to verify"
            )
        }
        let files = try recordFiles(in: folder)
        if let manifest, publicKey != nil {
            let unlisted = Set(files).subtracting(manifest.files.keys)
            if let first = unlisted.sorted().first {
                throw AuditError(.databaseUnusable, "\(folder)/\(first): not listed in the signed manifest")
            }
        }
        let (records, warnings) = try readRecords(
            folder,
            files,
            digests: publicKey != nil ? manifest?.files : nil,
            wanted: packages.map(indexKeys)
        )
        if let manifest, publicKey != nil {
            let missing = Set(manifest.files.keys).subtracting(files)
            if let first = missing.sorted().first {
                throw AuditError(.databaseUnusable, "\(folder)/\(first): listed in the signed manifest but missing")
            }
        }
        return AdvisoryDatabase(loaded: records, snapshotDate: manifest?.taken, warnings: warnings)
    }

    private static func loadZip(
        _ path: String,
        publicKey: PublicKey?,
        wanted: Set<IndexKey>?
    ) throws(AuditError) -> AdvisoryDatabase {
        if let publicKey {
            try verify(
                try AuditFile.read(path, what: "the advisory archive", limit: AuditFile.archiveLimit),
                signaturePath: path + ".minisig",
                key: publicKey
            )
        }
        // The same reader and limits as `seal advisories update`: a hostile archive is refused before inflating.
        let archive: ZipArchive
        do throws(ZipError) {
            archive = try ZipArchive(path: path, limits: OSVExportLimits().zipLimits)
        } catch {
            throw AuditError(error.code == .io ? .io : .databaseUnusable, "", underlying: error)
        }
        // Entries are read on every core (the archive's reads are positioned), kept in archive order.
        let entries = archive.entries.filter { !$0.isDirectory && $0.name.hasSuffix(".json") }
        let outcomes = inParallel(entries.count) { item in
            Result { () throws(ZipError) in try archive.contents(of: entries[item]) }
                .mapError { AuditError(.databaseUnusable, $0.message) }
                .flatMap { read($0, source: "\(path)!\(entries[item].name)", wanted: wanted) }
        }
        var records: [LoadedRecord] = []
        var warnings: [String] = []
        for outcome in outcomes {
            switch outcome {
            case .success(let record): records.append(record)
            case .failure(let error): warnings.append("\(Self.skippedPrefix)\(error.message)")
            }
        }
        return AdvisoryDatabase(loaded: records, warnings: warnings)
    }

    /// One record's bytes: skimmed when `wanted` is given and the record names none of those packages,
    /// else parsed.
    static func read(_ bytes: [UInt8], source: String, wanted: Set<IndexKey>?) -> Result<LoadedRecord, AuditError> {
        bytes.withUnsafeBufferPointer { buffer in
            if let wanted, let skim = OSVRecordSkim.read(buffer), !names(skim, anyOf: wanted) {
                return .success(.skimmed(skim))
            }
            return Result { () throws(AuditError) in .parsed(try OSVParser.parse(buffer, source: source)) }
        }
    }

    static func verify(_ bytes: [UInt8], signaturePath: String, key: PublicKey) throws(AuditError) {
        guard FileManager.default.fileExists(atPath: signaturePath) else {
            throw AuditError(.databaseUnusable, "\(signaturePath): the snapshot signature is missing")
        }
        let signatureBytes = try AuditFile.read(
            signaturePath,
            what: "the snapshot signature",
            limit: AuditFile.configurationLimit
        )
        let signature: Signature
        do throws(MinisignError) {
            signature = try Signature(fileContents: signatureBytes, source: signaturePath)
        } catch {
            throw AuditError(.databaseUnusable, "", underlying: error)
        }
        let verdict = bytes.withUnsafeBytes { Verifier(publicKey: key).verify(signature, message: $0) }
        guard verdict.isVerified else {
            throw AuditError(.databaseUnusable, "\(signaturePath): \(verdict.message)")
        }
    }

    /// The affected entries that name `name` in a matching ecosystem family.
    func entries(family: Ecosystem.Family, name: String) -> [(record: OSVRecord, affected: OSVAffected)] {
        let canonical = family == .swiftURL ? SwiftPackageName(name).canonical : name
        return (index[IndexKey(family: family, name: canonical)] ?? []).map {
            (records[$0.record], records[$0.record].affected[$0.affected])
        }
    }

    private static func canonical(_ affected: OSVAffected) -> String {
        affected.ecosystem.family == .swiftURL ? SwiftPackageName(affected.name).canonical : affected.name
    }

    /// RFC 3339 UTC stamps compare as text once both are in the same shape; fall back to parsing.
    static func isNewer(_ a: String, than b: String) -> Bool {
        if a.count == b.count, a.hasSuffix("Z"), b.hasSuffix("Z") { return a > b }
        guard let left = RFC3339.date(a), let right = RFC3339.date(b) else { return a > b }
        return left > right
    }
}
