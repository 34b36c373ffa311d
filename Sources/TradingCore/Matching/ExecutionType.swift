/// Why an execution report was sent (Binance `executionType`).
public enum ExecutionType: String, Sendable, Hashable {
    /// The order was accepted.
    case new = "NEW"
    /// The order traded.
    case trade = "TRADE"
    /// The order was canceled by the user.
    case canceled = "CANCELED"
    /// The order expired (type rules or self-trade prevention).
    case expired = "EXPIRED"
    /// The order was refused.
    case rejected = "REJECTED"
    /// A match was prevented by self-trade prevention.
    case tradePrevention = "TRADE_PREVENTION"
}
