import PQ

/// The verdict on a `newClientOrderId`.
public enum IdempotencyClaim: Hashable, Sendable {
    /// The key is new (or its previous use is older than the window): the order may be placed.
    case claimed
    /// The account used this key within the window, for the order `orderID` (if it was recorded).
    case duplicate(orderID: Int64?)
}

/// `newClientOrderId` per account, refused when reused within the idempotency window (24 h by default):
/// stricter than Binance, so that a retried request never places a second order.
///
/// Enforced by the primary key `(account_id, client_order_id)`: one statement inserts the key, or takes over
/// a use older than the window, or does nothing; when two transactions claim one key at once, the second
/// waits for the first and then sees a duplicate.
public enum IdempotencyKeys {
    /// The default window.
    public static let defaultWindow: Duration = .seconds(24 * 60 * 60)

    /// Claims `clientOrderID` for `accountID` at `nowMilliseconds` (the service's clock).
    public static func claim(
        accountID: Int64,
        clientOrderID: String,
        orderID: Int64? = nil,
        nowMilliseconds: Int64,
        window: Duration = defaultWindow,
        on connection: isolated PQConnection
    ) throws(TradingStoreError) -> IdempotencyClaim {
        guard !clientOrderID.isEmpty, clientOrderID.utf8.count <= 64 else {
            throw TradingStoreError(.invalidInput, "newClientOrderId must have 1 to 64 characters")
        }
        let windowMilliseconds =
            window.components.seconds * 1_000 + window.components.attoseconds / 1_000_000_000_000_000
        let cutoff = nowMilliseconds - windowMilliseconds
        return try database("claiming a newClientOrderId") { () throws(PQError) in
            let claimed = try connection.query(
                """
                INSERT INTO idempotency_keys (account_id, client_order_id, order_id, created_ms)
                VALUES (\(accountID), \(clientOrderID), \(orderID), \(nowMilliseconds))
                ON CONFLICT (account_id, client_order_id) DO UPDATE
                    SET order_id = EXCLUDED.order_id, created_ms = EXCLUDED.created_ms
                    WHERE idempotency_keys.created_ms <= \(cutoff)
                RETURNING created_ms
                """
            )
            if !claimed.isEmpty { return .claimed }
            let existing = try connection.query(
                """
                SELECT order_id FROM idempotency_keys
                WHERE account_id = \(accountID) AND client_order_id = \(clientOrderID)
                """
            )
            guard let row = existing.first, try !row.isNull("order_id") else { return .duplicate(orderID: nil) }
            return .duplicate(orderID: try row.int64("order_id"))
        }
    }

    /// Records the order placed under a claimed key.
    public static func attach(
        orderID: Int64,
        accountID: Int64,
        clientOrderID: String,
        on connection: isolated PQConnection
    ) throws(TradingStoreError) {
        try database("recording the order of a newClientOrderId") { () throws(PQError) in
            try connection.execute(
                """
                UPDATE idempotency_keys SET order_id = \(orderID)
                WHERE account_id = \(accountID) AND client_order_id = \(clientOrderID)
                """
            )
        }
    }
}
