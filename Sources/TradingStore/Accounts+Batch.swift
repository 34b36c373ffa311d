import PQ

/// Balances changed a batch at a time (see ``Orders/insertAll(_:)``), with the same guarantee as applying the
/// changes one by one with ``Accounts/adjust(accountID:asset:free:locked:on:)``: no balance may go below zero,
/// not even between two changes of the batch.
extension Accounts {
    /// One change of one balance: decimal strings added to the free and locked amounts (negative to take away).
    public struct BalanceChange: Hashable, Sendable {
        /// The account.
        public var accountID: Int64
        /// The asset.
        public var asset: String
        /// Added to the free balance.
        public var free: String
        /// Added to the locked balance.
        public var locked: String

        /// A change of the account's balance of `asset`.
        public init(accountID: Int64, asset: String, free: String, locked: String) {
            self.accountID = accountID
            self.asset = asset
            self.free = free
            self.locked = locked
        }
    }

    /// Two statements to run in this order: the first creates the missing balance rows at zero, the second
    /// applies `changes` (in their order) to every balance at once.
    ///
    /// The second sums each balance's changes and also their lowest running total; when the current amount
    /// plus that lowest total is below zero, an intermediate change would have overdrawn it, and the row is
    /// set to -1 so that the `CHECK` constraint refuses the statement with SQLSTATE `23514`, as one-by-one
    /// changes would have been refused. The whole batch then fails; the caller decides which change was at
    /// fault by applying them one by one.
    /// - Throws: ``TradingStoreError/Code/invalidInput`` naming the field when an asset or amount is malformed.
    public static func adjustAll(_ changes: [BalanceChange]) throws(TradingStoreError) -> [PQQuery] {
        var rows: [[PQBind]] = []
        rows.reserveCapacity(changes.count)
        for (index, change) in changes.enumerated() {
            let asset = try StoreValue.name(change.asset, field: "asset")
            rows.append([
                index.pqBind, change.accountID.pqBind, asset.pqBind,
                try StoreValue.decimal(change.free, field: "free change of \(asset)").pqBind,
                try StoreValue.decimal(change.locked, field: "locked change of \(asset)").pqBind,
            ])
        }
        let values = MultiRow(rows, casts: ["integer", "bigint", "text", "numeric", "numeric"])
        let create = values.query(
            """
            INSERT INTO balances (account_id, asset)
            SELECT DISTINCT account_id, asset FROM (VALUES
            """,
            """
            ) AS c (position, account_id, asset, free, locked)
            ORDER BY account_id, asset
            ON CONFLICT (account_id, asset) DO NOTHING
            """
        )
        let apply = values.query(
            """
            WITH c (position, account_id, asset, free, locked) AS (VALUES
            """,
            """
            ),
            running AS (
                SELECT account_id, asset, free, locked,
                    sum(free) OVER w AS running_free, sum(locked) OVER w AS running_locked
                FROM c WINDOW w AS (PARTITION BY account_id, asset ORDER BY position ROWS UNBOUNDED PRECEDING)
            ),
            total AS (
                SELECT account_id, asset, sum(free) AS free, sum(locked) AS locked,
                    min(running_free) AS lowest_free, min(running_locked) AS lowest_locked
                FROM running GROUP BY account_id, asset
            )
            UPDATE balances SET
                free = CASE WHEN balances.free + total.lowest_free < 0 THEN -1 ELSE balances.free + total.free END,
                locked = CASE WHEN balances.locked + total.lowest_locked < 0 THEN -1
                    ELSE balances.locked + total.locked END
            FROM total WHERE balances.account_id = total.account_id AND balances.asset = total.asset
            """
        )
        return [create, apply]
    }
}
