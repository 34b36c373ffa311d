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

    /// The account's fills on `symbol` (of one order, or all), oldest first, at most `limit`.
    public static func list(
        accountID: Int64,
        symbol: String,
        orderID: Int64? = nil,
        limit: Int = 500,
        on connection: isolated PQConnection
    ) throws(TradingStoreError) -> [FillRecord] {
        try database("reading fills") { () throws(PQError) in
            try connection.query(
                """
                SELECT id, symbol, order_id, account_id, price::text AS price, qty::text AS qty,
                    quote_qty::text AS quote_qty, commission::text AS commission, commission_asset, is_buyer,
                    is_maker, time_ms
                FROM fills
                WHERE account_id = \(accountID) AND symbol = \(symbol) AND (\(orderID)::bigint IS NULL OR order_id = \(orderID))
                ORDER BY id LIMIT \(limit)
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
    }
}
