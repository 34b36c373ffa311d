/// One side of a trade as stored (Binance's `myTrades` entry): amounts as decimal strings.
public struct FillRecord: Hashable, Sendable {
    /// The trade id (assigned by the database; 0 before insertion).
    public var id: Int64
    /// The symbol.
    public var symbol: String
    /// The order this side belongs to.
    public var orderID: Int64
    /// The order's account.
    public var accountID: Int64
    /// The trade price.
    public var price: String
    /// The base quantity.
    public var quantity: String
    /// The quote quantity (price × quantity).
    public var quoteQuantity: String
    /// The fee charged.
    public var commission: String
    /// The asset the fee was charged in.
    public var commissionAsset: String
    /// Whether this side bought.
    public var isBuyer: Bool
    /// Whether this side was resting (the maker).
    public var isMaker: Bool
    /// When the trade happened (ms since the epoch).
    public var timeMilliseconds: Int64

    /// Creates a record.
    public init(
        id: Int64 = 0,
        symbol: String,
        orderID: Int64,
        accountID: Int64,
        price: String,
        quantity: String,
        quoteQuantity: String,
        commission: String = "0",
        commissionAsset: String,
        isBuyer: Bool,
        isMaker: Bool,
        timeMilliseconds: Int64
    ) {
        self.id = id
        self.symbol = symbol
        self.orderID = orderID
        self.accountID = accountID
        self.price = price
        self.quantity = quantity
        self.quoteQuantity = quoteQuantity
        self.commission = commission
        self.commissionAsset = commissionAsset
        self.isBuyer = isBuyer
        self.isMaker = isMaker
        self.timeMilliseconds = timeMilliseconds
    }
}
