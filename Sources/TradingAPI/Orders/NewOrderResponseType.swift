import TradingCore

/// How much a new-order response says (`newOrderRespType`).
public enum NewOrderResponseType: String, Sendable, Hashable, CaseIterable {
    /// The ids and the transaction time.
    case ack = "ACK"
    /// ACK plus the order's state.
    case result = "RESULT"
    /// RESULT plus the fills.
    case full = "FULL"

    /// Binance's default: FULL for MARKET and LIMIT, ACK for the other types.
    public static func defaultFor(_ type: OrderType) -> NewOrderResponseType {
        type == .market || type == .limit ? .full : .ack
    }
}
