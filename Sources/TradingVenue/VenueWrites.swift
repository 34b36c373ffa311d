import PQ
import TradingCore
import TradingStore

/// What one pipelined batch writes, collected order by order and sent as one statement per table
/// (see ``VenueBatch/runPipelined(_:from:on:)``).
struct VenueWrites {
    let symbol: String
    let intake: OrderIntake
    let milliseconds: Int64
    let window: Duration
    /// The new orders, in their final state.
    private(set) var orders: [OrderRecord] = []
    private var orderPositions: [Int64: Int] = [:]
    /// The last progress of older orders, in the order first touched.
    private(set) var progress: [OrderProgress] = []
    private var progressPositions: [Int64: Int] = [:]
    /// Balance changes, in order.
    private(set) var balances: [Accounts.BalanceChange] = []
    /// Fills, in order.
    private(set) var fills: [FillRecord] = []
    /// Events, numbered.
    var events: [StoredEvent] = []
    /// Client order ids to claim, each with its order.
    var claims: [(key: IdempotencyKeys.Key, orderID: Int64)] = []

    init(symbol: String, intake: OrderIntake, milliseconds: Int64, window: Duration) {
        self.symbol = symbol
        self.intake = intake
        self.milliseconds = milliseconds
        self.window = window
    }

    /// A new order, as accepted (its progress follows from its events).
    mutating func insert(_ order: VenueOrder, id: Int64, clientOrderId: String) {
        orderPositions[id] = orders.count
        orders.append(order.newRecord(id: id, symbol: symbol, clientOrderId: clientOrderId, milliseconds: milliseconds))
    }

    /// The balance changes, order progress and fills of a decision.
    mutating func record(_ effects: VenueLedger.Effects) {
        for change in effects.balances {
            balances.append(
                Accounts.BalanceChange(
                    accountID: Int64(bitPattern: change.account),
                    asset: change.asset,
                    free: change.free.description,
                    locked: change.locked.description
                )
            )
        }
        for update in effects.orders {
            let id = Int64(bitPattern: update.orderId)
            if let position = orderPositions[id] {
                orders[position].status = update.status.rawValue
                orders[position].executedQuantity = update.executedQuantity.description
                orders[position].cumulativeQuoteQuantity = update.cumulativeQuote.description
                orders[position].updatedMilliseconds = milliseconds
                continue
            }
            let next = OrderProgress(
                id: id,
                status: update.status.rawValue,
                executedQuantity: update.executedQuantity.description,
                cumulativeQuoteQuantity: update.cumulativeQuote.description,
                updatedMilliseconds: milliseconds
            )
            if let position = progressPositions[id] {
                progress[position] = next
            } else {
                progressPositions[id] = progress.count
                progress.append(next)
            }
        }
        for fill in effects.fills {
            fills.append(FillRecord(fill, symbol: intake.symbol, milliseconds: milliseconds))
        }
    }

    /// The statements, one per table that has something to write (orders before the fills that refer to
    /// them), and where the claim and update results are among them.
    func queries() throws(TradingStoreError) -> (queries: [PQQuery], claims: Int?, updates: Int?) {
        var queries: [PQQuery] = []
        var claimsAt: Int?
        var updatesAt: Int?
        if !claims.isEmpty {
            claimsAt = queries.count
            queries.append(try IdempotencyKeys.claimAll(claims, nowMilliseconds: milliseconds, window: window))
        }
        if !orders.isEmpty { queries.append(try Orders.insertAll(orders)) }
        if !progress.isEmpty {
            updatesAt = queries.count
            queries.append(try Orders.updateAll(progress))
        }
        if !balances.isEmpty { queries.append(contentsOf: try Accounts.adjustAll(balances)) }
        if !fills.isEmpty { queries.append(try Fills.insertAll(fills)) }
        if !events.isEmpty { queries.append(try EventLog.appendAll(events)) }
        return (queries, claimsAt, updatesAt)
    }
}
