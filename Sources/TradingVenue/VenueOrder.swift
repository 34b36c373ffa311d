import TradingCore
import TradingStore

/// A new order handed to the venue: the request with its timing fields, its account, the client's
/// `newClientOrderId`, and the market context the filters need.
///
/// The order id is not chosen by the caller: the venue takes it from the store when it writes the order.
public struct VenueOrder: Sendable, Hashable {
    /// The client's request.
    public var request: OrderRequest
    /// The account (its id in the store).
    public var account: UInt64
    /// The request's `timestamp`.
    public var timestamp: BinanceTimestamp
    /// The request's `recvWindow`.
    public var recvWindow: RecvWindow
    /// The client's `newClientOrderId`; `nil` lets the venue make one up (and then no idempotency applies).
    public var clientOrderId: String?
    /// Open-order counts and position for the filters. The venue replaces the account's count of open
    /// orders on the symbol and the average price with its own (``context(on:atMicros:)``).
    public var context: OrderContext

    /// Creates an order.
    public init(
        request: OrderRequest,
        account: UInt64,
        timestamp: BinanceTimestamp,
        recvWindow: RecvWindow = .default,
        clientOrderId: String? = nil,
        context: OrderContext = OrderContext()
    ) {
        self.request = request
        self.account = account
        self.timestamp = timestamp
        self.recvWindow = recvWindow
        self.clientOrderId = clientOrderId
        self.context = context
    }
}

extension VenueOrder {
    /// The order as the store first writes it: new, nothing executed, created and updated at `milliseconds`.
    func newRecord(id: Int64, symbol: String, clientOrderId: String, milliseconds: Int64) -> OrderRecord {
        OrderRecord(
            id: id,
            accountID: Int64(bitPattern: account),
            symbol: symbol,
            clientOrderID: clientOrderId,
            side: request.side.rawValue,
            type: request.type.rawValue,
            timeInForce: request.timeInForce?.rawValue,
            price: request.price?.description,
            originalQuantity: request.quantity?.description ?? "0",
            executedQuantity: "0",
            cumulativeQuoteQuantity: "0",
            status: OrderStatus.new.rawValue,
            createdMilliseconds: milliseconds,
            updatedMilliseconds: milliseconds,
            quoteOrderQuantity: request.quoteOrderQty?.description,
            stopPrice: request.stopPrice?.description,
            icebergQuantity: request.icebergQty?.description,
            selfTradePreventionMode: request.selfTradePreventionMode?.rawValue
        )
    }
}

/// The venue's answer to one order, given only once the order is durable.
public enum VenueVerdict: Sendable, Hashable {
    /// The order is in the book (or done with it): its id, client id, final status after matching, and the
    /// events that were committed for it (``IntakeDecision/reports`` style: NEW, trades, expiry).
    case accepted(orderId: UInt64, clientOrderId: String, status: OrderStatus, events: [BookEvent])
    /// Refused with Binance's code and message: the intake's verdicts, `-2010 Duplicate order sent.` and
    /// `-2010 Account has insufficient balance for requested action.`
    case rejected(OrderRejection)

    /// The rejection, if any.
    public var rejection: OrderRejection? {
        if case .rejected(let rejection) = self { return rejection }
        return nil
    }
}

extension OrderRejection {
    /// Binance's answer to a `newClientOrderId` reused within the idempotency window.
    static let duplicateOrder = OrderRejection(.newOrderRejected, "Duplicate order sent.")
    /// Binance's answer to an order the account cannot fund.
    static let insufficientBalance = OrderRejection(
        .newOrderRejected,
        "Account has insufficient balance for requested action."
    )
}

extension VenueOrder {
    /// The context the order is decided in at `micros`: ``context`` with the account's open orders counted
    /// on `state`, the state the decision is made on, and that state's average price (required: without one,
    /// an order that needs it is refused with its filter's failure). The caller's copy of
    /// the book can be behind the log (orders placed or ended through another instance) or the batch
    /// (earlier orders of the same group commit); counted there, MAX_NUM_ORDERS could be passed, or refuse
    /// an order wrongly, and the average would miss the trades in between.
    func context(on state: VenueState, atMicros micros: Int64) -> OrderContext {
        var context = context
        context.openOrders = state.ledger.openOrders(of: account)
        context.averagePrice = state.averagePrice.price(atMicros: micros)
        context.requiresAveragePrice = true
        return context
    }
}
