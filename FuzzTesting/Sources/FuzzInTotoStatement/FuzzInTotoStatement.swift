import Provenance

/// Feeds arbitrary bytes to the in-toto Statement v1 reader. Parse errors are expected; a crash, a trap or an
/// ASan report is a bug. A parsed statement must write back to a payload that parses to the same statement.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInTotoStatement(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    guard let statement = try? InTotoStatement(bytes: bytes, source: "fuzz") else { return 0 }
    let again = try? InTotoStatement(bytes: statement.payload, source: "fuzz")
    precondition(again?.payload == statement.payload, "a statement does not survive writing and reading back")
    return 0
}
