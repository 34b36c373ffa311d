import PQ

/// The append-only, per-symbol event log: the truth that every instance's book is rebuilt from.
///
/// Sequence numbers start at 1 and have no gaps; `(symbol, seq)` is the primary key, so two writers can
/// never both write one number, and triggers refuse `UPDATE`, `DELETE` and `TRUNCATE`. Appends are meant to
/// run under ``SymbolLock`` in the transaction that also writes the orders and fills the events describe.
public enum EventLog {
    /// Appends `events` (type and payload) after `lastSequence`, the last event the caller has applied, as
    /// logged at `micros` (µs since the epoch).
    ///
    /// - Returns: the stored events with their sequence numbers (`lastSequence + 1` …).
    /// - Throws: ``TradingStoreError/Code/staleSequence`` when the log has moved past `lastSequence` (the
    ///   caller decided on an old book: apply the new events and decide again); a database error otherwise.
    @discardableResult
    public static func append(
        symbol: String,
        after lastSequence: Int64,
        events: [(type: String, payload: [UInt8])],
        loggedAtMicros micros: Int64,
        on connection: isolated PQConnection
    ) throws(TradingStoreError) -> [StoredEvent] {
        let symbol = try StoreValue.name(symbol, field: "symbol")
        guard !events.isEmpty else { return [] }
        let current = try EventLog.lastSequence(symbol: symbol, on: connection)
        guard current == lastSequence else {
            throw TradingStoreError(
                .staleSequence,
                "\(symbol): events were to follow sequence \(lastSequence), but the log is at \(current)"
            )
        }
        let stored = events.enumerated().map { offset, event in
            StoredEvent(
                symbol: symbol,
                sequence: lastSequence + 1 + Int64(offset),
                type: event.type,
                payload: event.payload,
                loggedMicros: micros
            )
        }
        let inserts: [PQQuery] = stored.map { event in
            """
            INSERT INTO events (symbol, seq, type, payload, recorded_at) VALUES (\(symbol), \(event.sequence), \
            \(event.type), \(event.payload), timestamptz 'epoch' + \(micros)::bigint * interval '1 microsecond')
            """
        }
        try database("appending \(events.count) events to \(symbol)") { () throws(PQError) in
            try connection.pipeline(inserts)
        }
        return stored
    }

    /// The last sequence number of `symbol`'s log (0 when it is empty).
    public static func lastSequence(
        symbol: String,
        on connection: isolated PQConnection
    ) throws(TradingStoreError)
        -> Int64
    {
        let rows = try database("reading the last sequence of \(symbol)") { () throws(PQError) in
            try connection.query("SELECT COALESCE(max(seq), 0) AS last FROM events WHERE symbol = \(symbol)")
        }
        return try database("reading the last sequence of \(symbol)") { () throws(PQError) in
            try rows.first?.int64("last") ?? 0
        }
    }

    /// Reads `symbol`'s events after `sequence`, in order, at most `limit` of them.
    ///
    /// - Throws: ``TradingStoreError/Code/sequenceGap`` naming the symbol and the missing number when the log
    ///   is not contiguous from `sequence + 1` (a lost write, or rows inserted by hand).
    public static func read(
        symbol: String,
        after sequence: Int64,
        limit: Int = 10_000,
        on connection: isolated PQConnection
    ) throws(TradingStoreError) -> [StoredEvent] {
        let query = try readQuery(symbol: symbol, after: sequence, limit: limit)
        let rows = try database("reading the events of \(symbol)") { () throws(PQError) in
            try connection.query(query)
        }
        return try events(rows, symbol: symbol, after: sequence)
    }
}
