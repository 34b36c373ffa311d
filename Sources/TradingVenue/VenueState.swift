import TradingCore

/// What an instance knows of one symbol: the book, the ledger of open orders, the average price, and the last
/// event of the log they include. A value: a batch works on a copy, and the copy replaces the original only
/// after commit.
public struct VenueState: Sendable, Equatable {
    /// The matching engine's book.
    public var book: MatchingEngine
    /// The open orders' locked funds and progress.
    public var ledger: VenueLedger
    /// The average price the filters use: seeded by the symbol's reference price, moved by every trade of the
    /// log at the time it was logged.
    public var averagePrice: AveragePrice
    /// The sequence number of the last event applied (0: none).
    public var lastSequence: Int64

    /// The state of a symbol with an empty log; `referencePrice` seeds the average price.
    public init(symbol: SymbolInfo, referencePrice: FixedDecimal? = nil) {
        book = MatchingEngine(symbol: symbol)
        ledger = VenueLedger(baseAsset: symbol.baseAsset, quoteAsset: symbol.quoteAsset)
        averagePrice = AveragePrice(symbol: symbol, seed: referencePrice)
        lastSequence = 0
    }

    /// Applies events read from the log (after ``lastSequence``), each with the time it was logged at: to the
    /// book, which checks every report, to the ledger and to the average price. The book's reports are then
    /// discarded (the events carry them) and its finished orders forgotten now and then
    /// (``MatchingEngine/compactIfGrown()``), so that the book does not grow with every order.
    public mutating func apply(
        _ logged: [(event: BookEvent, micros: Int64)],
        through sequence: Int64
    ) throws(BookEventError) {
        let events = logged.map(\.event)
        try book.apply(events)
        book.discardReports()
        book.compactIfGrown()
        _ = ledger.record(events)
        for (event, micros) in logged { recordTrades(CollectionOfOne(event), atMicros: micros) }
        lastSequence = sequence
    }

    /// Records the events of one decision at `micros`, already applied to the book: forgets the book's finished
    /// orders now and then, records the events in the ledger and their trades in the average price, and counts
    /// them in ``lastSequence``. Returns the ledger's effects (what to write).
    mutating func recordDecided(_ events: [BookEvent], atMicros micros: Int64) -> VenueLedger.Effects {
        // Finished orders are forgotten now and then, so that the book holds its open orders only.
        book.compactIfGrown()
        let effects = ledger.record(events)
        recordTrades(events, atMicros: micros)
        lastSequence += Int64(events.count)
        return effects
    }

    /// Moves the average price by the trades among `events` (each trade once: its taker's report), at
    /// `micros`.
    public mutating func recordTrades(_ events: some Sequence<BookEvent>, atMicros micros: Int64) {
        for case .reported(let report) in events where report.executionType == .trade && !report.isMaker {
            // A price and quantity of the book always fit; an overflow of the sums would leave them as
            // they were, and the average with them.
            try? averagePrice.record(price: report.lastPrice, quantity: report.lastQuantity, atMicros: micros)
        }
    }
}
