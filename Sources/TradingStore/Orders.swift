import PQ

/// Orders: inserted when accepted, updated as they fill or end, read back by id or client id.
public enum Orders {
    private static let columns = """
        id, account_id, symbol, client_order_id, side, type, time_in_force, price::text AS price,
        orig_qty::text AS orig_qty, executed_qty::text AS executed_qty,
        cummulative_quote_qty::text AS cummulative_quote_qty, status, created_ms, updated_ms,
        orig_quote_order_qty::text AS orig_quote_order_qty, stop_price::text AS stop_price,
        iceberg_qty::text AS iceberg_qty, stp_mode
        """

    /// Inserts `order` and returns its new id.
    public static func insert(
        _ order: OrderRecord,
        on connection: isolated PQConnection
    ) throws(TradingStoreError)
        -> Int64
    {
        let symbol = try StoreValue.name(order.symbol, field: "symbol")
        let price = try StoreValue.optionalDecimal(order.price, field: "price")
        let quantity = try StoreValue.decimal(order.originalQuantity, field: "origQty")
        let executed = try StoreValue.decimal(order.executedQuantity, field: "executedQty")
        let quote = try StoreValue.decimal(order.cumulativeQuoteQuantity, field: "cummulativeQuoteQty")
        let quoteOrder = try StoreValue.optionalDecimal(order.quoteOrderQuantity, field: "quoteOrderQty")
        let stopPrice = try StoreValue.optionalDecimal(order.stopPrice, field: "stopPrice")
        let iceberg = try StoreValue.optionalDecimal(order.icebergQuantity, field: "icebergQty")
        return try database("inserting an order on \(symbol)") { () throws(PQError) in
            let rows = try connection.query(
                """
                INSERT INTO orders (account_id, symbol, client_order_id, side, type, time_in_force, price, orig_qty,
                    executed_qty, cummulative_quote_qty, status, created_ms, updated_ms, orig_quote_order_qty,
                    stop_price, iceberg_qty, stp_mode)
                VALUES (\(order.accountID), \(symbol), \(order.clientOrderID), \(order.side), \(order.type),
                    \(order.timeInForce), \(price)::numeric, \(quantity)::numeric, \(executed)::numeric,
                    \(quote)::numeric, \(order.status), \(order.createdMilliseconds), \(order.updatedMilliseconds),
                    \(quoteOrder)::numeric, \(stopPrice)::numeric, \(iceberg)::numeric, \(order.selfTradePreventionMode))
                RETURNING id
                """
            )
            return try rows.first?.int64("id") ?? 0
        }
    }

    /// Sets an order's progress and status.
    public static func update(
        id: Int64,
        status: String,
        executedQuantity: String,
        cumulativeQuoteQuantity: String,
        updatedMilliseconds: Int64,
        on connection: isolated PQConnection
    ) throws(TradingStoreError) {
        let executed = try StoreValue.decimal(executedQuantity, field: "executedQty")
        let quote = try StoreValue.decimal(cumulativeQuoteQuantity, field: "cummulativeQuoteQty")
        let changed = try database("updating order \(id)") { () throws(PQError) in
            try connection.execute(
                """
                UPDATE orders SET status = \(status), executed_qty = \(executed)::numeric,
                    cummulative_quote_qty = \(quote)::numeric, updated_ms = \(updatedMilliseconds)
                WHERE id = \(id)
                """
            )
        }
        guard changed == 1 else { throw TradingStoreError(.invalidInput, "there is no order \(id) to update") }
    }

    /// The account's order on `symbol` with id `id`, if there is one.
    public static func find(
        accountID: Int64,
        symbol: String,
        id: Int64,
        on connection: isolated PQConnection
    ) throws(TradingStoreError) -> OrderRecord? {
        try select(
            "SELECT \(unsafeSQL: columns) FROM orders WHERE account_id = \(accountID) AND symbol = \(symbol) AND id = \(id)",
            on: connection
        ).first
    }

    /// The account's latest order on `symbol` with client id `clientOrderID`, if there is one.
    public static func find(
        accountID: Int64,
        symbol: String,
        clientOrderID: String,
        on connection: isolated PQConnection
    ) throws(TradingStoreError) -> OrderRecord? {
        try select(
            """
            SELECT \(unsafeSQL: columns) FROM orders
            WHERE account_id = \(accountID) AND symbol = \(symbol) AND client_order_id = \(clientOrderID)
            ORDER BY id DESC LIMIT 1
            """,
            on: connection
        ).first
    }

    /// The account's open orders (`NEW`, `PARTIALLY_FILLED`), on one symbol or all.
    public static func open(
        accountID: Int64,
        symbol: String?,
        on connection: isolated PQConnection
    )
        throws(TradingStoreError) -> [OrderRecord]
    {
        try select(
            """
            SELECT \(unsafeSQL: columns) FROM orders
            WHERE account_id = \(accountID) AND status IN ('NEW', 'PARTIALLY_FILLED')
                AND (\(symbol)::text IS NULL OR symbol = \(symbol))
            ORDER BY id
            """,
            on: connection
        )
    }

    private static func select(
        _ query: PQQuery,
        on connection: isolated PQConnection
    ) throws(TradingStoreError)
        -> [OrderRecord]
    {
        try database("reading orders") { () throws(PQError) in
            try connection.query(query).map { row throws(PQError) in
                OrderRecord(
                    id: try row.int64("id"),
                    accountID: try row.int64("account_id"),
                    symbol: try row.string("symbol"),
                    clientOrderID: try row.string("client_order_id"),
                    side: try row.string("side"),
                    type: try row.string("type"),
                    timeInForce: try row.optionalString("time_in_force"),
                    price: try row.optionalString("price"),
                    originalQuantity: try row.string("orig_qty"),
                    executedQuantity: try row.string("executed_qty"),
                    cumulativeQuoteQuantity: try row.string("cummulative_quote_qty"),
                    status: try row.string("status"),
                    createdMilliseconds: try row.int64("created_ms"),
                    updatedMilliseconds: try row.int64("updated_ms"),
                    quoteOrderQuantity: try row.optionalString("orig_quote_order_qty"),
                    stopPrice: try row.optionalString("stop_price"),
                    icebergQuantity: try row.optionalString("iceberg_qty"),
                    selfTradePreventionMode: try row.optionalString("stp_mode")
                )
            }
        }
    }
}
