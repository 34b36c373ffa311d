import PQ

/// The event log as statements to send in a pipeline (see ``Orders/insertAll(_:)``): the catch-up read and
/// the append of a whole batch's events in one statement each.
extension EventLog {
    /// The statement reading `symbol`'s events after `sequence`, in order, at most `limit`; decode its rows
    /// with ``events(_:symbol:after:)``.
    public static func readQuery(
        symbol: String,
        after sequence: Int64,
        limit: Int = 10_000
    ) throws(TradingStoreError) -> PQQuery {
        let symbol = try StoreValue.name(symbol, field: "symbol")
        return """
            SELECT seq, type, payload, (extract(epoch FROM recorded_at) * 1000000)::bigint AS logged_us
            FROM events WHERE symbol = \(symbol) AND seq > \(sequence) ORDER BY seq LIMIT \(limit)
            """
    }

    /// The events in the rows of a ``readQuery(symbol:after:limit:)``.
    /// - Throws: ``TradingStoreError/Code/sequenceGap`` naming the symbol and the missing number when they do
    ///   not follow on from `sequence + 1` without a gap.
    public static func events(
        _ rows: PQRows,
        symbol: String,
        after sequence: Int64
    ) throws(TradingStoreError) -> [StoredEvent] {
        var events: [StoredEvent] = []
        events.reserveCapacity(rows.count)
        var expected = sequence + 1
        for row in rows {
            let event = try database("decoding an event of \(symbol)") { () throws(PQError) in
                StoredEvent(
                    symbol: symbol,
                    sequence: try row.int64("seq"),
                    type: try row.string("type"),
                    payload: try row.bytes("payload"),
                    loggedMicros: try row.int64("logged_us")
                )
            }
            guard event.sequence == expected else {
                throw TradingStoreError(
                    .sequenceGap,
                    "\(symbol): the event log has a gap: expected sequence \(expected), found \(event.sequence)"
                )
            }
            events.append(event)
            expected += 1
        }
        return events
    }

    /// One statement appending `events` (numbered by the caller, contiguous after the log's last, each with
    /// the time it is logged at) to their symbol's log. Meant for a transaction that holds ``SymbolLock`` and
    /// has read the log to its end in it: then the numbers follow on; otherwise the primary key refuses a taken
    /// number (SQLSTATE 23505).
    /// - Throws: ``TradingStoreError/Code/invalidInput`` when a symbol is malformed or the numbers have a gap.
    public static func appendAll(_ events: [StoredEvent]) throws(TradingStoreError) -> PQQuery {
        var rows: [[PQBind]] = []
        rows.reserveCapacity(events.count)
        for (index, event) in events.enumerated() {
            if index > 0, event.symbol != events[0].symbol || event.sequence != events[index - 1].sequence + 1 {
                throw TradingStoreError(.invalidInput, "events to append must be one symbol's, numbered without gaps")
            }
            rows.append([
                try StoreValue.name(event.symbol, field: "symbol").pqBind, event.sequence.pqBind, event.type.pqBind,
                event.payload.pqBind, event.loggedMicros.pqBind,
            ])
        }
        return MultiRow(rows, casts: ["text", "bigint", "text", "bytea", "bigint"])
            .query(
                "INSERT INTO events (symbol, seq, type, payload, recorded_at) SELECT symbol, seq, type, payload, "
                    + "timestamptz 'epoch' + logged_us * interval '1 microsecond' FROM (VALUES ",
                ") AS batch (symbol, seq, type, payload, logged_us)"
            )
    }
}
