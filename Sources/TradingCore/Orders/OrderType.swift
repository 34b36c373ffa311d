/// A Binance spot order type.
public enum OrderType: String, Sendable, Hashable, CaseIterable {
    /// A limit order; needs `timeInForce`, `price` and `quantity`.
    case limit = "LIMIT"
    /// A market order; needs `quantity` or `quoteOrderQty`.
    case market = "MARKET"
    /// A market order that triggers at `stopPrice` (or by `trailingDelta`).
    case stopLoss = "STOP_LOSS"
    /// A limit order that triggers at `stopPrice` (or by `trailingDelta`).
    case stopLossLimit = "STOP_LOSS_LIMIT"
    /// A market order that triggers at `stopPrice` (or by `trailingDelta`), on the profit side.
    case takeProfit = "TAKE_PROFIT"
    /// A limit order that triggers at `stopPrice` (or by `trailingDelta`), on the profit side.
    case takeProfitLimit = "TAKE_PROFIT_LIMIT"
    /// A limit order rejected if it would take liquidity immediately.
    case limitMaker = "LIMIT_MAKER"

    /// Whether the order counts as an algo order (STOP_LOSS[_LIMIT] and TAKE_PROFIT[_LIMIT]).
    public var isAlgo: Bool {
        switch self {
        case .stopLoss, .stopLossLimit, .takeProfit, .takeProfitLimit: true
        case .limit, .market, .limitMaker: false
        }
    }

    /// Whether the order executes as a market order (once triggered, for the stop types).
    public var isMarketLike: Bool { self == .market || self == .stopLoss || self == .takeProfit }

    /// Whether the order carries a limit price.
    public var hasLimitPrice: Bool {
        switch self {
        case .limit, .stopLossLimit, .takeProfitLimit, .limitMaker: true
        case .market, .stopLoss, .takeProfit: false
        }
    }

    /// Whether `timeInForce` is mandatory (LIMIT and the stop-limit types).
    public var requiresTimeInForce: Bool { self == .limit || self == .stopLossLimit || self == .takeProfitLimit }

    /// The text Binance uses in "… orders are not supported for this symbol." rejections.
    var unsupportedMessage: String {
        switch self {
        case .market: "Market orders are not supported for this symbol."
        case .stopLoss: "Stop loss orders are not supported for this symbol."
        case .stopLossLimit: "Stop loss limit orders are not supported for this symbol."
        case .takeProfit: "Take profit orders are not supported for this symbol."
        case .takeProfitLimit: "Take profit limit orders are not supported for this symbol."
        case .limit, .limitMaker: "Unsupported order combination"
        }
    }
}
