// Applying an event log to the book, and comparing books (a rebuilt book must equal the live one).
extension MatchingEngine: Equatable {
    /// Applies events in log order: each ``BookEvent/admitted(_:)`` is matched and each
    /// ``BookEvent/canceled(orderId:)`` canceled as ``submit(_:)`` and ``cancel(_:)`` do, and each
    /// ``BookEvent/reported(_:)`` must equal, in order, the report the book gives for them; the reports are
    /// also appended to ``reports``.
    ///
    /// Events from ``OrderIntake/decide(_:context:book:serverMicros:)`` on this book always apply. A log that
    /// does not reproduce its reports was written for another book or by another engine: the call throws
    /// ``BookEventError/Code/divergence`` naming the event, and the book then holds the events up to and
    /// including that one's command, so the caller must not keep serving from it.
    /// - Parameter events: the log, or the events of one decision.
    public mutating func apply(_ events: some Sequence<BookEvent>) throws(BookEventError) {
        // Reports of the last command not yet matched by a `reported` event.
        var next = reports.count
        var index = -1
        func unmatched() -> BookEventError? {
            guard next < reports.count else { return nil }
            return BookEventError(
                .divergence,
                "event \(index): the book also reported \(reports[next].executionType.rawValue) for order "
                    + "\(reports[next].orderId), which the log does not have"
            )
        }
        for event in events {
            index += 1
            switch event {
            case .admitted(let order):
                if let error = unmatched() { throw error }
                next = reports.count
                submit(order)
            case .canceled(let orderId):
                if let error = unmatched() { throw error }
                next = reports.count
                if let rejection = cancel(orderId) {
                    throw BookEventError(.divergence, "event \(index): cancel of order \(orderId): \(rejection)")
                }
            case .reported(let expected):
                guard next < reports.count else {
                    throw BookEventError(
                        .divergence,
                        "event \(index): the log has a \(expected.executionType.rawValue) report for order "
                            + "\(expected.orderId) that the book did not give"
                    )
                }
                guard reports[next] == expected else {
                    throw BookEventError(
                        .divergence,
                        "event \(index): the log has \(expected.executionType.rawValue) for order \(expected.orderId), "
                            + "the book reported \(reports[next].executionType.rawValue) for order \(reports[next].orderId)"
                    )
                }
                next += 1
            }
        }
        if let error = unmatched() { throw error }
    }

    /// Two engines are equal when their books will do the same: the same scales, open orders and their
    /// states, price levels and the order of their queues, waiting stops, last price and id counters. Finished
    /// orders and prevented matches (which ``compact()`` forgets), undrained ``reports`` and reusable storage
    /// are not compared, so a book compacted at any point equals one rebuilt from the same log.
    public static func == (lhs: MatchingEngine, rhs: MatchingEngine) -> Bool {
        guard
            lhs.priceScale == rhs.priceScale && lhs.quantityScale == rhs.quantityScale
                && lhs.quantityStep == rhs.quantityStep && lhs.nextTradeId == rhs.nextTradeId
                && lhs.nextPreventedMatchId == rhs.nextPreventedMatchId && lhs.lastPriceRaw == rhs.lastPriceRaw
        else { return false }
        let left = lhs.compacted()
        let right = rhs.compacted()
        return left.bids == right.bids && left.asks == right.asks && left.records == right.records
            && left.indexById == right.indexById && left.pendingStops == right.pendingStops
            && left.triggeredStops == right.triggeredStops
    }
}
