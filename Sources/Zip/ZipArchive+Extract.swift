internal import CLibDeflate

extension ZipArchive {
    /// The uncompressed bytes of `entry`, inflated by libdeflate in one call into a buffer of the declared size.
    ///
    /// Nothing beyond the declared size is produced (a stream that would go further is an error, so a lying
    /// header cannot inflate more), the compressed data is read only within the range checked when the archive
    /// was opened and never beyond the entry limit, and the length and CRC-32 must match the central directory.
    /// - Throws: ``ZipError`` (`.unsupported` for an encrypted entry or another method than store or
    ///   deflate, `.corrupt` for data that does not inflate to what was declared, `.limitExceeded` for
    ///   compressed data larger than the entry limit).
    public func contents(of entry: Entry) throws(ZipError) -> [UInt8] {
        let name = "\(self.name)!\(entry.name)"
        guard entry.flags & 1 == 0 else {
            throw ZipError(.unsupported, "\(name): an encrypted entry, which Bot4 does not read")
        }
        let bytes: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw ZipError(
                    .corrupt,
                    "\(name): a stored entry of \(entry.compressedSize) bytes that declares \(entry.uncompressedSize)"
                )
            }
            bytes = try read(at: entry.dataOffset, count: entry.compressedSize, what: "the data")
        case 8:
            bytes = try inflate(entry, name: name)
        default:
            throw ZipError(.unsupported, "\(name): compression method \(entry.method), which Bot4 does not read")
        }
        let checksum = bytes.withUnsafeBytes { buffer in
            libdeflate_crc32(0, buffer.baseAddress, buffer.count)
        }
        guard checksum == entry.crc32 else {
            throw ZipError(.corrupt, "\(name): the CRC-32 does not match the central directory")
        }
        return bytes
    }

    /// Inflates a deflate entry into exactly its declared size.
    private func inflate(_ entry: Entry, name: String) throws(ZipError) -> [UInt8] {
        // Deflate never needs much more room than its output (5 bytes a 64 KiB stored block); more compressed
        // data than the entry limit allows is refused before it is read into memory.
        guard entry.compressedSize <= limits.maximumEntryBytes else {
            throw ZipError(
                .limitExceeded,
                "\(name): \(entry.compressedSize) compressed bytes, more than the entry limit of \(limits.maximumEntryBytes)"
            )
        }
        let input = try read(at: entry.dataOffset, count: entry.compressedSize, what: "the data")
        guard let decompressor = libdeflate_alloc_decompressor() else {
            throw ZipError(.io, "\(name): libdeflate cannot allocate a decompressor")
        }
        defer { libdeflate_free_decompressor(decompressor) }
        var result = LIBDEFLATE_SUCCESS
        var produced = 0
        // The output is written by libdeflate before it is read; no need to zero it first.
        let output = [UInt8](unsafeUninitializedCapacity: entry.uncompressedSize) { buffer, count in
            result = input.withUnsafeBytes { source in
                libdeflate_deflate_decompress(
                    decompressor,
                    source.baseAddress,
                    source.count,
                    buffer.baseAddress,
                    buffer.count,
                    &produced
                )
            }
            count = result == LIBDEFLATE_SUCCESS ? produced : 0
        }
        switch result {
        case LIBDEFLATE_SUCCESS:
            guard produced == entry.uncompressedSize else {
                throw ZipError(
                    .corrupt,
                    "\(name): inflates to \(produced) bytes, not the \(entry.uncompressedSize) it declares"
                )
            }
            return output
        case LIBDEFLATE_INSUFFICIENT_SPACE:
            throw ZipError(.corrupt, "\(name): inflates to more than the \(entry.uncompressedSize) bytes it declares")
        default:
            throw ZipError(.corrupt, "\(name): the deflate data is invalid or ends before its last block")
        }
    }
}
