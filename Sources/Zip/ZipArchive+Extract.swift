internal import CZlib

extension ZipArchive {
    /// The uncompressed bytes of `entry`, inflated with zlib in bounded chunks.
    ///
    /// At most the declared size is produced (one byte more is an error, so a lying header cannot inflate
    /// further), the compressed data is read only within the range checked when the archive was opened, and
    /// the length and CRC-32 must match the central directory.
    /// - Throws: ``ZipError`` (`.unsupported` for an encrypted entry or another method than store or
    ///   deflate, `.corrupt` for data that does not inflate to what was declared).
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
        let checksum = bytes.withUnsafeBufferPointer { buffer in
            CZlib.crc32(0, buffer.baseAddress, uInt(buffer.count))
        }
        guard UInt32(truncatingIfNeeded: checksum) == entry.crc32 else {
            throw ZipError(.corrupt, "\(name): the CRC-32 does not match the central directory")
        }
        return bytes
    }

    /// The size of each read of compressed data.
    private static let chunkBytes = 64 << 10

    /// Inflates a deflate entry into at most its declared size.
    private func inflate(_ entry: Entry, name: String) throws(ZipError) -> [UInt8] {
        let inflater = try Inflater(name: name)
        // One byte of room beyond the declared size: filling it proves the header lied.
        var output = [UInt8](repeating: 0, count: entry.uncompressedSize + 1)
        var produced = 0
        var offset = entry.dataOffset
        let end = entry.dataOffset + entry.compressedSize
        var finished = false
        while !finished {
            guard offset < end else {
                throw ZipError(.corrupt, "\(name): the deflate stream ends before its last block")
            }
            let chunk = try read(at: offset, count: min(Self.chunkBytes, end - offset), what: "the data")
            offset += chunk.count
            let step = inflater.run(chunk, into: &output, produced: &produced)
            switch step {
            case .needsInput: break
            case .finished: finished = true
            case .overflow:
                throw ZipError(
                    .corrupt,
                    "\(name): inflates to more than the \(entry.uncompressedSize) bytes it declares"
                )
            case .dataError:
                throw ZipError(.corrupt, "\(name): the deflate data is invalid")
            }
        }
        guard produced == entry.uncompressedSize else {
            throw ZipError(
                .corrupt,
                "\(name): inflates to \(produced) bytes, not the \(entry.uncompressedSize) it declares"
            )
        }
        output.removeLast()
        return output
    }
}

/// One zlib raw-inflate stream; the `z_stream` lives on the heap because zlib keeps a pointer to it.
private struct Inflater: ~Copyable {
    /// What one chunk of input led to.
    enum Step {
        case needsInput, finished, overflow, dataError
    }

    private let stream: UnsafeMutablePointer<z_stream>

    init(name: String) throws(ZipError) {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard bot4_inflate_init_raw(stream) == Z_OK else {
            stream.deallocate()
            throw ZipError(.io, "\(name): zlib cannot start an inflater")
        }
        self.stream = stream
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Feeds all of `input`, writing after `produced` in `output`; every call consumes input or stops.
    func run(_ input: [UInt8], into output: inout [UInt8], produced: inout Int) -> Step {
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.pointee.avail_in = uInt(source.count)
                while true {
                    stream.pointee.next_out = target.baseAddress.map { $0 + produced }
                    stream.pointee.avail_out = uInt(target.count - produced)
                    let status = CZlib.inflate(stream, Z_NO_FLUSH)
                    produced = target.count - Int(stream.pointee.avail_out)
                    if produced == target.count { return .overflow }
                    switch status {
                    case Z_STREAM_END: return .finished
                    case Z_OK where stream.pointee.avail_in > 0: continue
                    case Z_OK, Z_BUF_ERROR: return .needsInput
                    default: return .dataError
                    }
                }
            }
        }
    }
}
