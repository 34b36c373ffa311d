import PQ

/// The per-symbol lock that lets several instances serve one symbol: a PostgreSQL transaction-level
/// advisory lock, held until the transaction ends (commit or rollback), never leaked by a crash.
///
/// The order path of an instance is: ``acquire(symbol:on:)``, apply the events it has not seen
/// (``EventLog/read(symbol:after:limit:on:)``), decide, write (``EventLog/append(symbol:after:events:on:)``,
/// orders, fills, balances), commit. So every instance matches against the one book the log describes.
///
/// The key is the pair (`hashtext('bot4.symbol')`, `hashtext(symbol)`); two symbols whose hashes collide
/// only share a lock (more waiting, never less safety).
public enum SymbolLock {
    /// Waits until this transaction holds `symbol`'s lock.
    public static func acquire(symbol: String, on connection: isolated PQConnection) throws(TradingStoreError) {
        let query = try acquireQuery(symbol: symbol)
        try database("locking \(symbol)") { () throws(PQError) in
            try connection.execute(query)
        }
    }

    /// The statement that waits until this transaction holds `symbol`'s lock, to send in a pipeline.
    public static func acquireQuery(symbol: String) throws(TradingStoreError) -> PQQuery {
        let symbol = try StoreValue.name(symbol, field: "symbol")
        return "SELECT pg_advisory_xact_lock(hashtext('bot4.symbol'), hashtext(\(symbol)))"
    }

    /// Takes `symbol`'s lock if it is free; returns whether this transaction now holds it.
    public static func tryAcquire(
        symbol: String,
        on connection: isolated PQConnection
    ) throws(TradingStoreError)
        -> Bool
    {
        let symbol = try StoreValue.name(symbol, field: "symbol")
        return try database("locking \(symbol)") { () throws(PQError) in
            let rows = try connection.query(
                "SELECT pg_try_advisory_xact_lock(hashtext('bot4.symbol'), hashtext(\(symbol))) AS locked"
            )
            return try rows.first?.bool("locked") ?? false
        }
    }
}
