import Foundation

/// A zip archive read by its central directory, every entry checked against the file before any byte is
/// inflated.
///
/// Opening reads the end-of-central-directory record (and the ZIP64 end record of an archive of more than 65,535
/// entries; multi-disk archives, and entries whose own sizes or offsets need ZIP64, are refused), then each
/// central-directory entry and its local header, and refuses the archive unless every entry's data lies inside
/// the file before the central directory, no two entries overlap, the local header agrees with the central
/// one, and the declared sizes, count, total and ratio are within ``ZipLimits``. ``contents(of:)`` then
/// inflates one entry, never producing more than it declared and checking its length and CRC-32.
///
/// An opened archive is immutable and its reads are positioned (pread(2)): entries may be read from several
/// threads at once.
public final class ZipArchive: @unchecked Sendable {
    /// One file or directory the central directory lists, with its data's place in the file.
    public struct Entry: Hashable, Sendable {
        /// The name as stored (UTF-8), with `/` separators.
        public let name: String
        /// True for a directory entry (a name ending in `/`).
        public let isDirectory: Bool
        /// The compression method: 0 (stored) or 8 (deflate) are extracted; others are refused.
        public let method: UInt16
        /// The general-purpose flags (bit 0: encrypted).
        public let flags: UInt16
        /// The CRC-32 of the uncompressed bytes.
        public let crc32: UInt32
        /// The compressed size in bytes.
        public let compressedSize: Int
        /// The declared uncompressed size in bytes.
        public let uncompressedSize: Int
        /// Where the compressed data starts in the file.
        let dataOffset: Int
    }

    /// What messages call the archive: its path, or the name given (the address it was downloaded from).
    public let name: String
    /// The limits the archive was opened with.
    public let limits: ZipLimits
    /// The entries in central-directory order.
    public let entries: [Entry]
    private let handle: FileHandle
    private let size: Int

    /// Opens and checks the archive at `path`; messages call it `name` when one is given.
    /// - Throws: ``ZipError`` naming the archive, the entry and the record or limit at fault.
    public init(path realPath: String, limits: ZipLimits, name: String? = nil) throws(ZipError) {
        let path = name ?? realPath
        // Close-on-exec (`FileHandle(forReadingAtPath:)` is not): a child started meanwhile cannot inherit it.
        let fd = open(realPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ZipError(.io, "\(path): cannot open the archive") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        self.name = path
        self.limits = limits
        self.handle = handle
        do {
            self.size = Int(try handle.seekToEnd())
        } catch {
            throw ZipError(.io, "\(path): cannot read the archive")
        }
        guard size <= limits.maximumArchiveBytes else {
            throw ZipError(
                .limitExceeded,
                "\(path): \(size) bytes, more than the limit of \(limits.maximumArchiveBytes)"
            )
        }
        let directory = try Self.locateDirectory(handle: handle, size: size, path: path, limits: limits)
        self.entries = try Self.readEntries(handle: handle, directory: directory, path: path, limits: limits)
    }

    deinit { try? handle.close() }

    /// Where the central directory is, from the end-of-central-directory record.
    struct Directory {
        let offset: Int
        let size: Int
        let count: Int
    }

    private static let endRecordLength = 22
    private static let centralHeaderLength = 46
    private static let localHeaderLength = 30

    /// Finds the end-of-central-directory record: the last signature whose comment runs exactly to the end.
    private static func locateDirectory(
        handle: FileHandle,
        size: Int,
        path: String,
        limits: ZipLimits
    ) throws(ZipError) -> Directory {
        guard size >= endRecordLength else {
            throw ZipError(.notZip, "\(path): not a zip archive (\(size) bytes, shorter than an end record)")
        }
        let tailLength = min(size, endRecordLength + Int(UInt16.max))
        let tail = try read(handle, at: size - tailLength, count: tailLength, path: path, what: "the end record")
        var found: Int?
        var candidate = tail.count - endRecordLength
        while candidate >= 0 {
            if tail.uint32(at: candidate) == 0x0605_4b50,
                candidate + endRecordLength + Int(tail.uint16(at: candidate + 20)) == tail.count
            {
                found = candidate
                break
            }
            candidate -= 1
        }
        guard let at = found else {
            throw ZipError(.notZip, "\(path): not a zip archive (no end-of-central-directory record)")
        }
        let recordOffset = size - tailLength + at
        let disk = tail.uint16(at: at + 4)
        let directoryDisk = tail.uint16(at: at + 6)
        let onDisk = tail.uint16(at: at + 8)
        let total = tail.uint16(at: at + 10)
        let directorySize = tail.uint32(at: at + 12)
        let directoryOffset = tail.uint32(at: at + 16)
        let locator =
            recordOffset >= zip64LocatorLength
            ? try read(
                handle,
                at: recordOffset - zip64LocatorLength,
                count: zip64LocatorLength,
                path: path,
                what: "the bytes before the end record"
            ) : []
        if locator.count == zip64LocatorLength, locator.uint32(at: 0) == 0x0706_4b50 {
            let directory = try locateZIP64Directory(
                handle: handle,
                locator: locator,
                locatorOffset: recordOffset - zip64LocatorLength,
                path: path,
                limits: limits
            )
            // The end record's own fields are either the ZIP64 marker or the same values: two readers must
            // never find two directories in one file.
            guard
                (total == 0xFFFF || Int(total) == directory.count) && (onDisk == total)
                    && (directorySize == 0xFFFF_FFFF || Int(directorySize) == directory.size)
                    && (directoryOffset == 0xFFFF_FFFF || Int(directoryOffset) == directory.offset)
                    && (disk == 0 || disk == 0xFFFF) && (directoryDisk == 0 || directoryDisk == 0xFFFF)
            else {
                throw ZipError(.malformed, "\(path): the end record disagrees with the ZIP64 end record")
            }
            return directory
        }
        if total == 0xFFFF || onDisk == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw ZipError(
                .malformed,
                "\(path): the end record declares ZIP64 values, but no ZIP64 locator precedes it"
            )
        }
        guard disk == 0, directoryDisk == 0, onDisk == total else {
            throw ZipError(.unsupported, "\(path): a multi-disk archive, which Bot4 does not read")
        }
        guard Int(total) <= limits.maximumEntries else {
            throw ZipError(.limitExceeded, "\(path): more than \(limits.maximumEntries) entries")
        }
        guard Int(directoryOffset) + Int(directorySize) <= recordOffset else {
            throw ZipError(
                .malformed,
                "\(path): the central directory (\(directorySize) bytes at \(directoryOffset)) runs past its end record at \(recordOffset)"
            )
        }
        return Directory(offset: Int(directoryOffset), size: Int(directorySize), count: Int(total))
    }

    private static let zip64LocatorLength = 20
    private static let zip64RecordLength = 56

    /// The central directory of a ZIP64 archive, from the ZIP64 end record its `locator` points to (an archive
    /// of more than 65,535 entries, as osv.dev's larger exports are). One disk only; the record must lie
    /// before the locator, and the directory before the record.
    private static func locateZIP64Directory(
        handle: FileHandle,
        locator: [UInt8],
        locatorOffset: Int,
        path: String,
        limits: ZipLimits
    ) throws(ZipError) -> Directory {
        guard locator.uint32(at: 4) == 0, locator.uint32(at: 16) == 1 else {
            throw ZipError(.unsupported, "\(path): a multi-disk archive, which Bot4 does not read")
        }
        let recordAt = locator.uint64(at: 8)
        guard locatorOffset >= zip64RecordLength, recordAt <= UInt64(locatorOffset - zip64RecordLength) else {
            throw ZipError(.malformed, "\(path): the ZIP64 locator points past itself (to \(recordAt))")
        }
        let record = try read(
            handle,
            at: Int(recordAt),
            count: zip64RecordLength,
            path: path,
            what: "the ZIP64 end record"
        )
        guard record.uint32(at: 0) == 0x0606_4b50 else {
            throw ZipError(.malformed, "\(path): no ZIP64 end record at \(recordAt)")
        }
        let recordSize = record.uint64(at: 4)
        guard recordSize >= 44, recordSize <= UInt64(locatorOffset) - recordAt - 12 else {
            throw ZipError(
                .malformed,
                "\(path): the ZIP64 end record's size \(recordSize) does not fit before its locator"
            )
        }
        let onDisk = record.uint64(at: 24)
        let total = record.uint64(at: 32)
        let directorySize = record.uint64(at: 40)
        let directoryOffset = record.uint64(at: 48)
        guard record.uint32(at: 16) == 0, record.uint32(at: 20) == 0, onDisk == total else {
            throw ZipError(.unsupported, "\(path): a multi-disk archive, which Bot4 does not read")
        }
        guard total <= UInt64(limits.maximumEntries) else {
            throw ZipError(.limitExceeded, "\(path): more than \(limits.maximumEntries) entries")
        }
        guard directoryOffset <= recordAt, directorySize <= recordAt - directoryOffset else {
            throw ZipError(
                .malformed,
                "\(path): the central directory (\(directorySize) bytes at \(directoryOffset)) runs past its ZIP64 end record at \(recordAt)"
            )
        }
        return Directory(offset: Int(directoryOffset), size: Int(directorySize), count: Int(total))
    }

    /// Reads every central-directory entry and its local header, and checks them against the file and limits.
    private static func readEntries(
        handle: FileHandle,
        directory: Directory,
        path: String,
        limits: ZipLimits
    ) throws(ZipError) -> [Entry] {
        let bytes = try read(
            handle,
            at: directory.offset,
            count: directory.size,
            path: path,
            what: "the central directory"
        )
        var entries: [Entry] = []
        var spans: [(start: Int, end: Int, name: String)] = []
        var cursor = 0
        var declaredTotal = 0
        for index in 0..<directory.count {
            guard cursor + centralHeaderLength <= bytes.count, bytes.uint32(at: cursor) == 0x0201_4b50 else {
                throw ZipError(.malformed, "\(path): central-directory entry \(index) is truncated or has no signature")
            }
            let nameLength = Int(bytes.uint16(at: cursor + 28))
            let variableLength = nameLength + Int(bytes.uint16(at: cursor + 30)) + Int(bytes.uint16(at: cursor + 32))
            guard cursor + centralHeaderLength + variableLength <= bytes.count else {
                throw ZipError(.malformed, "\(path): central-directory entry \(index) runs past the directory")
            }
            let nameBytes = Array(bytes[(cursor + centralHeaderLength)..<(cursor + centralHeaderLength + nameLength)])
            guard !nameBytes.contains(0), let name = String(validating: nameBytes, as: UTF8.self), !name.isEmpty else {
                throw ZipError(.malformed, "\(path): central-directory entry \(index) has an empty or non-UTF-8 name")
            }
            var where_: String { "\(path)!\(name)" }  // built only for an error
            let compressed = bytes.uint32(at: cursor + 20)
            let uncompressed = bytes.uint32(at: cursor + 24)
            let localOffset = bytes.uint32(at: cursor + 42)
            guard compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, localOffset != 0xFFFF_FFFF,
                bytes.uint16(at: cursor + 34) != 0xFFFF
            else {
                throw ZipError(.unsupported, "\(where_): ZIP64 sizes or offsets, which Bot4 does not read")
            }
            let isDirectory = name.hasSuffix("/")
            let declared = Int(uncompressed)
            if isDirectory {
                guard declared == 0 else {
                    throw ZipError(.malformed, "\(where_): a directory entry that declares \(declared) bytes")
                }
            } else {
                guard declared <= limits.maximumEntryBytes else {
                    throw ZipError(
                        .limitExceeded,
                        "\(where_): declares \(declared) bytes, more than the entry limit of \(limits.maximumEntryBytes)"
                    )
                }
                guard declared <= max(Int(compressed), 1) * limits.maximumRatio else {
                    throw ZipError(
                        .limitExceeded,
                        "\(where_): expands \(compressed) bytes to \(declared), a ratio above \(limits.maximumRatio)"
                    )
                }
                declaredTotal += declared
                guard declaredTotal <= limits.maximumTotalBytes else {
                    throw ZipError(
                        .limitExceeded,
                        "\(path): the entries declare more than \(limits.maximumTotalBytes) bytes in total"
                    )
                }
            }
            let method = bytes.uint16(at: cursor + 10)
            let dataOffset = try checkLocalHeader(
                handle: handle,
                at: Int(localOffset),
                nameBytes: nameBytes,
                method: method,
                before: directory.offset,
                where_: where_
            )
            guard dataOffset + Int(compressed) <= directory.offset else {
                throw ZipError(
                    .malformed,
                    "\(where_): \(compressed) bytes of data at \(dataOffset) run past the end of the entries at \(directory.offset)"
                )
            }
            spans.append((Int(localOffset), dataOffset + Int(compressed), name))
            entries.append(
                Entry(
                    name: name,
                    isDirectory: isDirectory,
                    method: method,
                    flags: bytes.uint16(at: cursor + 8),
                    crc32: bytes.uint32(at: cursor + 16),
                    compressedSize: Int(compressed),
                    uncompressedSize: declared,
                    dataOffset: dataOffset
                )
            )
            cursor += centralHeaderLength + variableLength
        }
        guard cursor == bytes.count else {
            throw ZipError(
                .malformed,
                "\(path): the central directory has \(bytes.count - cursor) bytes after its last entry"
            )
        }
        spans.sort { $0.start < $1.start }
        for (earlier, later) in zip(spans, spans.dropFirst()) where earlier.end > later.start {
            throw ZipError(.malformed, "\(path)!\(later.name): overlaps the data of \(earlier.name)")
        }
        return entries
    }

    /// Checks the local header at `offset` against the central entry and returns where the data starts.
    private static func checkLocalHeader(
        handle: FileHandle,
        at offset: Int,
        nameBytes: [UInt8],
        method: UInt16,
        before limit: Int,
        where_: @autoclosure () -> String
    ) throws(ZipError) -> Int {
        // The header and the name it must repeat, in one read.
        let length = localHeaderLength + nameBytes.count
        guard offset + length <= limit else {
            throw ZipError(.malformed, "\(where_()): the local header at \(offset) lies past the end of the entries")
        }
        let header = try read(handle, at: offset, count: length, path: where_(), what: "the local header")
        guard header.uint32(at: 0) == 0x0403_4b50 else {
            throw ZipError(.malformed, "\(where_()): no local header at \(offset)")
        }
        let dataOffset = offset + localHeaderLength + Int(header.uint16(at: 26)) + Int(header.uint16(at: 28))
        guard dataOffset <= limit else {
            throw ZipError(.malformed, "\(where_()): the local header at \(offset) runs past the end of the entries")
        }
        guard Int(header.uint16(at: 26)) == nameBytes.count, header[localHeaderLength...].elementsEqual(nameBytes),
            header.uint16(at: 8) == method
        else {
            throw ZipError(.malformed, "\(where_()): the local header disagrees with the central directory")
        }
        return dataOffset
    }

    /// Exactly `count` bytes at `offset`, or an error. Read with pread(2), which leaves the descriptor's
    /// position alone, so that entries may be read from several threads at once.
    static func read(
        _ handle: FileHandle,
        at offset: Int,
        count: Int,
        path: @autoclosure () -> String,
        what: String
    ) throws(ZipError) -> [UInt8] {
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                pread(handle.fileDescriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
            }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw ZipError(.io, "\(path()): cannot read \(what) at \(offset)") }
            guard got > 0 else {
                throw ZipError(.malformed, "\(path()): \(what) at \(offset) runs past the end of the file")
            }
            done += got
        }
        return bytes
    }

    /// Exactly `count` bytes at `offset` of this archive.
    func read(at offset: Int, count: Int, what: String) throws(ZipError) -> [UInt8] {
        try Self.read(handle, at: offset, count: count, path: name, what: what)
    }
}

extension [UInt8] {
    /// The little-endian 16-bit value at `offset` (the caller checked the bounds).
    func uint16(at offset: Int) -> UInt16 {
        UInt16(self[offset]) | UInt16(self[offset + 1]) << 8
    }

    /// The little-endian 32-bit value at `offset` (the caller checked the bounds).
    func uint32(at offset: Int) -> UInt32 {
        UInt32(uint16(at: offset)) | UInt32(uint16(at: offset + 2)) << 16
    }

    /// The little-endian 64-bit value at `offset` (the caller checked the bounds).
    func uint64(at offset: Int) -> UInt64 {
        UInt64(uint32(at: offset)) | UInt64(uint32(at: offset + 4)) << 32
    }
}
