/// The market and account state the order rules need beyond the order itself.
public struct OrderContext: Sendable, Hashable {
    /// The reference or average price used by PERCENT_PRICE* and by the MARKET notional rules; `nil` leaves
    /// those checks out (reported in ``OrderVerdict/unchecked``).
    public var averagePrice: FixedDecimal?
    /// Whether a rule that needs ``averagePrice`` refuses the order (with its filter failure) when there is
    /// none, as a venue does, instead of leaving the check out.
    public var requiresAveragePrice: Bool
    /// The MAX_POSITION position: free plus locked base balance plus open BUY quantity; `nil` leaves the
    /// check out.
    public var position: FixedDecimal?
    /// Open orders on the symbol.
    public var openOrders: Int
    /// Open STOP_LOSS[_LIMIT] and TAKE_PROFIT[_LIMIT] orders on the symbol.
    public var openAlgoOrders: Int
    /// Open iceberg orders on the symbol.
    public var openIcebergOrders: Int
    /// Open orders on the whole exchange account (EXCHANGE_MAX_NUM_ORDERS); `nil`: ``openOrders``.
    public var accountOpenOrders: Int?
    /// Open algo orders on the account; `nil`: ``openAlgoOrders``.
    public var accountOpenAlgoOrders: Int?
    /// Open iceberg orders on the account; `nil`: ``openIcebergOrders``.
    public var accountOpenIcebergOrders: Int?

    /// Creates a context; all counts default to zero, the prices to unknown, and checks that need an unknown
    /// price are left out.
    public init(
        averagePrice: FixedDecimal? = nil,
        requiresAveragePrice: Bool = false,
        position: FixedDecimal? = nil,
        openOrders: Int = 0,
        openAlgoOrders: Int = 0,
        openIcebergOrders: Int = 0,
        accountOpenOrders: Int? = nil,
        accountOpenAlgoOrders: Int? = nil,
        accountOpenIcebergOrders: Int? = nil
    ) {
        self.averagePrice = averagePrice
        self.requiresAveragePrice = requiresAveragePrice
        self.position = position
        self.openOrders = openOrders
        self.openAlgoOrders = openAlgoOrders
        self.openIcebergOrders = openIcebergOrders
        self.accountOpenOrders = accountOpenOrders
        self.accountOpenAlgoOrders = accountOpenAlgoOrders
        self.accountOpenIcebergOrders = accountOpenIcebergOrders
    }
}
