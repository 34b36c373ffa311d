/// Rules an accepted verdict could not check for lack of context (no average price, no position).
public struct UncheckedRules: OptionSet, Sendable, Hashable {
    /// The raw bits.
    public let rawValue: UInt8
    /// Creates the set from bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// PERCENT_PRICE or PERCENT_PRICE_BY_SIDE (needs the average price).
    public static let percentPrice = UncheckedRules(rawValue: 1 << 0)
    /// The MARKET notional rule of NOTIONAL or MIN_NOTIONAL (needs the average price).
    public static let marketNotional = UncheckedRules(rawValue: 1 << 1)
    /// MAX_POSITION (needs the position).
    public static let maxPosition = UncheckedRules(rawValue: 1 << 2)
    /// LOT_SIZE for a MARKET order by `quoteOrderQty` (the quantity is known only at execution).
    public static let quoteOrderLotSize = UncheckedRules(rawValue: 1 << 3)

    /// The names of the rules in the set.
    public var names: [String] {
        var result: [String] = []
        if contains(.percentPrice) { result.append("PERCENT_PRICE") }
        if contains(.marketNotional) { result.append("NOTIONAL(MARKET)") }
        if contains(.maxPosition) { result.append("MAX_POSITION") }
        if contains(.quoteOrderLotSize) { result.append("LOT_SIZE(quoteOrderQty)") }
        return result
    }
}
