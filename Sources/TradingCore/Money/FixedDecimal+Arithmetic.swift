/// Checked arithmetic: each operation returns the exact or explicitly rounded result, or throws.
extension FixedDecimal {
    /// The exact sum, at the larger of the two scales.
    public func adding(_ other: FixedDecimal) throws(DecimalError) -> FixedDecimal {
        try combined(with: other, "+", { $0.addingReportingOverflow($1) }, { $0 + $1 })
    }

    /// The exact difference, at the larger of the two scales.
    public func subtracting(_ other: FixedDecimal) throws(DecimalError) -> FixedDecimal {
        try combined(with: other, "-", { $0.subtractingReportingOverflow($1) }, { $0 - $1 })
    }

    /// A sum or difference: at one scale on the raw values with `sameScale` (overflow reported), otherwise
    /// exactly on the 128-bit values at the larger scale with `wide`, then fitted back.
    /// - Throws: ``DecimalError/Code/overflow`` naming the operation (`symbol`) when the result does not fit.
    @inline(__always)
    private func combined(
        with other: FixedDecimal,
        _ symbol: String,
        _ sameScale: (Int64, Int64) -> (partialValue: Int64, overflow: Bool),
        _ wide: (Int128, Int128) -> Int128
    ) throws(DecimalError) -> FixedDecimal {
        if scale == other.scale {
            let (result, overflow) = sameScale(raw, other.raw)
            guard !overflow else { throw DecimalError(.overflow, "\(self) \(symbol) \(other) overflows") }
            return FixedDecimal(uncheckedRaw: result, scale: scale)
        }
        let common = max(scale, other.scale)
        return try FixedDecimal.fit(wide(wideRaw(atScale: common), other.wideRaw(atScale: common)), scale: common) {
            "\(self) \(symbol) \(other) overflows"
        }
    }

    /// The value with the opposite sign.
    public func negated() throws(DecimalError) -> FixedDecimal {
        guard raw != .min else { throw DecimalError(.overflow, "-(\(self)) overflows") }
        return FixedDecimal(uncheckedRaw: -raw, scale: scale)
    }

    /// The exact product as a ``WideDecimal`` (128-bit raw value, scale up to 36): never overflows.
    @inline(__always)
    public func exactProduct(_ other: FixedDecimal) -> WideDecimal {
        WideDecimal(raw: Int128(raw) * Int128(other.raw), scale: scale + other.scale)
    }

    /// The product rounded to `scale` fractional digits with `rule`.
    public func multiplied(
        by other: FixedDecimal,
        scale target: UInt8,
        rounding rule: FloatingPointRoundingRule
    ) throws(DecimalError) -> FixedDecimal {
        let productScale = scale + other.scale
        let (product, overflow) = raw.multipliedReportingOverflow(by: other.raw)
        if !overflow && target == productScale { return FixedDecimal(uncheckedRaw: product, scale: target) }
        if !overflow && target < productScale && productScale - target <= 18 {
            let quotient = FixedDecimal.dividePow10(product, Int(productScale - target), rounding: rule)
            return FixedDecimal(uncheckedRaw: quotient, scale: target)
        }
        return try exactProduct(other).rounded(scale: target, rounding: rule)
    }

    /// The quotient rounded to `scale` fractional digits with `rule`.
    public func divided(
        by divisor: FixedDecimal,
        scale target: UInt8,
        rounding rule: FloatingPointRoundingRule
    ) throws(DecimalError) -> FixedDecimal {
        guard target <= FixedDecimal.maxScale else {
            throw DecimalError(.tooManyDigits, "scale \(target) exceeds \(FixedDecimal.maxScale)")
        }
        guard divisor.raw != 0 else { throw DecimalError(.divisionByZero, "\(self) / \(divisor)") }
        // value = (raw / 10^s) / (d / 10^ds) = raw * 10^(ds - s + target) / d, at scale `target`.
        let exponent = Int(divisor.scale) - Int(scale) + Int(target)
        if exponent >= 0 && exponent <= 18 {
            let (scaled, overflow) = raw.multipliedReportingOverflow(by: Pow10.int64(exponent))
            if !overflow && !(scaled == .min && divisor.raw == -1) {
                let quotient = FixedDecimal.divide(scaled, divisor.raw, rounding: rule)
                return FixedDecimal(uncheckedRaw: quotient, scale: target)
            }
        }
        var numerator = Int128(raw)
        var denominator = Int128(divisor.raw)
        if exponent >= 0 {
            let (scaled, overflow) = numerator.multipliedReportingOverflow(by: Pow10.int128(exponent))
            guard !overflow else { throw DecimalError(.overflow, "\(self) / \(divisor) overflows") }
            numerator = scaled
        } else {
            denominator *= Pow10.int128(-exponent)
        }
        let quotient = FixedDecimal.divide(numerator, denominator, rounding: rule)
        return try FixedDecimal.fit(quotient, scale: target) { "\(self) / \(divisor) overflows" }
    }

    /// The value rounded to `scale` fractional digits with `rule` (a larger scale pads with zeros).
    public func rounded(
        scale target: UInt8,
        rounding rule: FloatingPointRoundingRule
    ) throws(DecimalError)
        -> FixedDecimal
    {
        try WideDecimal(raw: Int128(raw), scale: scale).rounded(scale: target, rounding: rule)
    }

    /// The value rounded to a multiple of `step` (a tick or step size) with `rule`, at the larger scale.
    /// A zero step leaves the value unchanged, as Binance's "0 disables" rule does.
    public func quantized(
        to step: FixedDecimal,
        rounding rule: FloatingPointRoundingRule
    ) throws(DecimalError)
        -> FixedDecimal
    {
        guard step.raw != 0 else { return self }
        let common = max(scale, step.scale)
        let value = wideRaw(atScale: common)
        let unit = step.wideRaw(atScale: common)
        let multiple = FixedDecimal.divide(value, unit, rounding: rule) * unit
        return try FixedDecimal.fit(multiple, scale: common) { "\(self) rounded to \(step) overflows" }
    }

    /// Whether the value is an exact multiple of `step` (`value % step == 0`); a zero step is always true.
    @inline(__always)
    public func isMultiple(of step: FixedDecimal) -> Bool {
        guard step.raw != 0 else { return true }
        if scale == step.scale { return raw % step.raw == 0 }
        let common = max(scale, step.scale)
        if let value = narrowRaw(atScale: common), let unit = step.narrowRaw(atScale: common) {
            return value % unit == 0
        }
        return wideRaw(atScale: common) % step.wideRaw(atScale: common) == 0
    }

    /// Converts a 128-bit raw value to a `FixedDecimal`, or throws `overflow` with `message`.
    @inline(__always)
    static func fit(_ wide: Int128, scale: UInt8, _ message: () -> String) throws(DecimalError) -> FixedDecimal {
        guard let narrow = Int64(exactly: wide) else { throw DecimalError(.overflow, message()) }
        return FixedDecimal(uncheckedRaw: narrow, scale: scale)
    }

    /// `numerator / denominator` rounded with `rule`; `denominator` must not be zero.
    @inline(__always)
    static func divide<T: FixedWidthInteger & SignedInteger>(
        _ numerator: T,
        _ denominator: T,
        rounding rule: FloatingPointRoundingRule
    ) -> T {
        let quotient = numerator / denominator
        let remainder = numerator % denominator
        if remainder == 0 { return quotient }
        return adjust(quotient, remainder, denominator, positive: (numerator < 0) == (denominator < 0), rule)
    }

    /// `numerator / 10^exponent` rounded with `rule`; constant divisors, so no hardware division.
    @inline(__always)
    static func dividePow10(_ numerator: Int64, _ exponent: Int, rounding rule: FloatingPointRoundingRule) -> Int64 {
        let quotient: Int64
        switch exponent {
        case 1: quotient = numerator / 10
        case 2: quotient = numerator / 100
        case 3: quotient = numerator / 1000
        case 4: quotient = numerator / 10000
        case 5: quotient = numerator / 100000
        case 6: quotient = numerator / 1_000_000
        case 7: quotient = numerator / 10_000_000
        case 8: quotient = numerator / 100_000_000
        case 9: quotient = numerator / 1_000_000_000
        case 10: quotient = numerator / 10_000_000_000
        case 11: quotient = numerator / 100_000_000_000
        case 12: quotient = numerator / 1_000_000_000_000
        case 13: quotient = numerator / 10_000_000_000_000
        case 14: quotient = numerator / 100_000_000_000_000
        case 15: quotient = numerator / 1_000_000_000_000_000
        case 16: quotient = numerator / 10_000_000_000_000_000
        case 17: quotient = numerator / 100_000_000_000_000_000
        case 18: quotient = numerator / 1_000_000_000_000_000_000
        default: return divide(numerator, Pow10.int64(exponent), rounding: rule)
        }
        let remainder = numerator &- quotient &* Pow10.int64(exponent)
        if remainder == 0 { return quotient }
        return adjust(quotient, remainder, Pow10.int64(exponent), positive: numerator >= 0, rule)
    }

    /// Moves a truncated quotient by one unit as `rule` demands, given a non-zero remainder.
    @inline(__always)
    static func adjust<T: FixedWidthInteger & SignedInteger>(
        _ quotient: T,
        _ remainder: T,
        _ denominator: T,
        positive: Bool,
        _ rule: FloatingPointRoundingRule
    ) -> T {
        let step: T = positive ? 1 : -1
        switch rule {
        case .towardZero:
            return quotient
        case .awayFromZero:
            return quotient + step
        case .down:
            return positive ? quotient : quotient - 1
        case .up:
            return positive ? quotient + 1 : quotient
        case .toNearestOrAwayFromZero, .toNearestOrEven:
            let distanceBelow = remainder.magnitude
            let distanceAbove = denominator.magnitude - distanceBelow
            if distanceBelow > distanceAbove { return quotient + step }
            if distanceBelow < distanceAbove { return quotient }
            if rule == .toNearestOrAwayFromZero { return quotient + step }
            return quotient % 2 == 0 ? quotient : quotient + step
        @unknown default:
            return quotient
        }
    }
}
