import PQ

/// `newClientOrderId`s checked and claimed a batch at a time (see ``Orders/insertAll(_:)``), with the rules
/// of ``IdempotencyKeys/claim(accountID:clientOrderID:orderID:nowMilliseconds:window:on:)``.
extension IdempotencyKeys {
    /// One account's `newClientOrderId`.
    public struct Key: Hashable, Sendable {
        /// The account.
        public var accountID: Int64
        /// The client order id (1 to 64 characters).
        public var clientOrderID: String

        /// An account's key.
        public init(accountID: Int64, clientOrderID: String) {
            self.accountID = accountID
            self.clientOrderID = clientOrderID
        }
    }

    /// The statement finding which of `keys` are taken (used within the window before `nowMilliseconds`);
    /// read its rows with ``takenKeys(_:)``. It locks nothing: a key found free may still be claimed by
    /// another transaction before ``claimAll(_:nowMilliseconds:window:)``, which then says so.
    /// - Throws: ``TradingStoreError/Code/invalidInput`` when a key is empty or longer than 64 characters.
    public static func takenQuery(
        _ keys: [Key],
        nowMilliseconds: Int64,
        window: Duration = defaultWindow
    ) throws(TradingStoreError) -> PQQuery {
        var values = MultiRow(try rows(keys.map { ($0, nil) }), casts: ["bigint", "text", "bigint"])
        let cutoff = values.bind(nowMilliseconds - milliseconds(window))
        return values.query(
            """
            SELECT k.account_id, k.client_order_id FROM idempotency_keys k
            JOIN (VALUES
            """,
            """
            ) AS v (account_id, client_order_id, order_id)
                ON k.account_id = v.account_id AND k.client_order_id = v.client_order_id
            WHERE k.created_ms > \(cutoff)
            """
        )
    }

    /// The keys in the rows of a ``takenQuery(_:nowMilliseconds:window:)``.
    public static func takenKeys(_ rows: PQRows) throws(TradingStoreError) -> Set<Key> {
        try database("reading taken client order ids") { () throws(PQError) in
            var keys = Set<Key>()
            for row in rows {
                keys.insert(
                    Key(accountID: try row.int64("account_id"), clientOrderID: try row.string("client_order_id"))
                )
            }
            return keys
        }
    }

    /// One statement claiming each of `claims` (distinct keys, each with the order placed under it) at
    /// `nowMilliseconds`: a new key is inserted, a use older than the window taken over. It returns one row
    /// per key it claimed; fewer rows than claims means another transaction took a key meanwhile.
    /// - Throws: ``TradingStoreError/Code/invalidInput`` when a key is empty or longer than 64 characters.
    public static func claimAll(
        _ claims: [(key: Key, orderID: Int64)],
        nowMilliseconds: Int64,
        window: Duration = defaultWindow
    ) throws(TradingStoreError) -> PQQuery {
        var values = MultiRow(try rows(claims.map { ($0.key, $0.orderID) }), casts: ["bigint", "text", "bigint"])
        let now = values.bind(nowMilliseconds)
        let cutoff = values.bind(nowMilliseconds - milliseconds(window))
        return values.query(
            """
            INSERT INTO idempotency_keys (account_id, client_order_id, order_id, created_ms)
            SELECT account_id, client_order_id, order_id, \(now)::bigint FROM (VALUES
            """,
            """
            ) AS v (account_id, client_order_id, order_id)
            ORDER BY account_id, client_order_id
            ON CONFLICT (account_id, client_order_id) DO UPDATE
                SET order_id = EXCLUDED.order_id, created_ms = EXCLUDED.created_ms
                WHERE idempotency_keys.created_ms <= \(cutoff)::bigint
            RETURNING client_order_id
            """
        )
    }

    private static func rows(_ keys: [(Key, Int64?)]) throws(TradingStoreError) -> [[PQBind]] {
        var rows: [[PQBind]] = []
        rows.reserveCapacity(keys.count)
        for (key, orderID) in keys {
            guard !key.clientOrderID.isEmpty, key.clientOrderID.utf8.count <= 64 else {
                throw TradingStoreError(.invalidInput, "newClientOrderId must have 1 to 64 characters")
            }
            rows.append([key.accountID.pqBind, key.clientOrderID.pqBind, orderID.pqBind])
        }
        return rows
    }

    static func milliseconds(_ window: Duration) -> Int64 {
        window.components.seconds * 1_000 + window.components.attoseconds / 1_000_000_000_000_000
    }
}
