import TradingCore

/// An exact amount of an asset for the ledger: an `Int128` count of 10⁻¹⁶ units, so that a price times a
/// quantity (each with at most 8 decimals, Binance's limit) is exact.
public struct LedgerAmount: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The decimals of ``raw``.
    public static let scale = 16
    private static let unit: Int128 = 10_000_000_000_000_000
    /// Zero.
    public static let zero = LedgerAmount(raw: 0)

    /// The amount in units of 10⁻¹⁶.
    public let raw: Int128

    /// Creates an amount from its raw count.
    public init(raw: Int128) { self.raw = raw }

    /// The amount `value` (whose scale is at most 16).
    public init(_ value: FixedDecimal) {
        raw = Int128(value.raw) * Self.power(Self.scale - Int(value.scale))
    }

    /// The exact product of a price and a quantity (their scales add up to at most 16).
    public init(_ price: FixedDecimal, times quantity: FixedDecimal) {
        let scale = Int(price.scale) + Int(quantity.scale)
        raw = Int128(price.raw) * Int128(quantity.raw) * Self.power(Self.scale - scale)
    }

    private static func power(_ exponent: Int) -> Int128 {
        var result: Int128 = 1
        for _ in 0..<max(exponent, 0) { result *= 10 }
        return result
    }

    /// The sum.
    public static func + (lhs: LedgerAmount, rhs: LedgerAmount) -> LedgerAmount { LedgerAmount(raw: lhs.raw + rhs.raw) }
    /// The difference.
    public static func - (lhs: LedgerAmount, rhs: LedgerAmount) -> LedgerAmount { LedgerAmount(raw: lhs.raw - rhs.raw) }
    /// The negation.
    public static prefix func - (amount: LedgerAmount) -> LedgerAmount { LedgerAmount(raw: -amount.raw) }
    /// Ordering by value.
    public static func < (lhs: LedgerAmount, rhs: LedgerAmount) -> Bool { lhs.raw < rhs.raw }

    /// The amount as a decimal string without trailing zeros (`"-12.5"`, `"0"`), as the store takes it. Written
    /// with 64-bit arithmetic where the parts fit (every order writes several of these).
    public var description: String {
        let magnitude = raw.magnitude
        let whole = magnitude / UInt128(Self.unit)
        var fraction = UInt64(magnitude % UInt128(Self.unit))
        var digits = Self.scale
        while digits > 0 && fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var text = raw < 0 ? "-" : ""
        if let small = UInt64(exactly: whole) { text += String(small) } else { text += String(whole) }
        guard digits > 0 else { return text }
        let fractionText = String(fraction)
        return text + "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
    }
}
