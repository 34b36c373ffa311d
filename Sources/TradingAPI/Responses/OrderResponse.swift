import JSON
import TradingCore

/// One fill of a FULL new-order response.
public struct OrderFill: Sendable, Hashable {
    /// The trade price.
    public var price: FixedDecimal
    /// The traded quantity.
    public var quantity: FixedDecimal
    /// The commission paid.
    public var commission: FixedDecimal
    /// The asset the commission was paid in.
    public var commissionAsset: String
    /// The trade id.
    public var tradeId: UInt64

    /// Creates a fill.
    public init(
        price: FixedDecimal,
        quantity: FixedDecimal,
        commission: FixedDecimal,
        commissionAsset: String,
        tradeId: UInt64
    ) {
        self.price = price
        self.quantity = quantity
        self.commission = commission
        self.commissionAsset = commissionAsset
        self.tradeId = tradeId
    }

    /// `{price, qty, commission, commissionAsset, tradeId}`.
    public var json: JSONValue {
        .object([
            ("price", .decimal(price)), ("qty", .decimal(quantity)), ("commission", .decimal(commission)),
            ("commissionAsset", .string(commissionAsset)), ("tradeId", .uint64(tradeId)),
        ])
    }
}

/// An order's state as the new-order, query and cancel responses show it, with Binance's field names and
/// types: ids and times as integers, decimals as strings.
public struct OrderResponse: Sendable, Hashable {
    /// The symbol.
    public var symbol: String
    /// The venue's order id.
    public var orderId: UInt64
    /// The order list id; -1 outside an order list.
    public var orderListId: Int64 = -1
    /// The client order id.
    public var clientOrderId: String
    /// When the order was accepted, ms since the epoch.
    public var transactTime: Int64
    /// The limit price (zero for market orders).
    public var price: FixedDecimal
    /// The ordered quantity.
    public var origQty: FixedDecimal
    /// The executed quantity.
    public var executedQty: FixedDecimal
    /// The quote amount asked for (zero unless by `quoteOrderQty`).
    public var origQuoteOrderQty: FixedDecimal
    /// The cumulative quote amount (Binance's spelling).
    public var cummulativeQuoteQty: FixedDecimal
    /// The status.
    public var status: OrderStatus
    /// The time in force.
    public var timeInForce: TimeInForce
    /// The type.
    public var type: OrderType
    /// The side.
    public var side: OrderSide
    /// When the order started working on the book, ms.
    public var workingTime: Int64
    /// The STP mode in force.
    public var selfTradePreventionMode: STPMode
    /// The fills (FULL responses).
    public var fills: [OrderFill]

    /// Creates a response.
    public init(
        symbol: String,
        orderId: UInt64,
        clientOrderId: String,
        transactTime: Int64,
        price: FixedDecimal,
        origQty: FixedDecimal,
        executedQty: FixedDecimal,
        origQuoteOrderQty: FixedDecimal,
        cummulativeQuoteQty: FixedDecimal,
        status: OrderStatus,
        timeInForce: TimeInForce,
        type: OrderType,
        side: OrderSide,
        workingTime: Int64,
        selfTradePreventionMode: STPMode,
        fills: [OrderFill] = []
    ) {
        self.symbol = symbol
        self.orderId = orderId
        self.clientOrderId = clientOrderId
        self.transactTime = transactTime
        self.price = price
        self.origQty = origQty
        self.executedQty = executedQty
        self.origQuoteOrderQty = origQuoteOrderQty
        self.cummulativeQuoteQty = cummulativeQuoteQty
        self.status = status
        self.timeInForce = timeInForce
        self.type = type
        self.side = side
        self.workingTime = workingTime
        self.selfTradePreventionMode = selfTradePreventionMode
        self.fills = fills
    }

    /// The body of `POST /api/v3/order` for `responseType`.
    public func newOrderJSON(_ responseType: NewOrderResponseType) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("symbol", .string(symbol)), ("orderId", .uint64(orderId)), ("orderListId", .int64(orderListId)),
            ("clientOrderId", .string(clientOrderId)), ("transactTime", .int64(transactTime)),
        ]
        guard responseType != .ack else { return .object(fields) }
        fields += stateFields
        fields.append(("workingTime", .int64(workingTime)))
        fields.append(("selfTradePreventionMode", .string(selfTradePreventionMode.rawValue)))
        if responseType == .full { fields.append(("fills", .array(fills.map(\.json)))) }
        return .object(fields)
    }

    /// The body of `GET /api/v3/order` (and one element of `openOrders`): RESULT's fields without
    /// `transactTime`, plus `stopPrice`, `icebergQty`, `time`, `updateTime` and `isWorking`.
    public func queryJSON(
        stopPrice: FixedDecimal,
        icebergQty: FixedDecimal,
        time: Int64,
        updateTime: Int64,
        isWorking: Bool
    ) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("symbol", .string(symbol)), ("orderId", .uint64(orderId)), ("orderListId", .int64(orderListId)),
            ("clientOrderId", .string(clientOrderId)),
        ]
        fields += stateFields
        fields += [
            ("stopPrice", .decimal(stopPrice)), ("icebergQty", .decimal(icebergQty)), ("time", .int64(time)),
            ("updateTime", .int64(updateTime)), ("isWorking", .bool(isWorking)),
            ("workingTime", .int64(workingTime)),
            ("selfTradePreventionMode", .string(selfTradePreventionMode.rawValue)),
        ]
        return .object(fields)
    }

    /// The body of `DELETE /api/v3/order` (and one element of `DELETE /api/v3/openOrders`): RESULT's fields
    /// without `workingTime`, plus `origClientOrderId`; ``clientOrderId`` is then the cancel's own id.
    public func cancelJSON(origClientOrderId: String) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("symbol", .string(symbol)), ("origClientOrderId", .string(origClientOrderId)),
            ("orderId", .uint64(orderId)), ("orderListId", .int64(orderListId)),
            ("clientOrderId", .string(clientOrderId)), ("transactTime", .int64(transactTime)),
        ]
        fields += stateFields
        fields.append(("selfTradePreventionMode", .string(selfTradePreventionMode.rawValue)))
        return .object(fields)
    }

    /// `price` … `side`, shared by every response above ACK.
    private var stateFields: [(String, JSONValue)] {
        [
            ("price", .decimal(price)), ("origQty", .decimal(origQty)), ("executedQty", .decimal(executedQty)),
            ("origQuoteOrderQty", .decimal(origQuoteOrderQty)),
            ("cummulativeQuoteQty", .decimal(cummulativeQuoteQty)), ("status", .string(status.rawValue)),
            ("timeInForce", .string(timeInForce.rawValue)), ("type", .string(type.rawValue)),
            ("side", .string(side.rawValue)),
        ]
    }
}
