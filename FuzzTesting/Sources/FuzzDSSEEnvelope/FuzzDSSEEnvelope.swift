import Provenance

/// Feeds arbitrary bytes to the DSSE envelope reader, as one envelope and as a `.intoto.jsonl` file. Parse
/// errors are expected; a crash, a trap or an ASan report is a bug. A parsed envelope must write back to a
/// line that parses to the same envelope, and its PAE must start with `DSSEv1 `.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDSSEEnvelope(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: count))
    _ = try? DSSEEnvelope.jsonLines(bytes, source: "fuzz")
    guard let envelope = try? DSSEEnvelope(bytes: bytes, source: "fuzz") else { return 0 }
    let again = try? DSSEEnvelope(bytes: envelope.jsonLine, source: "fuzz")
    precondition(again == envelope, "an envelope does not survive writing and reading back")
    precondition(envelope.preAuthenticationEncoding.starts(with: Array("DSSEv1 ".utf8)), "PAE prefix")
    _ = try? InTotoStatement(bytes: envelope.payload, source: "fuzz")
    return 0
}
