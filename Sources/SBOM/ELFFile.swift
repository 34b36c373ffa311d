/// A minimal, bounds-checked ELF64 reader: the dynamic section's `DT_NEEDED`, `DT_RUNPATH`/`DT_RPATH` and
/// `DT_SONAME`, and the section names. Every offset and size is checked against the file before use, so any
/// byte string either parses or throws ``SBOMError/Code/malformedELF``.
public struct ELFFile: Sendable {
    /// Shared libraries the binary needs, in order (`DT_NEEDED`).
    public let needed: [String]
    /// Library search paths (`DT_RUNPATH`, else `DT_RPATH`), split on `:`.
    public let runPaths: [String]
    /// The shared object name (`DT_SONAME`), or nil.
    public let soname: String?
    /// Section names (empty when the section table is stripped).
    public let sectionNames: [String]
    /// `e_machine` (62 = x86-64, 183 = AArch64).
    public let machine: UInt16

    /// The Debian architecture of ``machine``, or nil.
    public var debianArchitecture: String? {
        switch machine {
        case 62: "amd64"
        case 183: "arm64"
        case 3: "i386"
        case 40: "armhf"
        case 243: "riscv64"
        case 21: "ppc64el"
        case 22: "s390x"
        default: nil
        }
    }

    /// Parses ELF bytes.
    /// - Parameter file: the name errors use.
    /// - Throws: ``SBOMError/Code/malformedELF`` naming the file and the field.
    public init(bytes: [UInt8], file: String) throws(SBOMError) {
        let r = ByteReader(bytes: bytes, file: file)
        guard bytes.count >= 64, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
            throw r.failure("e_ident", "not an ELF file (no \\x7fELF magic)")
        }
        guard bytes[4] == 2 else { throw r.failure("e_ident[EI_CLASS]", "only ELF64 is supported") }
        guard bytes[5] == 1 || bytes[5] == 2 else {
            throw r.failure("e_ident[EI_DATA]", "unknown byte order \(bytes[5])")
        }
        r.bigEndian = bytes[5] == 2
        machine = try r.u16(18, "e_machine")
        let phoff = try r.u64(32, "e_phoff")
        let shoff = try r.u64(40, "e_shoff")
        let phentsize = Int(try r.u16(54, "e_phentsize"))
        let phnum = Int(try r.u16(56, "e_phnum"))
        let shentsize = Int(try r.u16(58, "e_shentsize"))
        let shnum = Int(try r.u16(60, "e_shnum"))
        let shstrndx = Int(try r.u16(62, "e_shstrndx"))

        // Program headers: PT_LOAD segments map addresses to offsets; PT_DYNAMIC locates the dynamic section.
        var loads: [(vaddr: UInt64, offset: UInt64, size: UInt64)] = []
        var dynamic: (offset: UInt64, size: UInt64)?
        if phnum > 0 {
            guard phentsize >= 56 else { throw r.failure("e_phentsize", "\(phentsize) is smaller than 56") }
            for i in 0..<phnum {
                let base = try r.offset(phoff, plus: UInt64(i) * UInt64(phentsize), "program header \(i)")
                let type = try r.u32(base, "program header \(i) p_type")
                let offset = try r.u64(base + 8, "program header \(i) p_offset")
                let vaddr = try r.u64(base + 16, "program header \(i) p_vaddr")
                let filesz = try r.u64(base + 32, "program header \(i) p_filesz")
                if type == 1 { loads.append((vaddr, offset, filesz)) }
                if type == 2 { dynamic = (offset, filesz) }
            }
        }

        // Section names.
        var names: [String] = []
        if shnum > 0 && shoff != 0 {
            guard shentsize >= 64 else { throw r.failure("e_shentsize", "\(shentsize) is smaller than 64") }
            guard shstrndx < shnum else { throw r.failure("e_shstrndx", "\(shstrndx) is not below e_shnum \(shnum)") }
            let strBase = try r.offset(shoff, plus: UInt64(shstrndx) * UInt64(shentsize), "section header \(shstrndx)")
            let strOffset = try r.u64(strBase + 24, "section header \(shstrndx) sh_offset")
            let strSize = try r.u64(strBase + 32, "section header \(shstrndx) sh_size")
            for i in 0..<shnum {
                let base = try r.offset(shoff, plus: UInt64(i) * UInt64(shentsize), "section header \(i)")
                let nameOffset = UInt64(try r.u32(base, "section header \(i) sh_name"))
                guard nameOffset < strSize else { throw r.failure("section header \(i) sh_name", "outside .shstrtab") }
                names.append(try r.string(at: strOffset, plus: nameOffset, limit: strSize, "section \(i) name"))
            }
        }
        sectionNames = names

        var neededOffsets: [UInt64] = []
        var runPathOffset: UInt64?
        var rPathOffset: UInt64?
        var sonameOffset: UInt64?
        var strtabAddress: UInt64?
        var strtabSize: UInt64?
        if let dynamic {
            let count = dynamic.size / 16
            guard count <= UInt64(bytes.count) else { throw r.failure("PT_DYNAMIC p_filesz", "larger than the file") }
            for i in 0..<count {
                let entry = try r.offset(dynamic.offset, plus: i * 16, "dynamic entry \(i)")
                let tag = try r.u64(entry, "dynamic entry \(i) d_tag")
                let value = try r.u64(entry + 8, "dynamic entry \(i) d_val")
                switch tag {
                case 0: break
                case 1: neededOffsets.append(value)
                case 5: strtabAddress = value
                case 10: strtabSize = value
                case 14: sonameOffset = value
                case 15: rPathOffset = value
                case 29: runPathOffset = value
                default: continue
                }
                if tag == 0 { break }
            }
        }
        var needed: [String] = []
        var runPaths: [String] = []
        var soname: String?
        if !neededOffsets.isEmpty || runPathOffset != nil || rPathOffset != nil || sonameOffset != nil {
            guard let address = strtabAddress else { throw r.failure("DT_STRTAB", "missing from the dynamic section") }
            guard let load = loads.first(where: { address >= $0.vaddr && address - $0.vaddr < $0.size }) else {
                throw r.failure("DT_STRTAB", "address 0x\(String(address, radix: 16)) is in no PT_LOAD segment")
            }
            let strtab = load.offset + (address - load.vaddr)
            let limit = min(strtabSize ?? UInt64.max, load.size - (address - load.vaddr))
            for (i, offset) in neededOffsets.enumerated() {
                needed.append(try r.string(at: strtab, plus: offset, limit: limit, "DT_NEEDED \(i)"))
            }
            if let offset = runPathOffset ?? rPathOffset {
                let text = try r.string(at: strtab, plus: offset, limit: limit, "DT_RUNPATH")
                runPaths = text.split(separator: ":").map(String.init)
            }
            if let offset = sonameOffset { soname = try r.string(at: strtab, plus: offset, limit: limit, "DT_SONAME") }
        }
        self.needed = needed
        self.runPaths = runPaths
        self.soname = soname
    }

    /// Reads and parses a file.
    public init(path: String) throws(SBOMError) {
        try self.init(bytes: FileReader.read(path: path, what: "ELF binary"), file: path)
    }
}

/// Bounds-checked little- or big-endian reads.
private final class ByteReader {
    let bytes: [UInt8]
    let file: String
    var bigEndian = false

    init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    func failure(_ field: String, _ what: String) -> SBOMError {
        SBOMError(.malformedELF, "\(file): \(field): \(what)")
    }

    func offset(_ base: UInt64, plus: UInt64, _ field: String) throws(SBOMError) -> Int {
        let (sum, overflow) = base.addingReportingOverflow(plus)
        guard !overflow, sum < UInt64(bytes.count) else { throw failure(field, "offset beyond the end of the file") }
        return Int(sum)
    }

    private func read(_ at: Int, _ width: Int, _ field: String) throws(SBOMError) -> UInt64 {
        guard at >= 0, at <= bytes.count - width else { throw failure(field, "beyond the end of the file") }
        var value: UInt64 = 0
        for i in 0..<width {
            let byte = UInt64(bytes[at + (bigEndian ? i : width - 1 - i)])
            value = value << 8 | byte
        }
        return value
    }

    func u16(_ at: Int, _ field: String) throws(SBOMError) -> UInt16 { UInt16(try read(at, 2, field)) }
    func u32(_ at: Int, _ field: String) throws(SBOMError) -> UInt32 { UInt32(try read(at, 4, field)) }
    func u64(_ at: Int, _ field: String) throws(SBOMError) -> UInt64 { try read(at, 8, field) }

    /// A NUL-terminated string at `base + offset`, which must end before `base + limit` and the file's end.
    func string(at base: UInt64, plus offset: UInt64, limit: UInt64, _ field: String) throws(SBOMError) -> String {
        guard offset < limit else { throw failure(field, "string offset outside the string table") }
        let start = try self.offset(base, plus: offset, field)
        let (end64, overflow) = base.addingReportingOverflow(limit)
        let end = overflow ? bytes.count : Int(min(end64, UInt64(bytes.count)))
        guard let nul = bytes[start..<end].firstIndex(of: 0) else { throw failure(field, "unterminated string") }
        return String(decoding: bytes[start..<nul], as: UTF8.self)
    }
}
