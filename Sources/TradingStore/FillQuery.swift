/// Which of an account's fills on a symbol to read back (``Fills/list(_:on:)``): the filters, and which end of
/// the matching fills a page of at most `limit` is cut from.
public struct FillQuery: Hashable, Sendable {
    /// The account.
    public var accountID: Int64
    /// The symbol.
    public var symbol: String
    /// Only the fills of this order.
    public var orderID: Int64?
    /// Nil: the newest `limit` matching fills. Otherwise the oldest `limit` matching fills with an id of at
    /// least this.
    public var fromID: Int64?
    /// Only fills at or after this time (ms since the epoch).
    public var earliestMilliseconds: Int64?
    /// Only fills at or before this time (ms since the epoch).
    public var latestMilliseconds: Int64?
    /// The most fills to return.
    public var limit: Int

    /// Creates a query.
    public init(
        accountID: Int64,
        symbol: String,
        orderID: Int64? = nil,
        fromID: Int64? = nil,
        earliestMilliseconds: Int64? = nil,
        latestMilliseconds: Int64? = nil,
        limit: Int = 500
    ) {
        self.accountID = accountID
        self.symbol = symbol
        self.orderID = orderID
        self.fromID = fromID
        self.earliestMilliseconds = earliestMilliseconds
        self.latestMilliseconds = latestMilliseconds
        self.limit = limit
    }
}
