/// An exact intermediate: a 128-bit raw value and a scale up to 36, such as a notional `price × quantity`.
///
/// Produced by ``FixedDecimal/exactProduct(_:)``; compared directly against ``FixedDecimal`` limits, or
/// rounded back to a ``FixedDecimal`` with an explicit rule.
public struct WideDecimal: Sendable, Hashable, CustomStringConvertible {
    /// The integer the value is scaled from.
    public let raw: Int128
    /// The number of fractional digits, 0 through 36.
    public let scale: UInt8

    /// Creates a value; `scale` must be at most 36.
    public init(raw: Int128, scale: UInt8) {
        precondition(scale <= 36, "WideDecimal scale \(scale) exceeds 36")
        self.raw = raw
        self.scale = scale
    }

    /// The value rounded to `scale` fractional digits with `rule`, as a ``FixedDecimal``.
    public func rounded(
        scale target: UInt8,
        rounding rule: FloatingPointRoundingRule
    ) throws(DecimalError)
        -> FixedDecimal
    {
        guard target <= FixedDecimal.maxScale else {
            throw DecimalError(.tooManyDigits, "scale \(target) exceeds \(FixedDecimal.maxScale)")
        }
        var value = raw
        if target >= scale {
            let (scaled, overflow) = value.multipliedReportingOverflow(by: Pow10.int128(Int(target - scale)))
            guard !overflow else { throw DecimalError(.overflow, "\(self) at scale \(target) overflows") }
            value = scaled
        } else {
            value = FixedDecimal.divide(value, Pow10.int128(Int(scale - target)), rounding: rule)
        }
        return try FixedDecimal.fit(value, scale: target) { "\(self) at scale \(target) overflows" }
    }

    /// Compares with a ``FixedDecimal``: negative, zero or positive as `self` is below, equal or above.
    @inline(__always)
    public func compare(_ other: FixedDecimal) -> Int {
        // 64-bit fast path: the common case of a notional against a limit (no 128-bit multiply).
        if let small = Int64(exactly: raw) {
            if scale >= other.scale && scale - other.scale <= 18 {
                let (scaled, overflow) = other.raw.multipliedReportingOverflow(
                    by: Pow10.int64(Int(scale - other.scale))
                )
                if !overflow { return small == scaled ? 0 : (small < scaled ? -1 : 1) }
            } else if scale < other.scale {
                let (scaled, overflow) = small.multipliedReportingOverflow(by: Pow10.int64(Int(other.scale - scale)))
                if !overflow { return scaled == other.raw ? 0 : (scaled < other.raw ? -1 : 1) }
            }
        }
        let otherRaw = Int128(other.raw)
        if scale == other.scale { return raw == otherRaw ? 0 : (raw < otherRaw ? -1 : 1) }
        if scale > other.scale {
            let (scaled, overflow) = otherRaw.multipliedReportingOverflow(by: Pow10.int128(Int(scale - other.scale)))
            if overflow { return otherRaw < 0 ? 1 : -1 }
            return raw == scaled ? 0 : (raw < scaled ? -1 : 1)
        }
        let (scaled, overflow) = raw.multipliedReportingOverflow(by: Pow10.int128(Int(other.scale - scale)))
        if overflow { return raw < 0 ? -1 : 1 }
        return scaled == otherRaw ? 0 : (scaled < otherRaw ? -1 : 1)
    }

    /// The exact decimal string.
    public var description: String {
        let magnitude = raw.magnitude
        let sign = raw < 0 ? "-" : ""
        guard scale > 0 else { return sign + String(magnitude) }
        var divisor: UInt128 = 1
        for _ in 0..<scale { divisor *= 10 }
        let fraction = String(magnitude % divisor)
        return sign + String(magnitude / divisor) + "." + String(repeating: "0", count: Int(scale) - fraction.count)
            + fraction
    }
}
