/// Bounds on what a zip archive may be, so that a hostile or broken file cannot exhaust memory, disk or time:
/// the file's size, the number of entries, each entry's uncompressed size, the total uncompressed size and
/// the compression ratio (a zip bomb's tell).
public struct ZipLimits: Hashable, Sendable {
    /// The largest archive accepted, in bytes.
    public var maximumArchiveBytes: Int
    /// The most entries the central directory may list (directories included).
    public var maximumEntries: Int
    /// The largest single entry, uncompressed, in bytes.
    public var maximumEntryBytes: Int
    /// The largest total of all entries, uncompressed, in bytes.
    public var maximumTotalBytes: Int
    /// The highest uncompressed-to-compressed ratio of any entry.
    public var maximumRatio: Int

    /// Creates limits.
    public init(
        maximumArchiveBytes: Int,
        maximumEntries: Int,
        maximumEntryBytes: Int,
        maximumTotalBytes: Int,
        maximumRatio: Int
    ) {
        self.maximumArchiveBytes = maximumArchiveBytes
        self.maximumEntries = maximumEntries
        self.maximumEntryBytes = maximumEntryBytes
        self.maximumTotalBytes = maximumTotalBytes
        self.maximumRatio = maximumRatio
    }
}
