import Foundation

/// An exact decimal number: a signed 64-bit raw value and a scale, `value = raw / 10^scale`.
///
/// Parsed from and printed to Binance's decimal strings digit by digit, never through `Double`. The scale a
/// value was written with is kept (`"0.01000000"` prints back as `"0.01000000"`), while equality, ordering and
/// hashing follow the numeric value (`1.0 == 1.00`). Arithmetic is checked: every operation either returns the
/// exact (or explicitly rounded) result or throws ``DecimalError``; intermediates are 128-bit.
/// `Foundation.Decimal` appears only in ``decimalValue``, for display.
public struct FixedDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The integer the value is scaled from.
    public let raw: Int64
    /// The number of fractional digits, 0 through ``maxScale``.
    public let scale: UInt8

    /// The largest scale: 18 fractional digits (Binance uses at most 8).
    public static let maxScale: UInt8 = 18
    /// Zero at scale 0.
    public static let zero = FixedDecimal(uncheckedRaw: 0, scale: 0)

    /// Creates a value from a raw integer and a scale; `scale` must be at most ``maxScale``.
    public init(raw: Int64, scale: UInt8) {
        precondition(scale <= FixedDecimal.maxScale, "FixedDecimal scale \(scale) exceeds \(FixedDecimal.maxScale)")
        self.raw = raw
        self.scale = scale
    }

    @inline(__always)
    init(uncheckedRaw raw: Int64, scale: UInt8) {
        self.raw = raw
        self.scale = scale
    }

    /// Creates an integer value.
    public init(_ integer: Int64) { self.init(uncheckedRaw: integer, scale: 0) }

    /// Parses a decimal string such as `"0.01000000"` or `"-12.5"`.
    ///
    /// Accepted: an optional leading `-` (only if `allowNegative`), one or more digits, optionally `.` and one
    /// or more digits. Refused with a ``DecimalError``: empty strings, `+`, spaces, exponents, a bare or
    /// trailing `.`, more than ``maxScale`` fractional digits, and values whose raw integer exceeds `Int64`.
    public init(_ text: String, allowNegative: Bool = true) throws(DecimalError) {
        let parsed = text.utf8.withContiguousStorageIfAvailable { buffer in
            FixedDecimal.parseResult(buffer, allowNegative: allowNegative)
        }
        if let parsed {
            self = try parsed.get()
        } else {
            var copy = text
            self = try copy.withUTF8 { FixedDecimal.parseResult($0, allowNegative: allowNegative) }.get()
        }
    }

    /// Parses a substring or other string-like value (same grammar as ``init(_:allowNegative:)``).
    public init(_ text: some StringProtocol, allowNegative: Bool = true) throws(DecimalError) {
        try self.init(String(text), allowNegative: allowNegative)
    }

    @inline(__always)
    private static func parseResult(
        _ bytes: UnsafeBufferPointer<UInt8>,
        allowNegative: Bool
    ) -> Result<
        FixedDecimal, DecimalError
    > {
        do throws(DecimalError) {
            return .success(try parse(utf8: bytes, allowNegative: allowNegative))
        } catch {
            return .failure(error)
        }
    }

    /// Parses the UTF-8 bytes of a decimal string (same grammar as ``init(_:allowNegative:)``).
    public static func parse(
        utf8 bytes: UnsafeBufferPointer<UInt8>,
        allowNegative: Bool = true
    ) throws(DecimalError) -> FixedDecimal {
        let count = bytes.count
        guard count > 0 else { throw DecimalError(.empty, "empty decimal string") }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") {
            negative = true
            index = 1
            guard count > 1 else { throw DecimalError(.empty, "decimal string \"-\" has no digits") }
        }
        var magnitude: UInt64 = 0
        var integerDigits = 0
        var fractionDigits = 0
        var sawPoint = false
        var significantDigits = 0
        while index < count {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if sawPoint { fractionDigits += 1 } else { integerDigits += 1 }
                // At most 19 significant digits fit a UInt64, so wrapping arithmetic is exact until then.
                let digit = UInt64(byte &- UInt8(ascii: "0"))
                if magnitude != 0 || digit != 0 { significantDigits += 1 }
                magnitude = magnitude &* 10 &+ digit
            } else if byte == UInt8(ascii: ".") {
                guard !sawPoint else {
                    throw DecimalError(.invalidCharacter, "\(quote(bytes)) has more than one decimal point")
                }
                guard integerDigits > 0 else {
                    throw DecimalError(.invalidCharacter, "\(quote(bytes)) has no digit before the decimal point")
                }
                sawPoint = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                throw DecimalError(.exponent, "\(quote(bytes)) uses an exponent; write the digits out")
            } else {
                throw DecimalError(
                    .invalidCharacter,
                    "\(quote(bytes)) has an invalid character at offset \(index)"
                )
            }
            index += 1
        }
        guard integerDigits > 0 else { throw DecimalError(.empty, "\(quote(bytes)) has no digits") }
        if sawPoint && fractionDigits == 0 {
            throw DecimalError(.invalidCharacter, "\(quote(bytes)) has no digit after the decimal point")
        }
        guard fractionDigits <= Int(maxScale) else {
            throw DecimalError(
                .tooManyDigits,
                "\(quote(bytes)) has \(fractionDigits) fractional digits; at most \(maxScale)"
            )
        }
        guard significantDigits <= 19, magnitude <= UInt64(Int64.max) else {
            throw DecimalError(.outOfRange, "\(quote(bytes)) is beyond the 64-bit range at its scale")
        }
        if negative && magnitude != 0 && !allowNegative {
            throw DecimalError(.negative, "\(quote(bytes)) is negative")
        }
        let raw = negative ? -Int64(magnitude) : Int64(magnitude)
        return FixedDecimal(uncheckedRaw: raw, scale: UInt8(fractionDigits))
    }

    private static func quote(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let limit = 40
        let text = String(decoding: bytes.prefix(limit), as: UTF8.self)
        return "\"" + text + (bytes.count > limit ? "…" : "") + "\""
    }

    /// The exact decimal string at the value's own scale (`"0.01000000"`, `"-3"`).
    public var description: String {
        let magnitude = raw.magnitude
        let sign = raw < 0 ? "-" : ""
        guard scale > 0 else { return sign + String(magnitude) }
        let divisor = Pow10.uint64[Int(scale)]
        let integer = magnitude / divisor
        let fraction = String(magnitude % divisor)
        let padding = String(repeating: "0", count: Int(scale) - fraction.count)
        return sign + String(integer) + "." + padding + fraction
    }

    /// The value as `Foundation.Decimal`, exactly; for display and formatting only.
    public var decimalValue: Decimal {
        Decimal(sign: raw < 0 ? .minus : .plus, exponent: -Int(scale), significand: Decimal(raw.magnitude))
    }

    /// Whether the value is zero.
    @inlinable public var isZero: Bool { raw == 0 }
    /// Whether the value is below zero.
    @inlinable public var isNegative: Bool { raw < 0 }

    /// The same value with trailing fractional zeros removed (`"0.01000000"` becomes `"0.01"`).
    public var normalized: FixedDecimal {
        guard raw != 0 else { return FixedDecimal(uncheckedRaw: 0, scale: 0) }
        var value = raw
        var newScale = scale
        while newScale > 0 && value % 10 == 0 {
            value /= 10
            newScale -= 1
        }
        return FixedDecimal(uncheckedRaw: value, scale: newScale)
    }

    /// The number of fractional digits that matter: the scale of ``normalized``. A tick size of
    /// `"0.01000000"` gives 2, the price scale of its symbol.
    public var significantScale: UInt8 { normalized.scale }

    /// The raw value at a larger scale, as a 128-bit integer (exact: at most 18 + 18 digits).
    @inline(__always)
    func wideRaw(atScale target: UInt8) -> Int128 {
        Int128(raw) * Pow10.int128(Int(target - scale))
    }

    /// The raw value at a larger scale as a 64-bit integer, or `nil` if it does not fit.
    @inline(__always)
    func narrowRaw(atScale target: UInt8) -> Int64? {
        let (scaled, overflow) = raw.multipliedReportingOverflow(by: Pow10.int64(Int(target - scale)))
        return overflow ? nil : scaled
    }

    /// Numeric equality (`1.0 == 1.00`).
    @inline(__always)
    public static func == (lhs: FixedDecimal, rhs: FixedDecimal) -> Bool {
        if lhs.scale == rhs.scale { return lhs.raw == rhs.raw }
        let common = max(lhs.scale, rhs.scale)
        if let left = lhs.narrowRaw(atScale: common), let right = rhs.narrowRaw(atScale: common) {
            return left == right
        }
        return lhs.wideRaw(atScale: common) == rhs.wideRaw(atScale: common)
    }

    /// Numeric ordering.
    @inline(__always)
    public static func < (lhs: FixedDecimal, rhs: FixedDecimal) -> Bool {
        if lhs.scale == rhs.scale { return lhs.raw < rhs.raw }
        let common = max(lhs.scale, rhs.scale)
        if let left = lhs.narrowRaw(atScale: common), let right = rhs.narrowRaw(atScale: common) {
            return left < right
        }
        return lhs.wideRaw(atScale: common) < rhs.wideRaw(atScale: common)
    }

    /// Hashes the numeric value, so that equal values at different scales hash alike.
    public func hash(into hasher: inout Hasher) {
        let value = normalized
        hasher.combine(value.raw)
        hasher.combine(value.scale)
    }
}

/// Powers of ten as lookup tables.
enum Pow10 {
    /// 10^exponent for 0...18 (a jump table, no global array).
    @inline(__always)
    static func int64(_ exponent: Int) -> Int64 {
        switch exponent {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1000
        case 4: 10000
        case 5: 100000
        case 6: 1_000_000
        case 7: 10_000_000
        case 8: 100_000_000
        case 9: 1_000_000_000
        case 10: 10_000_000_000
        case 11: 100_000_000_000
        case 12: 1_000_000_000_000
        case 13: 10_000_000_000_000
        case 14: 100_000_000_000_000
        case 15: 1_000_000_000_000_000
        case 16: 10_000_000_000_000_000
        case 17: 100_000_000_000_000_000
        case 18: 1_000_000_000_000_000_000
        default: 0
        }
    }

    /// 10^exponent for 0...38 as a 128-bit integer.
    @inline(__always)
    static func int128(_ exponent: Int) -> Int128 {
        if exponent <= 18 { return Int128(int64(exponent)) }
        return Int128(int64(18)) * Int128(int64(exponent - 18))
    }

    /// 10^0 through 10^19.
    static let uint64: [UInt64] = (0...19).map { exponent in
        var value: UInt64 = 1
        for _ in 0..<exponent { value &*= 10 }
        return value
    }
}
