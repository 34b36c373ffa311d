/// A new-order request as sent to `POST /api/v3/order`, with the fields the validator and engine use.
public struct OrderRequest: Sendable, Hashable {
    /// The symbol, e.g. `BTCUSDT`.
    public var symbol: String
    /// BUY or SELL.
    public var side: OrderSide
    /// The order type.
    public var type: OrderType
    /// GTC, IOC or FOK; mandatory for LIMIT and the stop-limit types, refused for the others.
    public var timeInForce: TimeInForce?
    /// The limit price.
    public var price: FixedDecimal?
    /// The base quantity.
    public var quantity: FixedDecimal?
    /// The quote amount to spend or receive (MARKET only).
    public var quoteOrderQty: FixedDecimal?
    /// The trigger price of the stop types.
    public var stopPrice: FixedDecimal?
    /// The visible part of an iceberg order.
    public var icebergQty: FixedDecimal?
    /// The trailing delta in BIPS (stop types only).
    public var trailingDelta: Int?
    /// The STP mode; `nil` takes the symbol's default.
    public var selfTradePreventionMode: STPMode?

    /// Creates a request.
    public init(
        symbol: String,
        side: OrderSide,
        type: OrderType,
        timeInForce: TimeInForce? = nil,
        price: FixedDecimal? = nil,
        quantity: FixedDecimal? = nil,
        quoteOrderQty: FixedDecimal? = nil,
        stopPrice: FixedDecimal? = nil,
        icebergQty: FixedDecimal? = nil,
        trailingDelta: Int? = nil,
        selfTradePreventionMode: STPMode? = nil
    ) {
        self.symbol = symbol
        self.side = side
        self.type = type
        self.timeInForce = timeInForce
        self.price = price
        self.quantity = quantity
        self.quoteOrderQty = quoteOrderQty
        self.stopPrice = stopPrice
        self.icebergQty = icebergQty
        self.trailingDelta = trailingDelta
        self.selfTradePreventionMode = selfTradePreventionMode
    }
}
