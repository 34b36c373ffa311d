import Digest
import Foundation
import Minisign

extension AdvisoryDatabase {
    /// What reading a snapshot through its package index will read: the record files with their digests
    /// in the signed manifest.
    struct IndexedReading {
        let taken: Date
        let digests: [String: String]
        /// The record files the manifest lists in all.
        let count: Int
    }

    /// Verifies the manifest's signature and, at the same time on another thread, plans the reading through
    /// the package index; nil when the manifest names no index. No record is read before the signature is
    /// verified, and a bad signature is the error reported whatever the plan found.
    static func planIndexedReading(
        _ folder: String,
        manifest bytes: [UInt8],
        publicKey: PublicKey,
        packages: [AuditedPackage]
    ) throws(AuditError) -> IndexedReading? {
        let (verified, plan) = inBoth(
            {
                Result { () throws(AuditError) in
                    try verify(bytes, signaturePath: folder + "/" + SnapshotManifest.signatureFileName, key: publicKey)
                }
            },
            {
                Result { () throws(AuditError) -> IndexedReading? in
                    let manifestPath = folder + "/" + SnapshotManifest.fileName
                    let outline = try SnapshotManifest.outline(bytes, source: manifestPath)
                    guard let index = outline.index else { return nil }
                    return try planIndexedReading(
                        folder,
                        manifest: bytes,
                        outline: outline,
                        index: index,
                        packages: packages
                    )
                }
            }
        )
        try verified.get()
        return try plan.get()
    }

    /// The record files the package index lists for `packages`, and every other copy of the same advisory (a
    /// file of the same name in another ecosystem's folder, so that duplicates resolve as in the full load),
    /// with their digests. The index must hash to the manifest's `index.sha256`, and every file be in it.
    private static func planIndexedReading(
        _ folder: String,
        manifest bytes: [UInt8],
        outline: SnapshotManifest.Outline,
        index: SnapshotManifest.IndexReference,
        packages: [AuditedPackage]
    ) throws(AuditError) -> IndexedReading {
        let manifestPath = folder + "/" + SnapshotManifest.fileName
        let wanted = indexKeys(of: packages)
        let indexPath = folder + "/" + index.path
        guard FileManager.default.fileExists(atPath: indexPath) else {
            throw AuditError(
                .databaseUnusable,
                "\(indexPath): the package index named in the signed manifest is missing"
            )
        }
        let (digest, listed) = try AdvisoryPackageIndex.lookUp(path: indexPath, wanted: wanted)
        guard digest == index.digest.lowercased() else {
            throw AuditError(.databaseUnusable, "\(indexPath): SHA-256 does not match the signed manifest")
        }
        let (digests, count) = try SnapshotManifest.digests(
            bytes,
            outline: outline,
            source: manifestPath,
            files: listed
        )
        if let unlisted = listed.subtracting(digests.keys).sorted().first {
            throw AuditError(
                .databaseUnusable,
                "\(folder)/\(unlisted): listed in the package index but not in the signed manifest"
            )
        }
        return IndexedReading(taken: outline.taken, digests: digests, count: count)
    }

    /// Reads a signed snapshot folder through its package index, as `reading` plans: each record file must
    /// be present and hash to its entry in the signed manifest.
    /// - Throws: ``AuditError/Code/databaseUnusable`` naming the record file at fault.
    static func loadIndexed(_ folder: String, _ reading: IndexedReading) throws(AuditError) -> AdvisoryDatabase {
        let digests = reading.digests
        var records: [OSVRecord] = []
        var warnings: [String] = []
        for relative in digests.keys.sorted() {
            let path = folder + "/" + relative
            guard FileManager.default.fileExists(atPath: path) else {
                throw AuditError(.databaseUnusable, "\(path): listed in the signed manifest but missing")
            }
            let bytes = try AuditFile.read(path, what: "an advisory record", limit: AuditFile.recordLimit)
            guard SnapshotManifest.hex(HashFunction.hash(.sha256, bytes)) == digests[relative] else {
                throw AuditError(.databaseUnusable, "\(path): SHA-256 does not match the signed manifest")
            }
            do throws(AuditError) {
                records.append(try OSVParser.parse(bytes, source: path))
            } catch {
                warnings.append("\(Self.skippedPrefix)\(error.message)")
            }
        }
        var database = AdvisoryDatabase(records: records, snapshotDate: reading.taken, warnings: warnings)
        database.recordCount = reading.count
        database.readThroughPackageIndex = true
        return database
    }

}
