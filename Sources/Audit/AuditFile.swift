import FileSystem

/// The audit's input files, read whole through `FileSystem.BoundedFile` with the limit of their kind, and a
/// failure reported as ``AuditError/Code/io`` naming the file, what it was meant to be and (when too large)
/// the limit.
enum AuditFile {
    /// A configuration, key, signature or VEX document: 16 MiB.
    static let configurationLimit = 16 << 20
    /// A snapshot manifest (about 110 bytes per record file, over 100 MB for all of OSV): 1 GiB.
    static let manifestLimit = 1 << 30
    /// An SBOM, `Package.resolved`, dpkg status file or apt `Packages` list: 1 GiB.
    static let inventoryLimit = 1 << 30
    /// A record of the advisory database: the limit on one record of an OSV export.
    static let recordLimit = OSVExportLimits().maximumRecordBytes
    /// An advisory archive (`all.zip`): the limit on an OSV export archive.
    static let archiveLimit = OSVExportLimits().maximumArchiveBytes

    /// Reads `path`, at most `limit` bytes; `what` names it in the message ("the policy").
    /// - Throws: ``AuditError/Code/io``.
    static func read(_ path: String, what: String, limit: Int) throws(AuditError) -> [UInt8] {
        do {
            return try BoundedFile.read(path, limit: limit)
        } catch {
            throw AuditError(.io, "cannot read \(what): \(error)")
        }
    }
}
