import TradingCore

/// What a symbol's events do to balances, orders and fills: a pure function of the events and the orders
/// still open, shared by the writer (which stores the effects) and the catch-up (which only keeps the state).
///
/// Funds: a new order locks what it may spend (BUY: price × quantity of the quote asset, or the
/// `quoteOrderQty` of a MARKET order, or, for a MARKET order by quantity, what its trades cost; SELL: the
/// quantity of the base asset, or, for a MARKET order by `quoteOrderQty`, what its trades sell). A trade takes
/// from the locked funds at the order's own price and credits the other asset (a BUY that fills below its
/// limit gets the difference back as free funds). When an order ends, what is still locked is freed.
/// Commission is zero.
public struct VenueLedger: Sendable, Hashable {
    /// An order the ledger follows until it ends.
    public struct OpenOrder: Sendable, Hashable {
        /// The order as admitted.
        public var order: NewOrder
        /// What is still locked for it.
        public var locked: LedgerAmount
        /// The quote amount its trades have moved so far (`cummulativeQuoteQty`).
        public var cumulativeQuote: LedgerAmount
    }

    /// One balance change.
    public struct BalanceChange: Sendable, Hashable {
        /// The account.
        public var account: UInt64
        /// The asset.
        public var asset: String
        /// Added to the free balance (negative to take away).
        public var free: LedgerAmount
        /// Added to the locked balance.
        public var locked: LedgerAmount
    }

    /// An order's state after the events.
    public struct OrderUpdate: Sendable, Hashable {
        /// The order.
        public var orderId: UInt64
        /// Its status.
        public var status: OrderStatus
        /// Its executed quantity.
        public var executedQuantity: FixedDecimal
        /// Its cumulative quote quantity.
        public var cumulativeQuote: LedgerAmount
    }

    /// One side of one trade.
    public struct Fill: Sendable, Hashable {
        /// The order.
        public var orderId: UInt64
        /// Its account.
        public var account: UInt64
        /// Whether the order bought.
        public var isBuyer: Bool
        /// Whether the order was the maker.
        public var isMaker: Bool
        /// The trade price.
        public var price: FixedDecimal
        /// The trade quantity.
        public var quantity: FixedDecimal
        /// Price × quantity.
        public var quote: LedgerAmount
    }

    /// The effects of a run of events, in the order they must be written.
    public struct Effects: Sendable, Hashable {
        /// Balance changes: locks first, then trades, then releases.
        public var balances: [BalanceChange] = []
        /// The last state of every order the events touched, in the order first touched.
        public var orders: [OrderUpdate] = []
        /// The trades, one entry per side.
        public var fills: [Fill] = []
    }

    /// The symbol's base asset.
    public let baseAsset: String
    /// The symbol's quote asset.
    public let quoteAsset: String
    /// The open orders, by id.
    public private(set) var open: [UInt64: OpenOrder] = [:]
    /// How many of ``open`` each account has, kept as ``open`` changes.
    private var openCounts: [UInt64: Int] = [:]

    /// An empty ledger of a symbol.
    public init(baseAsset: String, quoteAsset: String) {
        self.baseAsset = baseAsset
        self.quoteAsset = quoteAsset
    }

    /// How many orders of `account` are open on the symbol (what MAX_NUM_ORDERS counts).
    public func openOrders(of account: UInt64) -> Int { openCounts[account] ?? 0 }

    /// Follows `events` (a decision's, or the log's) and returns their effects.
    public mutating func record(_ events: [BookEvent]) -> Effects {
        var effects = Effects()
        var touched: [UInt64: Int] = [:]
        for (index, event) in events.enumerated() {
            switch event {
            case .admitted(let order):
                let lock = initialLock(order, reports: events[(index + 1)...])
                if open[order.id] == nil { openCounts[order.account, default: 0] += 1 }
                open[order.id] = OpenOrder(order: order, locked: lock, cumulativeQuote: .zero)
                if lock != .zero {
                    effects.balances.append(change(order.account, asset(locking: order), free: -lock, locked: lock))
                }
            case .canceled:
                break
            case .reported(let report):
                guard var entry = open[report.orderId] else { continue }
                if report.executionType == .trade {
                    settle(report, of: &entry, into: &effects)
                }
                if report.status.isTerminal {
                    if entry.locked != .zero {
                        let asset = asset(locking: entry.order)
                        effects.balances.append(
                            change(entry.order.account, asset, free: entry.locked, locked: -entry.locked)
                        )
                    }
                    open[report.orderId] = nil
                    let remaining = (openCounts[entry.order.account] ?? 1) - 1
                    openCounts[entry.order.account] = remaining > 0 ? remaining : nil
                } else {
                    open[report.orderId] = entry
                }
                let update = OrderUpdate(
                    orderId: report.orderId,
                    status: report.status,
                    executedQuantity: report.executedQuantity,
                    cumulativeQuote: entry.cumulativeQuote
                )
                if let position = touched[report.orderId] {
                    effects.orders[position] = update
                } else {
                    touched[report.orderId] = effects.orders.count
                    effects.orders.append(update)
                }
            }
        }
        return effects
    }

    private func asset(locking order: NewOrder) -> String { order.side == .buy ? quoteAsset : baseAsset }

    private func change(_ account: UInt64, _ asset: String, free: LedgerAmount, locked: LedgerAmount) -> BalanceChange {
        BalanceChange(account: account, asset: asset, free: free, locked: locked)
    }

    /// What a new order locks (see the type's documentation).
    private func initialLock(_ order: NewOrder, reports: ArraySlice<BookEvent>) -> LedgerAmount {
        let trades = reports.lazy.compactMap { event -> ExecutionReport? in
            guard case .reported(let report) = event, report.orderId == order.id, report.executionType == .trade
            else { return nil }
            return report
        }
        switch order.side {
        case .buy:
            if let price = order.price, let quantity = order.quantity { return LedgerAmount(price, times: quantity) }
            if let quote = order.quoteOrderQty { return LedgerAmount(quote) }
            return trades.reduce(.zero) { $0 + LedgerAmount($1.lastPrice, times: $1.lastQuantity) }
        case .sell:
            if let quantity = order.quantity { return LedgerAmount(quantity) }
            return trades.reduce(.zero) { $0 + LedgerAmount($1.lastQuantity) }
        }
    }

    /// One side of a trade: take from the locked funds at the order's own price, credit the other asset.
    private func settle(_ report: ExecutionReport, of entry: inout OpenOrder, into effects: inout Effects) {
        let order = entry.order
        let quote = LedgerAmount(report.lastPrice, times: report.lastQuantity)
        entry.cumulativeQuote = entry.cumulativeQuote + quote
        switch order.side {
        case .buy:
            let taken: LedgerAmount
            if let price = order.price, order.quoteOrderQty == nil {
                taken = LedgerAmount(price, times: report.lastQuantity)
            } else {
                taken = quote
            }
            entry.locked = entry.locked - taken
            effects.balances.append(change(order.account, quoteAsset, free: taken - quote, locked: -taken))
            let bought = LedgerAmount(report.lastQuantity)
            effects.balances.append(change(order.account, baseAsset, free: bought, locked: .zero))
        case .sell:
            let taken = LedgerAmount(report.lastQuantity)
            entry.locked = entry.locked - taken
            effects.balances.append(change(order.account, baseAsset, free: .zero, locked: -taken))
            effects.balances.append(change(order.account, quoteAsset, free: quote, locked: .zero))
        }
        effects.fills.append(
            Fill(
                orderId: order.id,
                account: order.account,
                isBuyer: order.side == .buy,
                isMaker: report.isMaker,
                price: report.lastPrice,
                quantity: report.lastQuantity,
                quote: quote
            )
        )
    }
}
