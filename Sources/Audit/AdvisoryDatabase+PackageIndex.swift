import Digest
import Foundation

extension AdvisoryDatabase {
    /// Reads a signed snapshot folder through its package index: only the records of `packages`.
    ///
    /// The manifest's signature is already verified. The index must hash to the manifest's `index.sha256`;
    /// every record file it lists for `packages`, and every other copy of the same advisory (a file of the
    /// same name in another ecosystem's folder, so that duplicates resolve as in the full load), must be in
    /// the manifest, present, and hash to its entry there.
    /// - Throws: ``AuditError/Code/databaseUnusable`` naming the index or the record file at fault.
    static func loadIndexed(
        _ folder: String,
        manifest bytes: [UInt8],
        outline: SnapshotManifest.Outline,
        packages: [AuditedPackage]
    ) throws(AuditError) -> AdvisoryDatabase {
        let manifestPath = folder + "/" + SnapshotManifest.fileName
        var wanted = Set<IndexKey>()
        for package in packages {
            if case .other = package.ecosystem.family { continue }
            let family = package.ecosystem.family
            wanted.insert(
                IndexKey(
                    family: family,
                    name: family == .swiftURL ? SwiftPackageName(package.name).canonical : package.name
                )
            )
        }
        let indexPath = folder + "/" + outline.indexPath
        guard FileManager.default.fileExists(atPath: indexPath) else {
            throw AuditError(
                .databaseUnusable,
                "\(indexPath): the package index named in the signed manifest is missing"
            )
        }
        let (digest, listed) = try AdvisoryPackageIndex.lookUp(path: indexPath, wanted: wanted)
        guard digest == outline.indexDigest.lowercased() else {
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
        var database = AdvisoryDatabase(records: records, snapshotDate: outline.taken, warnings: warnings)
        database.recordCount = count
        database.readThroughPackageIndex = true
        return database
    }

}
