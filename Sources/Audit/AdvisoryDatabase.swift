import Digest
import Foundation
import Minisign
import Zip

#if canImport(Glibc)
import Glibc
#endif

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

        /// The key of `name` in `family`: a SwiftURL name in its canonical form, any other as it is.
        init(family: Ecosystem.Family, rawName name: String) {
            self.family = family
            self.name = family == .swiftURL ? SwiftPackageName(name).canonical : name
        }
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

    /// A record as a load read it: parsed, or skimmed because it names none of the audited packages. What
    /// deduplication and the counts need is taken out on the thread that read it.
    struct LoadedRecord: Sendable {
        let id: String
        let modified: String
        let isWithdrawn: Bool
        /// The ecosystem of each affected entry that names one Bot4 does not match (usually none).
        let unmatchedEcosystems: [String]
        /// The record, when it was parsed; nil when it was skimmed.
        let record: OSVRecord?

        static func parsed(_ record: OSVRecord) -> LoadedRecord {
            LoadedRecord(
                id: record.id,
                modified: record.modified,
                isWithdrawn: record.withdrawn != nil,
                unmatchedEcosystems: record.affected.compactMap(\.ecosystem.unmatchedName),
                record: record
            )
        }

        static func skimmed(_ skim: OSVRecordSkim) -> LoadedRecord {
            LoadedRecord(
                id: skim.id,
                modified: skim.modified,
                isWithdrawn: skim.withdrawn,
                unmatchedEcosystems: skim.packages.compactMap { Ecosystem(osv: $0.ecosystem).unmatchedName },
                record: nil
            )
        }
    }

    /// Builds a database from the records of a load, in file order: a duplicated id keeps its later
    /// `modified` (the first of equals), withdrawn records are counted and dropped, and skimmed records count
    /// as records (and date the snapshot) without being indexed, since they name no audited package.
    init(loaded input: [LoadedRecord], snapshotDate: Date? = nil, warnings: [String] = []) {
        var warnings = warnings
        // Positions in `input` of the copy each id keeps.
        var byID: [String: Int] = [:]
        byID.reserveCapacity(input.count)
        var kept: [Int] = []
        kept.reserveCapacity(input.count)
        for position in input.indices {
            let id = input[position].id
            if let existing = byID.updateValue(kept.count, forKey: id) {
                byID[id] = existing
                if Self.isNewer(input[position].modified, than: input[kept[existing]].modified) {
                    kept[existing] = position
                }
            } else {
                kept.append(position)
            }
        }
        var records: [OSVRecord] = []
        var skimmed = 0
        var withdrawn = 0
        var unknown: [String: Int] = [:]
        var index: [IndexKey: [Entry]] = [:]
        var newest: String?
        for position in kept {
            let loaded = input[position]
            if newest == nil || Self.isNewer(loaded.modified, than: newest!) { newest = loaded.modified }
            if loaded.isWithdrawn {
                withdrawn += 1
                continue
            }
            for name in loaded.unmatchedEcosystems { unknown[name, default: 0] += 1 }
            guard let record = loaded.record else {
                skimmed += 1
                continue
            }
            let position = records.count
            for (a, affected) in record.affected.enumerated() where affected.ecosystem.unmatchedName == nil {
                let key = IndexKey(family: affected.ecosystem.family, rawName: affected.name)
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
        for package in packages where package.ecosystem.unmatchedName == nil {
            keys.insert(IndexKey(family: package.ecosystem.family, rawName: package.name))
        }
        return keys
    }

    /// Whether a skimmed record names one of `wanted` in an affected entry.
    static func names(_ skim: OSVRecordSkim, anyOf wanted: Set<IndexKey>) -> Bool {
        skim.packages.contains { package in
            let ecosystem = Ecosystem(osv: package.ecosystem)
            return ecosystem.unmatchedName == nil
                && wanted.contains(IndexKey(family: ecosystem.family, rawName: package.name))
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
        let wanted = packages.map(indexKeys)
        guard FileManager.default.fileExists(atPath: manifestPath) else {
            if publicKey != nil {
                throw AuditError(
                    .databaseUnusable,
                    "\(folder): a signature key is set but the folder has no \(SnapshotManifest.fileName) to verify"
                )
            }
            let (records, warnings) = try readRecords(folder, try recordFiles(in: folder), wanted: wanted)
            return AdvisoryDatabase(loaded: records, warnings: warnings)
        }
        let bytes = try AuditFile.read(manifestPath, what: "the snapshot manifest", limit: AuditFile.manifestLimit)
        guard let publicKey else {
            // Unsigned: the manifest only dates the snapshot.
            let manifest = try SnapshotManifest(bytes: bytes, source: manifestPath)
            let (records, warnings) = try readRecords(folder, try recordFiles(in: folder), wanted: wanted)
            return AdvisoryDatabase(loaded: records, snapshotDate: manifest.taken, warnings: warnings)
        }
        if let packages {
            if let reading = try planIndexedReading(folder, manifest: bytes, publicKey: publicKey, packages: packages) {
                return try loadIndexed(folder, reading)
            }
        } else {
            try verify(bytes, signaturePath: folder + "/" + SnapshotManifest.signatureFileName, key: publicKey)
        }
        return try loadSigned(folder, manifest: bytes, wanted: wanted)
    }

    private static func loadZip(
        _ path: String,
        publicKey: PublicKey?,
        wanted: Set<IndexKey>?
    ) throws(AuditError) -> AdvisoryDatabase {
        if let publicKey { try verifyArchive(path, key: publicKey) }
        // The same reader and limits as `seal advisories update`: a hostile archive is refused before inflating.
        let archive: ZipArchive
        do throws(ZipError) {
            archive = try ZipArchive(path: path, limits: OSVExportLimits().zipLimits)
        } catch {
            throw AuditError(error.code == .io ? .io : .databaseUnusable, "", underlying: error)
        }
        // Entries are read on every core (the archive's reads are positioned), kept in archive order.
        let entries = archive.entries.filter { !$0.isDirectory && $0.name.hasSuffix(".json") }
        var outcomes = inParallel(entries.count) { item in
            Result { () throws(ZipError) in try archive.contents(of: entries[item]) }
                .mapError { AuditError(.databaseUnusable, $0.message) }
                .flatMap { read($0, source: "\(path)!\(entries[item].name)", wanted: wanted) }
        }
        var records: [LoadedRecord] = []
        records.reserveCapacity(entries.count)
        var warnings: [String] = []
        for item in outcomes.indices {
            switch outcomes[item].take() {  // moved out, not copied
            case .success(let record)?: records.append(record)
            case .failure(let error)?: warnings.append("\(Self.skippedPrefix)\(error.message)")
            case nil: break
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
        let signature = try snapshotSignature(signaturePath)
        let verdict = bytes.withUnsafeBytes { Verifier(publicKey: key).verify(signature, message: $0) }
        guard verdict.isVerified else {
            throw AuditError(.databaseUnusable, "\(signaturePath): \(verdict.message)")
        }
    }

    /// Verifies an `all.zip` against `PATH.minisig`, streaming it (an archive of all of OSV is hundreds of
    /// megabytes): a regular file within the archive limit, before any of it is read as a zip.
    static func verifyArchive(_ path: String, key: PublicKey) throws(AuditError) {
        let signaturePath = path + ".minisig"
        let signature = try snapshotSignature(signaturePath)
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw AuditError(.io, "cannot read the advisory archive: \(path): not a regular file")
        }
        guard Int(status.st_size) <= AuditFile.archiveLimit else {
            throw AuditError(
                .io,
                "cannot read the advisory archive: \(path): larger than \(AuditFile.archiveLimit) bytes (the limit)"
            )
        }
        let verdict: Verification
        do {
            verdict = try Verifier(publicKey: key).verify(signature, file: path)
        } catch {
            throw AuditError(.io, "cannot read the advisory archive: \(error)")
        }
        guard verdict.isVerified else {
            throw AuditError(.databaseUnusable, "\(signaturePath): \(verdict.message)")
        }
    }

    /// The snapshot's minisign signature at `signaturePath`.
    private static func snapshotSignature(_ signaturePath: String) throws(AuditError) -> Signature {
        guard FileManager.default.fileExists(atPath: signaturePath) else {
            throw AuditError(.databaseUnusable, "\(signaturePath): the snapshot signature is missing")
        }
        let signatureBytes = try AuditFile.read(
            signaturePath,
            what: "the snapshot signature",
            limit: AuditFile.configurationLimit
        )
        do throws(MinisignError) {
            return try Signature(fileContents: signatureBytes, source: signaturePath)
        } catch {
            throw AuditError(.databaseUnusable, "", underlying: error)
        }
    }

    /// The affected entries that name `name` in a matching ecosystem family.
    func entries(family: Ecosystem.Family, name: String) -> [(record: OSVRecord, affected: OSVAffected)] {
        (index[IndexKey(family: family, rawName: name)] ?? []).map {
            (records[$0.record], records[$0.record].affected[$0.affected])
        }
    }

    /// RFC 3339 UTC stamps compare as text once both are in the same shape; fall back to parsing.
    static func isNewer(_ a: String, than b: String) -> Bool {
        if a.utf8.count == b.utf8.count, a.hasSuffix("Z"), b.hasSuffix("Z") { return a > b }
        guard let left = RFC3339.date(a), let right = RFC3339.date(b) else { return a > b }
        return left > right
    }
}
