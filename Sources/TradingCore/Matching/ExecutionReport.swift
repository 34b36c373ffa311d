/// One execution report of the matching engine, as the user data stream would carry it.
public struct ExecutionReport: Sendable, Hashable {
    /// The order the report is about.
    public var orderId: UInt64
    /// The account that owns the order.
    public var account: UInt64
    /// Why the report was sent.
    public var executionType: ExecutionType
    /// The order's status after the event.
    public var status: OrderStatus
    /// The quantity of this trade (zero otherwise).
    public var lastQuantity: FixedDecimal
    /// The price of this trade or prevented match (zero otherwise).
    public var lastPrice: FixedDecimal
    /// The order's cumulative executed quantity.
    public var executedQuantity: FixedDecimal
    /// The order's cumulative prevented quantity (Binance field `A`).
    public var preventedQuantity: FixedDecimal
    /// The trade id, for TRADE reports.
    public var tradeId: UInt64?
    /// The prevented match id, for TRADE_PREVENTION reports.
    public var preventedMatchId: UInt64?
    /// The counterparty order of a trade or prevented match.
    public var counterOrderId: UInt64?
    /// Whether the order was the maker of this trade.
    public var isMaker: Bool
    /// The reason of a REJECTED report.
    public var rejection: OrderRejection?
}
