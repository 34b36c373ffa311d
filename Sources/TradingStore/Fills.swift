import PQ

/// Fills (trades), written with the events that produced them and read back for `myTrades`.
public enum Fills {
    /// Inserts `fill` and returns its trade id.
    @discardableResult
    public static func insert(
        _ fill: FillRecord,
        on connection: isolated PQConnection
    ) throws(TradingStoreError)
        -> Int64
    {
        let symbol = try StoreValue.name(fill.symbol, field: "symbol")
        let asset = try StoreValue.name(fill.commissionAsset, field: "commissionAsset")
        let price = try StoreValue.decimal(fill.price, field: "price")
        let quantity = try StoreValue.decimal(fill.quantity, field: "qty")
        let quote = try StoreValue.decimal(fill.quoteQuantity, field: "quoteQty")
        let commission = try StoreValue.decimal(fill.commission, field: "commission")
        return try database("inserting a fill on \(symbol)") { () throws(PQError) in
            let rows = try connection.query(
                """
                INSERT INTO fills (symbol, order_id, account_id, price, qty, quote_qty, commission, commission_asset,
                    is_buyer, is_maker, time_ms)
                VALUES (\(symbol), \(fill.orderID), \(fill.accountID), \(price)::numeric, \(quantity)::numeric,
                    \(quote)::numeric, \(commission)::numeric, \(asset), \(fill.isBuyer), \(fill.isMaker),
                    \(fill.timeMilliseconds))
                RETURNING id
                """
            )
            return try rows.first?.int64("id") ?? 0
        }
    }

    /// The account's fills on `symbol` (of one order, or all), oldest first, at most `limit`: the first page.
    public static func list(
        accountID: Int64,
        symbol: String,
        orderID: Int64? = nil,
        limit: Int = 500,
        on connection: isolated PQConnection
    ) throws(TradingStoreError) -> [FillRecord] {
        let query = FillQuery(accountID: accountID, symbol: symbol, orderID: orderID, fromID: 0, limit: limit)
        return try list(query, on: connection)
    }

    /// The fills `query` selects, oldest first: with a `fromID`, the oldest `limit` from that id on; without
    /// one, the newest `limit`.
    public static func list(
        _ query: FillQuery,
        on connection: isolated PQConnection
    ) throws(TradingStoreError) -> [FillRecord] {
        let newest = query.fromID == nil
        let fills = try database("reading fills") { () throws(PQError) in
            try connection.query(
                """
                SELECT id, symbol, order_id, account_id, price::text AS price, qty::text AS qty,
                    quote_qty::text AS quote_qty, commission::text AS commission, commission_asset, is_buyer,
                    is_maker, time_ms
                FROM fills
                WHERE account_id = \(query.accountID) AND symbol = \(query.symbol)
                    AND (\(query.orderID)::bigint IS NULL OR order_id = \(query.orderID))
                    AND (\(query.fromID)::bigint IS NULL OR id >= \(query.fromID))
                    AND (\(query.earliestMilliseconds)::bigint IS NULL OR time_ms >= \(query.earliestMilliseconds))
                    AND (\(query.latestMilliseconds)::bigint IS NULL OR time_ms <= \(query.latestMilliseconds))
                ORDER BY id \(unsafeSQL: newest ? "DESC" : "ASC") LIMIT \(query.limit)
                """
            ).map { row throws(PQError) in
                FillRecord(
                    id: try row.int64("id"),
                    symbol: try row.string("symbol"),
                    orderID: try row.int64("order_id"),
                    accountID: try row.int64("account_id"),
                    price: try row.string("price"),
                    quantity: try row.string("qty"),
                    quoteQuantity: try row.string("quote_qty"),
                    commission: try row.string("commission"),
                    commissionAsset: try row.string("commission_asset"),
                    isBuyer: try row.bool("is_buyer"),
                    isMaker: try row.bool("is_maker"),
                    timeMilliseconds: try row.int64("time_ms")
                )
            }
        }
        return newest ? fills.reversed() : fills
    }
}
