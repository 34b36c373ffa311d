import TradingCore

/// What an instance knows of one symbol: the book, the ledger of open orders, and the last event of the
/// log they include. A value: a batch works on a copy, and the copy replaces the original only after commit.
public struct VenueState: Sendable, Equatable {
    /// The matching engine's book.
    public var book: MatchingEngine
    /// The open orders' locked funds and progress.
    public var ledger: VenueLedger
    /// The sequence number of the last event applied (0: none).
    public var lastSequence: Int64

    /// The state of a symbol with an empty log.
    public init(symbol: SymbolInfo) {
        book = MatchingEngine(symbol: symbol)
        ledger = VenueLedger(baseAsset: symbol.baseAsset, quoteAsset: symbol.quoteAsset)
        lastSequence = 0
    }

    /// Applies events read from the log (after ``lastSequence``): to the book, which checks every report,
    /// and to the ledger. The book's reports are then discarded (the events carry them) and its finished
    /// orders forgotten now and then (``MatchingEngine/compactIfGrown()``), so that the book does not grow
    /// with every order.
    public mutating func apply(_ events: [BookEvent], through sequence: Int64) throws(BookEventError) {
        try book.apply(events)
        book.discardReports()
        book.compactIfGrown()
        _ = ledger.record(events)
        lastSequence = sequence
    }
}
