/// An order entering the matching engine (after validation).
public struct NewOrder: Sendable, Hashable {
    /// A unique id chosen by the caller.
    public var id: UInt64
    /// The owning account: orders of the same account self-trade.
    public var account: UInt64
    /// BUY or SELL.
    public var side: OrderSide
    /// The order type.
    public var type: OrderType
    /// GTC, IOC or FOK (ignored by MARKET, STOP_LOSS and TAKE_PROFIT, which never rest).
    public var timeInForce: TimeInForce
    /// The limit price (LIMIT, LIMIT_MAKER and the stop-limit types).
    public var price: FixedDecimal?
    /// The base quantity (all types; or `quoteOrderQty` for MARKET).
    public var quantity: FixedDecimal?
    /// The quote amount of a MARKET order.
    public var quoteOrderQty: FixedDecimal?
    /// The trigger of the stop and take-profit types.
    public var stopPrice: FixedDecimal?
    /// The part of an iceberg order shown on the book (LIMIT-type GTC orders only); `nil` or 0: all of it.
    public var icebergQty: FixedDecimal?
    /// The trailing delta in BIPS of a trailing stop order (stop types only); its `stopPrice` is then the
    /// optional activation price.
    public var trailingDelta: Int?
    /// The self-trade prevention mode (the symbol's default if the request named none).
    public var stpMode: STPMode

    /// Creates an order.
    public init(
        id: UInt64,
        account: UInt64,
        side: OrderSide,
        type: OrderType,
        timeInForce: TimeInForce = .gtc,
        price: FixedDecimal? = nil,
        quantity: FixedDecimal? = nil,
        quoteOrderQty: FixedDecimal? = nil,
        stopPrice: FixedDecimal? = nil,
        icebergQty: FixedDecimal? = nil,
        trailingDelta: Int? = nil,
        stpMode: STPMode = .none
    ) {
        self.id = id
        self.account = account
        self.side = side
        self.type = type
        self.timeInForce = timeInForce
        self.price = price
        self.quantity = quantity
        self.quoteOrderQty = quoteOrderQty
        self.stopPrice = stopPrice
        self.icebergQty = icebergQty
        self.trailingDelta = trailingDelta
        self.stpMode = stpMode
    }
}
