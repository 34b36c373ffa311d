import Foundation
import TOMLPrecheck
import Vault

/// Feeds arbitrary text to the small Vault parsers of server and operator input: `Retry-After` (seconds or
/// HTTP-date), the three duration grammars of `DurationText` (Go-style, ISO 8601, delta-seconds) and Transit key
/// references (`vault-transit://MOUNT/keys/NAME[@VERSION]`).
/// Errors are expected; a crash, a trap or an ASan report is a bug. A parsed duration lies within
/// `0...DurationText.maximum`; a parsed reference must print back to itself and parse again to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVaultText(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
    _ = RetryPolicy.parseRetryAfter(text)
    let durations = [DurationText.parse(text), DurationText.parseISO8601(text), DurationText.parseDeltaSeconds(text)]
    for duration in durations.compactMap({ $0 }) {
        precondition(duration >= .zero && duration <= DurationText.maximum, "a duration is out of range")
    }
    if let reference = try? TransitKeyReference(text) {
        let again = try? TransitKeyReference(reference.description)
        precondition(again == reference, "a Transit key reference does not round-trip")
    }
    return 0
}

/// LeakSanitizer suppressions: Foundation's `DateFormatter.date(from:)`, which `parseRetryAfter` uses for the
/// HTTP-date form, leaks a small buffer inside Foundation on some inputs (outside this project's code). Every
/// other leak is still reported.
@_cdecl("__lsan_default_suppressions")
public func leakSuppressions() -> UnsafePointer<CChar> {
    UnsafePointer(suppressions)
}

private nonisolated(unsafe) let suppressions: UnsafeMutablePointer<CChar> = strdup("leak:DateFormatter\n")!
