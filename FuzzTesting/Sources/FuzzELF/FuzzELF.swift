import SBOM

/// Feeds arbitrary bytes to the ELF64 reader. Parse errors are expected; a crash, a trap or an ASan report
/// (an out-of-bounds read of a hostile offset) is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzELF(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    if let elf = try? ELFFile(bytes: bytes, file: "fuzz") {
        precondition(elf.needed.allSatisfy { !$0.utf8.contains(0) }, "a DT_NEEDED name holds a NUL")
    }
    return 0
}
