/// A match that self-trade prevention stopped (Binance `preventedMatches[]`).
public struct PreventedMatch: Sendable, Hashable {
    /// The id, unique per engine.
    public var preventedMatchId: UInt64
    /// The incoming order.
    public var takerOrderId: UInt64
    /// The resting order.
    public var makerOrderId: UInt64
    /// The taker's mode, which decided.
    public var mode: STPMode
    /// The maker's price.
    public var price: FixedDecimal
    /// The taker quantity that will not trade.
    public var takerPreventedQuantity: FixedDecimal
    /// The maker quantity that will not trade.
    public var makerPreventedQuantity: FixedDecimal
}
