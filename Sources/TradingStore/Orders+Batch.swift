import PQ

/// Orders written a batch at a time: statements to send together in one pipeline, so that a group commit
/// costs a fixed number of statements however many orders it carries.
extension Orders {
    /// Takes `count` new order ids from the table's identity sequence (ids never reused, gaps possible, as
    /// with any sequence); read them with ``reservedIDs(_:)``.
    public static func reserveIDs(count: Int) -> PQQuery {
        "SELECT nextval(pg_get_serial_sequence('orders', 'id')) AS id FROM generate_series(1, \(count)) ORDER BY 1"
    }

    /// The ids a ``reserveIDs(count:)`` statement returned, in increasing order.
    public static func reservedIDs(_ rows: PQRows) throws(TradingStoreError) -> [Int64] {
        try database("reading reserved order ids") { () throws(PQError) in
            try rows.map { row throws(PQError) in try row.int64("id") }
        }
    }

    /// One statement inserting `orders` with the ids they carry (from ``reserveIDs(count:)``).
    /// - Throws: ``TradingStoreError/Code/invalidInput`` naming the field when a symbol or amount is malformed.
    public static func insertAll(_ orders: [OrderRecord]) throws(TradingStoreError) -> PQQuery {
        var rows: [[PQBind]] = []
        rows.reserveCapacity(orders.count)
        for order in orders {
            rows.append([
                order.id.pqBind, order.accountID.pqBind, try StoreValue.name(order.symbol, field: "symbol").pqBind,
                order.clientOrderID.pqBind, order.side.pqBind, order.type.pqBind, order.timeInForce.pqBind,
                try StoreValue.optionalDecimal(order.price, field: "price").pqBind,
                try StoreValue.decimal(order.originalQuantity, field: "origQty").pqBind,
                try StoreValue.decimal(order.executedQuantity, field: "executedQty").pqBind,
                try StoreValue.decimal(order.cumulativeQuoteQuantity, field: "cummulativeQuoteQty").pqBind,
                order.status.pqBind, order.createdMilliseconds.pqBind, order.updatedMilliseconds.pqBind,
                try StoreValue.optionalDecimal(order.quoteOrderQuantity, field: "quoteOrderQty").pqBind,
                try StoreValue.optionalDecimal(order.stopPrice, field: "stopPrice").pqBind,
                try StoreValue.optionalDecimal(order.icebergQuantity, field: "icebergQty").pqBind,
                order.selfTradePreventionMode.pqBind,
            ])
        }
        let values = MultiRow(
            rows,
            casts: [
                "bigint", "bigint", "text", "text", "text", "text", "text", "numeric", "numeric", "numeric",
                "numeric", "text", "bigint", "bigint", "numeric", "numeric", "numeric", "text",
            ]
        )
        return values.query(
            """
            INSERT INTO orders (id, account_id, symbol, client_order_id, side, type, time_in_force, price, orig_qty,
                executed_qty, cummulative_quote_qty, status, created_ms, updated_ms, orig_quote_order_qty, stop_price,
                iceberg_qty, stp_mode)
            OVERRIDING SYSTEM VALUE VALUES
            """
        )
    }

    /// One statement setting the progress of several existing orders (each id at most once); the caller
    /// checks that it affected `progress.count` rows.
    public static func updateAll(_ progress: [OrderProgress]) throws(TradingStoreError) -> PQQuery {
        var rows: [[PQBind]] = []
        rows.reserveCapacity(progress.count)
        for update in progress {
            rows.append([
                update.id.pqBind, update.status.pqBind,
                try StoreValue.decimal(update.executedQuantity, field: "executedQty").pqBind,
                try StoreValue.decimal(update.cumulativeQuoteQuantity, field: "cummulativeQuoteQty").pqBind,
                update.updatedMilliseconds.pqBind,
            ])
        }
        let values = MultiRow(rows, casts: ["bigint", "text", "numeric", "numeric", "bigint"])
        return values.query(
            """
            UPDATE orders SET status = u.status, executed_qty = u.executed_qty,
                cummulative_quote_qty = u.cummulative_quote_qty, updated_ms = u.updated_ms
            FROM (VALUES
            """,
            ") AS u (id, status, executed_qty, cummulative_quote_qty, updated_ms) WHERE orders.id = u.id"
        )
    }
}
