import Zip

/// Bounds on what an OSV export (an `all.zip`) may be, so that a hostile or broken mirror cannot exhaust
/// memory or disk: the download's size, the archive's entry count, each record's size, the total
/// uncompressed size and the compression ratio (a zip bomb's tell).
///
/// The defaults leave room for osv.dev's largest per-ecosystem exports while refusing anything that expands
/// beyond what a record can be.
public struct OSVExportLimits: Hashable, Sendable {
    /// The largest download or local archive accepted, in bytes.
    public var maximumArchiveBytes: Int
    /// The most entries an archive may list.
    public var maximumEntries: Int
    /// The largest single record, uncompressed, in bytes.
    public var maximumRecordBytes: Int
    /// The largest total of all records, uncompressed, in bytes.
    public var maximumTotalBytes: Int
    /// The highest uncompressed-to-compressed ratio of any entry.
    public var maximumRatio: Int

    /// Creates limits; the defaults are 2 GiB archives, 2,000,000 entries, 8 MiB records, 16 GiB in total
    /// and a ratio of 200.
    public init(
        maximumArchiveBytes: Int = 2 << 30,
        maximumEntries: Int = 2_000_000,
        maximumRecordBytes: Int = 8 << 20,
        maximumTotalBytes: Int = 16 << 30,
        maximumRatio: Int = 200
    ) {
        self.maximumArchiveBytes = maximumArchiveBytes
        self.maximumEntries = maximumEntries
        self.maximumRecordBytes = maximumRecordBytes
        self.maximumTotalBytes = maximumTotalBytes
        self.maximumRatio = maximumRatio
    }

    /// The same bounds for the zip reader.
    var zipLimits: ZipLimits {
        ZipLimits(
            maximumArchiveBytes: maximumArchiveBytes,
            maximumEntries: maximumEntries,
            maximumEntryBytes: maximumRecordBytes,
            maximumTotalBytes: maximumTotalBytes,
            maximumRatio: maximumRatio
        )
    }
}
