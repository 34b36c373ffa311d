/// Group commit as a pure state machine: orders that arrive while a commit is in flight wait and go,
/// together, into the next one.
///
/// The driver (``SymbolVenue``) feeds it two events, ``submit(_:)`` and ``commitFinished()``, and does what
/// the returned ``Action`` says. At most one commit is in flight; a batch holds at most ``maximumBatch``
/// items, taken in arrival order.
public struct CommitBatcher<Item: Sendable>: Sendable {
    /// What the driver must do next.
    public enum Action: Sendable {
        /// Start a commit of these items, in this order.
        case commit([Item])
        /// Nothing now: a commit is in flight, and the item waits for the next one.
        case wait
        /// Nothing: no commit in flight and nothing waiting.
        case idle
    }

    /// The items waiting for the next commit, in arrival order.
    public private(set) var waiting: [Item] = []
    /// Whether a commit is in flight.
    public private(set) var isCommitting = false
    /// The largest batch one commit takes.
    public let maximumBatch: Int

    /// Creates an idle batcher.
    /// - Parameter maximumBatch: the largest batch (at least 1).
    public init(maximumBatch: Int = 256) {
        self.maximumBatch = max(maximumBatch, 1)
    }

    /// An item arrives: it starts a commit at once when none is in flight, otherwise it waits.
    public mutating func submit(_ item: Item) -> Action {
        waiting.append(item)
        return isCommitting ? .wait : next()
    }

    /// The commit in flight ended (committed or not): the waiting items, if any, form the next batch.
    public mutating func commitFinished() -> Action {
        isCommitting = false
        return next()
    }

    private mutating func next() -> Action {
        guard !waiting.isEmpty else { return .idle }
        let count = min(maximumBatch, waiting.count)
        let batch = Array(waiting.prefix(count))
        waiting.removeFirst(count)
        isCommitting = true
        return .commit(batch)
    }
}
