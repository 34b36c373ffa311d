/// What the intake decided about one order: Binance's verdict and the events that carry it out.
///
/// Nothing is applied yet: the caller makes ``events`` durable, then applies them to the book
/// (``MatchingEngine/apply(_:)``). A rejected order has no events and changes nothing.
public struct IntakeDecision: Sendable, Hashable {
    /// Binance's answer.
    public var verdict: IntakeVerdict
    /// The events to write and then apply, in order: the admitted order, then every report the book will give
    /// for it (NEW, trades, prevented matches, expiry; the triggered stops' reports included).
    public var events: [BookEvent]

    /// Creates a decision.
    public init(verdict: IntakeVerdict, events: [BookEvent]) {
        self.verdict = verdict
        self.events = events
    }

    /// The reports among ``events``: what the client and the user data stream are told.
    public var reports: [ExecutionReport] {
        events.compactMap { event in
            if case .reported(let report) = event { return report }
            return nil
        }
    }
}

/// Binance's answer to a new order.
public enum IntakeVerdict: Sendable, Hashable {
    /// The book took the order; `status` is the order's status once the book is done with it (NEW resting,
    /// FILLED, EXPIRED …), and `unchecked` lists the filters that could not be checked for lack of context.
    case accepted(status: OrderStatus, unchecked: UncheckedRules)
    /// Refused with Binance's code and message (-1021 timing, -1121 symbol, -11xx parameters, -1013
    /// filters and STP mode, -2010 the engine's rejections).
    case rejected(OrderRejection)

    /// The rejection, if any.
    public var rejection: OrderRejection? {
        if case .rejected(let rejection) = self { return rejection }
        return nil
    }
}
