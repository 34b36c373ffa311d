import PQ

/// Accounts (one per configured API key) and their balances.
public enum Accounts {
    /// The account of `apiKey`, created if it does not exist; returns its id.
    public static func ensure(apiKey: String, on connection: isolated PQConnection) throws(TradingStoreError) -> Int64 {
        guard !apiKey.isEmpty, apiKey.utf8.count <= 256 else {
            throw TradingStoreError(.invalidInput, "an API key must have 1 to 256 characters")
        }
        return try database("creating an account") { () throws(PQError) in
            let rows = try connection.query(
                """
                INSERT INTO accounts (api_key) VALUES (\(apiKey))
                ON CONFLICT (api_key) DO UPDATE SET api_key = EXCLUDED.api_key
                RETURNING id
                """
            )
            return try rows.first?.int64("id") ?? 0
        }
    }

    /// Credits `balances` to the account once: the first call funds it and returns true, later calls (in any
    /// instance, with any balances) change nothing and return false.
    public static func fundOnce(
        accountID: Int64,
        with balances: StartingBalances,
        on connection: isolated PQConnection
    ) throws(TradingStoreError) -> Bool {
        let marked = try database("marking account \(accountID) funded") { () throws(PQError) in
            try connection.execute("UPDATE accounts SET funded = true WHERE id = \(accountID) AND NOT funded")
        }
        guard marked == 1 else { return false }
        for (asset, amount) in balances.amounts {
            try adjust(accountID: accountID, asset: asset, free: amount, on: connection)
        }
        return true
    }

    /// Adds `free` and `locked` (decimal strings, negative to take away) to the account's balance of `asset`.
    /// - Throws: ``TradingStoreError/Code/insufficientBalance`` when either would go below zero; the
    ///   transaction is then aborted and must be rolled back (``PQConnection/transaction(_:)`` does).
    public static func adjust(
        accountID: Int64,
        asset: String,
        free: String = "0",
        locked: String = "0",
        on connection: isolated PQConnection
    ) throws(TradingStoreError) {
        let asset = try StoreValue.name(asset, field: "asset")
        let free = try StoreValue.decimal(free, field: "free change of \(asset)")
        let locked = try StoreValue.decimal(locked, field: "locked change of \(asset)")
        do {
            // Create the row at zero first: a CHECK constraint is tested on the row an INSERT proposes, before
            // ON CONFLICT could turn it into an update, so the change itself is always an UPDATE.
            try connection.execute(
                """
                INSERT INTO balances (account_id, asset) VALUES (\(accountID), \(asset))
                ON CONFLICT (account_id, asset) DO NOTHING
                """
            )
            try connection.execute(
                """
                UPDATE balances SET free = free + \(free)::numeric, locked = locked + \(locked)::numeric
                WHERE account_id = \(accountID) AND asset = \(asset)
                """
            )
        } catch {
            if error.sqlState == "23514" {
                throw TradingStoreError(
                    .insufficientBalance,
                    "account \(accountID): \(asset) would go below zero (free change \(free), locked change \(locked))",
                    underlying: error
                )
            }
            throw TradingStoreError(
                .database,
                "changing the \(asset) balance of account \(accountID)",
                underlying: error
            )
        }
    }

    /// The account's balances, by asset.
    public static func balances(
        accountID: Int64,
        on connection: isolated PQConnection
    ) throws(TradingStoreError)
        -> [Balance]
    {
        try database("reading the balances of account \(accountID)") { () throws(PQError) in
            try connection.query(
                "SELECT asset, free::text AS free, locked::text AS locked FROM balances WHERE account_id = \(accountID) ORDER BY asset"
            ).map { row throws(PQError) in
                Balance(asset: try row.string("asset"), free: try row.string("free"), locked: try row.string("locked"))
            }
        }
    }
}
