/// An order as stored: Binance's fields in plain columns, amounts as decimal strings.
public struct OrderRecord: Hashable, Sendable {
    /// The venue's order id (assigned by the database; 0 before insertion).
    public var id: Int64
    /// The owning account.
    public var accountID: Int64
    /// The symbol.
    public var symbol: String
    /// The client's order id (`newClientOrderId`).
    public var clientOrderID: String
    /// `BUY` or `SELL`.
    public var side: String
    /// The order type (`LIMIT`, `MARKET`, …).
    public var type: String
    /// `GTC`, `IOC`, `FOK`, or nil.
    public var timeInForce: String?
    /// The limit price, or nil for market orders.
    public var price: String?
    /// The ordered quantity.
    public var originalQuantity: String
    /// The quantity filled so far.
    public var executedQuantity: String
    /// The quote amount filled so far (Binance's spelling: `cummulativeQuoteQty`).
    public var cumulativeQuoteQuantity: String
    /// `NEW`, `PARTIALLY_FILLED`, `FILLED`, `CANCELED`, `EXPIRED`, …
    public var status: String
    /// When the order was placed (ms since the epoch).
    public var createdMilliseconds: Int64
    /// When it last changed (ms since the epoch).
    public var updatedMilliseconds: Int64
    /// The quote amount a market order was placed for (`quoteOrderQty`), if it was.
    public var quoteOrderQuantity: String?
    /// The stop price it was placed with, if any.
    public var stopPrice: String?
    /// The iceberg quantity it was placed with, if any.
    public var icebergQuantity: String?
    /// The self-trade prevention mode it was placed with (`EXPIRE_TAKER`, …), if the request named one.
    public var selfTradePreventionMode: String?

    /// Creates a record.
    public init(
        id: Int64 = 0,
        accountID: Int64,
        symbol: String,
        clientOrderID: String,
        side: String,
        type: String,
        timeInForce: String? = nil,
        price: String? = nil,
        originalQuantity: String,
        executedQuantity: String = "0",
        cumulativeQuoteQuantity: String = "0",
        status: String = "NEW",
        createdMilliseconds: Int64,
        updatedMilliseconds: Int64? = nil,
        quoteOrderQuantity: String? = nil,
        stopPrice: String? = nil,
        icebergQuantity: String? = nil,
        selfTradePreventionMode: String? = nil
    ) {
        self.id = id
        self.accountID = accountID
        self.symbol = symbol
        self.clientOrderID = clientOrderID
        self.side = side
        self.type = type
        self.timeInForce = timeInForce
        self.price = price
        self.originalQuantity = originalQuantity
        self.executedQuantity = executedQuantity
        self.cumulativeQuoteQuantity = cumulativeQuoteQuantity
        self.status = status
        self.createdMilliseconds = createdMilliseconds
        self.updatedMilliseconds = updatedMilliseconds ?? createdMilliseconds
        self.quoteOrderQuantity = quoteOrderQuantity
        self.stopPrice = stopPrice
        self.icebergQuantity = icebergQuantity
        self.selfTradePreventionMode = selfTradePreventionMode
    }
}
