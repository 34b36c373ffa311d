/// PRICE_FILTER: `minPrice <= price <= maxPrice` and `price % tickSize == 0`; each field 0 disables its rule.
/// Applies to `price` and `stopPrice`.
public struct PriceFilter: Sendable, Hashable {
    /// The lowest price, or 0 for none.
    public var minPrice: FixedDecimal
    /// The highest price, or 0 for none.
    public var maxPrice: FixedDecimal
    /// The price increment, or 0 for none.
    public var tickSize: FixedDecimal

    /// Creates the filter.
    public init(minPrice: FixedDecimal, maxPrice: FixedDecimal, tickSize: FixedDecimal) {
        self.minPrice = minPrice
        self.maxPrice = maxPrice
        self.tickSize = tickSize
    }

    /// Whether `price` passes (Binance's rule since 2022-02-24: `price % tickSize == 0`).
    @inline(__always)
    public func accepts(_ price: FixedDecimal) -> Bool {
        if !minPrice.isZero && price < minPrice { return false }
        if !maxPrice.isZero && price > maxPrice { return false }
        return price.isMultiple(of: tickSize)
    }
}
