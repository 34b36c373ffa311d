import TradingCore

/// Feeds arbitrary bytes to the event-log reader. Refusals are expected; a trap, a crash or an ASan report is
/// a bug. An event that reads must write back to bytes that read to the same event and write identically
/// (the encoding is canonical).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBookEvent(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: count)
    guard let event = try? BookEvent(jsonBytes: bytes) else { return 0 }
    let written = event.jsonBytes
    let again = try? BookEvent(jsonBytes: written)
    precondition(again == event, "an event does not read back from its own bytes")
    precondition(again?.jsonBytes == written, "an event's bytes are not canonical")
    return 0
}
