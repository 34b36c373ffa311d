/// The side of an order, as Binance spells it.
public enum OrderSide: String, Sendable, Hashable, CaseIterable {
    /// Buy the base asset.
    case buy = "BUY"
    /// Sell the base asset.
    case sell = "SELL"

    /// The other side.
    public var opposite: OrderSide { self == .buy ? .sell : .buy }
}
