/// PERCENT_PRICE (legacy, one pair of multipliers) or PERCENT_PRICE_BY_SIDE (bid and ask pairs).
///
/// A BUY must satisfy `avg × bidMultiplierDown <= price <= avg × bidMultiplierUp`; a SELL uses the ask pair.
/// For the legacy filter both pairs are the same. `avg` is the reference or average price the caller supplies.
public struct PercentPriceFilter: Sendable, Hashable {
    /// The upper multiplier for BUY orders.
    public var bidMultiplierUp: FixedDecimal
    /// The lower multiplier for BUY orders.
    public var bidMultiplierDown: FixedDecimal
    /// The upper multiplier for SELL orders.
    public var askMultiplierUp: FixedDecimal
    /// The lower multiplier for SELL orders.
    public var askMultiplierDown: FixedDecimal
    /// The minutes of the average price (0: last price).
    public var avgPriceMins: Int
    /// Whether this is PERCENT_PRICE_BY_SIDE (else legacy PERCENT_PRICE); decides the rejection name.
    public var bySide: Bool

    /// Creates the filter.
    public init(
        bidMultiplierUp: FixedDecimal,
        bidMultiplierDown: FixedDecimal,
        askMultiplierUp: FixedDecimal,
        askMultiplierDown: FixedDecimal,
        avgPriceMins: Int,
        bySide: Bool
    ) {
        self.bidMultiplierUp = bidMultiplierUp
        self.bidMultiplierDown = bidMultiplierDown
        self.askMultiplierUp = askMultiplierUp
        self.askMultiplierDown = askMultiplierDown
        self.avgPriceMins = avgPriceMins
        self.bySide = bySide
    }

    /// The filter's name in `Filter failure: <NAME>`.
    public var name: String { bySide ? "PERCENT_PRICE_BY_SIDE" : "PERCENT_PRICE" }

    /// Whether `price` for `side` is within the band around `average`; exact (128-bit products).
    @inline(__always)
    public func accepts(_ price: FixedDecimal, side: OrderSide, average: FixedDecimal) -> Bool {
        let up = side == .buy ? bidMultiplierUp : askMultiplierUp
        let down = side == .buy ? bidMultiplierDown : askMultiplierDown
        if average.exactProduct(up).compare(price) < 0 { return false }
        if average.exactProduct(down).compare(price) > 0 { return false }
        return true
    }
}
