import PQ

/// Fills written a batch at a time (see ``Orders/insertAll(_:)``).
extension Fills {
    /// One statement inserting `fills` in order (trade ids follow that order).
    /// - Throws: ``TradingStoreError/Code/invalidInput`` naming the field when a name or amount is malformed.
    public static func insertAll(_ fills: [FillRecord]) throws(TradingStoreError) -> PQQuery {
        var rows: [[PQBind]] = []
        rows.reserveCapacity(fills.count)
        for fill in fills {
            rows.append([
                try StoreValue.name(fill.symbol, field: "symbol").pqBind, fill.orderID.pqBind, fill.accountID.pqBind,
                try StoreValue.decimal(fill.price, field: "price").pqBind,
                try StoreValue.decimal(fill.quantity, field: "qty").pqBind,
                try StoreValue.decimal(fill.quoteQuantity, field: "quoteQty").pqBind,
                try StoreValue.decimal(fill.commission, field: "commission").pqBind,
                try StoreValue.name(fill.commissionAsset, field: "commissionAsset").pqBind,
                fill.isBuyer.pqBind, fill.isMaker.pqBind, fill.timeMilliseconds.pqBind,
            ])
        }
        let values = MultiRow(
            rows,
            casts: [
                "text", "bigint", "bigint", "numeric", "numeric", "numeric", "numeric", "text", "boolean", "boolean",
                "bigint",
            ]
        )
        return values.query(
            """
            INSERT INTO fills (symbol, order_id, account_id, price, qty, quote_qty, commission, commission_asset,
                is_buyer, is_maker, time_ms)
            VALUES
            """
        )
    }
}
