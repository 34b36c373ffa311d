// Forgetting the orders the book is done with, so that a long-lived book holds its open orders only.
extension MatchingEngine {
    /// How many order records the book holds: its open orders and the finished ones it has not forgotten.
    public var recordCount: Int { records.count }

    /// Forgets every finished order (filled, canceled, expired, rejected) and the prevented matches so far.
    ///
    /// What the book does next is unchanged: resting orders keep their place in their price level's queue,
    /// waiting stops their order, and the trade and prevented-match ids go on from where they were. What is
    /// lost is what only finished orders held: ``order(_:)`` and ``trailingStop(_:)`` answer `nil` for them,
    /// and ``submit(_:)`` no longer refuses their ids as duplicates (a caller that reuses ids must keep its
    /// own record, as the venue does with its id sequence). Undrained ``reports`` are kept. Costs time in
    /// proportion to the records held; ``compactIfGrown()`` calls it only when that is amortised.
    public mutating func compact() {
        var newIndex = [Int](repeating: -1, count: records.count)
        var kept: [Record] = []
        kept.reserveCapacity(records.count / 2)
        for index in records.indices where records[index].lifecycle.status?.isOpen == true {
            newIndex[index] = kept.count
            kept.append(records[index])
        }
        func remapped(_ levels: [Level]) -> [Level] {
            levels.compactMap { level in
                var queue: [Int] = []
                for position in level.head..<level.queue.count {
                    let index = newIndex[level.queue[position]]
                    if index >= 0 { queue.append(index) }
                }
                return queue.isEmpty ? nil : Level(price: level.price, queue: queue, head: 0)
            }
        }
        bids = remapped(bids)
        asks = remapped(asks)
        pendingStops = pendingStops.compactMap { newIndex[$0] >= 0 ? newIndex[$0] : nil }
        triggeredStops = triggeredStops.compactMap { newIndex[$0] >= 0 ? newIndex[$0] : nil }
        var index: [UInt64: Int] = [:]
        index.reserveCapacity(kept.count)
        for (position, record) in kept.enumerated() { index[record.order.id] = position }
        indexById = index
        records = kept
        preventedMatches.removeAll()
        retainedAfterCompaction = kept.count
    }

    /// Calls ``compact()`` once the records have grown to at least twice what the last compaction kept (and
    /// by at least ``compactionSlack``), so that each order pays a constant share of the cost. A book in
    /// service calls this after applying each decision.
    public mutating func compactIfGrown() {
        if records.count >= 2 * retainedAfterCompaction + Self.compactionSlack { compact() }
    }

    /// The fewest finished records ``compactIfGrown()`` lets accumulate before it compacts.
    public static var compactionSlack: Int { 256 }

    /// The book without its finished orders, for comparing books by what they will do.
    func compacted() -> MatchingEngine {
        var copy = self
        copy.compact()
        return copy
    }
}
