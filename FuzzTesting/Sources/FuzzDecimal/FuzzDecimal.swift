import TradingCore

/// Feeds arbitrary bytes to the decimal parser: the input is split at the first `|` into two decimal strings.
/// Parse errors are expected; a trap, a crash or an ASan report is a bug. A parsed value must print back to
/// text that parses to the same raw value and scale, and checked arithmetic on two parsed values must either
/// return or throw, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecimal(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: count)
    let split = bytes.firstIndex(of: UInt8(ascii: "|")) ?? count
    let first = UnsafeBufferPointer(rebasing: bytes[0..<split])
    let second = UnsafeBufferPointer(rebasing: bytes[min(split + 1, count)..<count])
    guard let a = try? FixedDecimal.parse(utf8: first) else { return 0 }
    let again = try? FixedDecimal(a.description)
    precondition(again?.raw == a.raw && again?.scale == a.scale, "\(a) does not round-trip")
    _ = a.decimalValue
    _ = a.normalized
    guard let b = try? FixedDecimal.parse(utf8: second) else { return 0 }
    _ = try? a.adding(b)
    _ = try? a.subtracting(b)
    _ = try? a.negated()
    _ = a.isMultiple(of: b)
    _ = a.exactProduct(b).compare(b)
    for rule in [
        FloatingPointRoundingRule.down, .up, .towardZero, .awayFromZero, .toNearestOrEven, .toNearestOrAwayFromZero,
    ] {
        for scale in [UInt8(0), 2, 8, 18] {
            _ = try? a.multiplied(by: b, scale: scale, rounding: rule)
            _ = try? a.divided(by: b, scale: scale, rounding: rule)
            _ = try? a.rounded(scale: scale, rounding: rule)
        }
        _ = try? a.quantized(to: b, rounding: rule)
    }
    return 0
}
