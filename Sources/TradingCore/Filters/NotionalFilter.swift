/// NOTIONAL, or the legacy MIN_NOTIONAL: `minNotional <= price × quantity <= maxNotional`.
///
/// For MARKET orders the minimum applies only if `applyMinToMarket` (legacy: `applyToMarket`) and the maximum
/// only if `applyMaxToMarket`, with the average price standing in for the price.
public struct NotionalFilter: Sendable, Hashable {
    /// The smallest notional.
    public var minNotional: FixedDecimal
    /// Whether the minimum applies to MARKET orders.
    public var applyMinToMarket: Bool
    /// The largest notional, or `nil` (legacy MIN_NOTIONAL has none).
    public var maxNotional: FixedDecimal?
    /// Whether the maximum applies to MARKET orders.
    public var applyMaxToMarket: Bool
    /// The minutes of the average price.
    public var avgPriceMins: Int
    /// Whether this is the legacy MIN_NOTIONAL filter; decides the rejection name.
    public var legacy: Bool

    /// Creates the filter.
    public init(
        minNotional: FixedDecimal,
        applyMinToMarket: Bool,
        maxNotional: FixedDecimal?,
        applyMaxToMarket: Bool,
        avgPriceMins: Int,
        legacy: Bool
    ) {
        self.minNotional = minNotional
        self.applyMinToMarket = applyMinToMarket
        self.maxNotional = maxNotional
        self.applyMaxToMarket = applyMaxToMarket
        self.avgPriceMins = avgPriceMins
        self.legacy = legacy
    }

    /// The filter's name in `Filter failure: <NAME>`.
    public var name: String { legacy ? "MIN_NOTIONAL" : "NOTIONAL" }

    /// Whether `notional` passes; `market` selects the MARKET rules.
    @inline(__always)
    public func accepts(_ notional: WideDecimal, market: Bool) -> Bool {
        if !market || applyMinToMarket, notional.compare(minNotional) < 0 { return false }
        if let maxNotional, !maxNotional.isZero, !market || applyMaxToMarket, notional.compare(maxNotional) > 0 {
            return false
        }
        return true
    }
}
