/// The order intake of one symbol: a pure function from a submitted order and the book to Binance's verdict
/// and the events that carry it out.
///
/// In Binance's order: the timing check (`timestamp` and `recvWindow` against the server time the caller
/// passes: the clock is a parameter), the symbol, the parameters and filters (``OrderValidator``), STP
/// resolution (the request's mode or the symbol's default, ``NewOrder/init(_:id:account:defaultSTPMode:)``),
/// then matching against the book. Matching runs on a copy of the book, so nothing is applied: the caller
/// writes the events and only then applies them (``MatchingEngine/apply(_:)``). The copy costs time in
/// proportion to the book's size (arrays are copied on first write). Idempotency (`newClientOrderId`) is the
/// caller's check.
public struct OrderIntake: Sendable {
    /// The parameter and filter checks of the symbol.
    public let validator: OrderValidator
    /// The timing rule (Binance's: at most 1 s ahead, at most `recvWindow` old).
    public let timing: TimestampValidator

    /// Creates the intake of one symbol.
    /// - Parameters:
    ///   - symbol: the symbol's rules from exchangeInfo.
    ///   - exchangeFilters: exchangeInfo's `exchangeFilters`.
    ///   - timing: the timing rule.
    public init(symbol: SymbolInfo, exchangeFilters: [ExchangeFilter] = [], timing: TimestampValidator = .init()) {
        validator = OrderValidator(symbol: symbol, exchangeFilters: exchangeFilters)
        self.timing = timing
    }

    /// The symbol's rules.
    public var symbol: SymbolInfo { validator.symbol }

    /// Decides one order; applies nothing.
    /// - Parameters:
    ///   - submission: the request, its ids and timing fields.
    ///   - context: the market and account state the filters need (average price, open-order counts, position).
    ///   - book: the symbol's book as it is now.
    ///   - serverMicros: the server's time now, µs since the epoch.
    /// - Returns: the verdict and, when accepted, the events to write and apply.
    public func decide(
        _ submission: OrderSubmission,
        context: OrderContext,
        book: MatchingEngine,
        serverMicros: Int64
    ) -> IntakeDecision {
        var scratch = book
        return decide(submission, context: context, applyingTo: &scratch, serverMicros: serverMicros)
    }

    /// Decides one order and applies it to `book` at once when it is accepted: the same verdict and events as
    /// ``decide(_:context:book:serverMicros:)`` followed by ``MatchingEngine/apply(_:)``, without copying the
    /// book. For a caller that drops `book` when writing the events fails. A refused order leaves `book` as it
    /// was, and either way `book` keeps no reports (the events carry them).
    public func decide(
        _ submission: OrderSubmission,
        context: OrderContext,
        applyingTo book: inout MatchingEngine,
        serverMicros: Int64
    ) -> IntakeDecision {
        let timingVerdict = timing.validate(
            submission.timestamp,
            recvWindow: submission.recvWindow,
            serverMicros: serverMicros
        )
        if let message = timingVerdict.binanceMessage, let code = BinanceErrorCode(code: -1021) {
            return IntakeDecision(verdict: .rejected(OrderRejection(code, message)), events: [])
        }
        guard submission.request.symbol == symbol.symbol else {
            return IntakeDecision(verdict: .rejected(OrderRejection(.badSymbol, "Invalid symbol.")), events: [])
        }
        let unchecked: UncheckedRules
        switch validator.validate(submission.request, context: context) {
        case .rejected(let rejection):
            return IntakeDecision(verdict: .rejected(rejection), events: [])
        case .accepted(let rules):
            unchecked = rules
        }
        let order = NewOrder(
            submission.request,
            id: submission.orderId,
            account: submission.account,
            defaultSTPMode: symbol.defaultSelfTradePreventionMode
        )
        book.discardReports()
        defer { book.discardReports() }
        switch book.submit(order) {
        case .failure(let rejection):
            return IntakeDecision(verdict: .rejected(rejection), events: [])
        case .success(let status):
            let events = [BookEvent.admitted(order)] + book.reports.map(BookEvent.reported)
            return IntakeDecision(verdict: .accepted(status: status, unchecked: unchecked), events: events)
        }
    }

    /// Decides a cancel of an open order; applies nothing.
    /// - Returns: accepted with the CANCELED status and the events, or Binance's `-2011 Unknown order sent.`
    ///   when the book has no open order with that id.
    public func decideCancel(orderId: UInt64, book: MatchingEngine) -> IntakeDecision {
        var scratch = book
        scratch.discardReports()
        if let rejection = scratch.cancel(orderId) {
            return IntakeDecision(verdict: .rejected(rejection), events: [])
        }
        let events = [BookEvent.canceled(orderId: orderId)] + scratch.reports.map(BookEvent.reported)
        return IntakeDecision(verdict: .accepted(status: .canceled, unchecked: []), events: events)
    }
}
