import PQ
import TradingCore
import TradingStore

/// One group commit of one symbol, run inside a transaction on the connection's thread: catch up from the
/// log, then each order or cancel of the batch in turn, each under its own savepoint so that one order's
/// rejection (a duplicate key, a short balance, a filter) never undoes another's writes.
struct VenueBatch: Sendable {
    let intake: OrderIntake
    let idempotencyWindow: Duration
    let serverMicros: Int64

    /// Sent first in every transaction of the venue: orders are durable when acknowledged, whatever the
    /// server's or the login's default.
    static let synchronousCommit: PQQuery = "SET LOCAL synchronous_commit = on"

    var symbol: String { intake.symbol.symbol }

    /// Runs the batch on `state` and returns the new state and each command's verdict, in order. Nothing is
    /// durable until the surrounding transaction commits.
    func run(
        _ commands: [VenueCommand],
        from state: VenueState,
        on db: isolated PQConnection
    ) throws -> (state: VenueState, verdicts: [VenueVerdict]) {
        var state = state
        try db.execute(Self.synchronousCommit)
        try catchUp(&state, on: db)
        var verdicts: [VenueVerdict] = []
        verdicts.reserveCapacity(commands.count)
        for command in commands {
            try db.execute("SAVEPOINT venue_order")
            let verdict: VenueVerdict
            do {
                switch command {
                case .place(let order): verdict = try place(order, in: &state, on: db)
                case .cancel(let cancel): verdict = try self.cancel(cancel, in: &state, on: db)
                }
            } catch let error as TradingStoreError where error.code == .insufficientBalance {
                verdict = .rejected(.insufficientBalance)
            }
            if verdict.rejection != nil {
                try db.execute("ROLLBACK TO SAVEPOINT venue_order")
            } else {
                try db.execute("RELEASE SAVEPOINT venue_order")
            }
            verdicts.append(verdict)
        }
        return (state, verdicts)
    }

    /// Applies the events other instances wrote since `state.lastSequence`, in order; a gap throws. Takes the
    /// symbol's lock first (held to the end of the transaction; taking it again is a no-op).
    func catchUp(_ state: inout VenueState, on db: isolated PQConnection) throws {
        try SymbolLock.acquire(symbol: symbol, on: db)
        while true {
            let stored = try EventLog.read(symbol: symbol, after: state.lastSequence, on: db)
            guard !stored.isEmpty else { return }
            try apply(stored, to: &state)
        }
    }

    /// Applies events read from the log (in order, following on from `state.lastSequence`) to `state`.
    func apply(_ stored: [StoredEvent], to state: inout VenueState) throws {
        guard let last = stored.last else { return }
        var events: [(event: BookEvent, micros: Int64)] = []
        events.reserveCapacity(stored.count)
        for entry in stored {
            do {
                events.append((try BookEvent(jsonBytes: entry.payload), entry.loggedMicros))
            } catch {
                throw VenueError(.logUnusable, "\(symbol) event \(entry.sequence)", underlying: error)
            }
        }
        do {
            try state.apply(events, through: last.sequence)
        } catch {
            throw VenueError(.logUnusable, "\(symbol) events after \(state.lastSequence)", underlying: error)
        }
    }

    /// Claims the key, writes the order to get its id, decides, and writes what follows; a rejection is
    /// returned (the caller rolls the savepoint back), a short balance thrown by the store.
    private func place(
        _ order: VenueOrder,
        in state: inout VenueState,
        on db: isolated PQConnection
    ) throws -> VenueVerdict {
        let nowMilliseconds = serverMicros / 1_000
        let account = Int64(bitPattern: order.account)
        let clientOrderId = order.clientOrderId ?? "venue-\(symbol)-\(state.lastSequence + 1)-\(serverMicros)"
        if order.clientOrderId != nil {
            let claim = try IdempotencyKeys.claim(
                accountID: account,
                clientOrderID: clientOrderId,
                nowMilliseconds: nowMilliseconds,
                window: idempotencyWindow,
                on: db
            )
            if case .duplicate = claim { return .rejected(.duplicateOrder) }
        }
        let id = try Orders.insert(
            order.newRecord(id: 0, symbol: symbol, clientOrderId: clientOrderId, milliseconds: nowMilliseconds),
            on: db
        )
        let submission = OrderSubmission(
            request: order.request,
            orderId: UInt64(id),
            account: order.account,
            timestamp: order.timestamp,
            recvWindow: order.recvWindow
        )
        let decision = intake.decide(
            submission,
            context: order.context(on: state, atMicros: serverMicros),
            book: state.book,
            serverMicros: serverMicros
        )
        guard case .accepted(let status, _) = decision.verdict else {
            return decision.verdict.rejection.map(VenueVerdict.rejected) ?? .rejected(.insufficientBalance)
        }
        try commit(decision.events, to: &state, at: nowMilliseconds, on: db)
        if order.clientOrderId != nil {
            try IdempotencyKeys.attach(orderID: id, accountID: account, clientOrderID: clientOrderId, on: db)
        }
        return .accepted(orderId: UInt64(id), clientOrderId: clientOrderId, status: status, events: decision.events)
    }

    /// Cancels an open order of the asking account; another account's order is as unknown as a missing one.
    private func cancel(
        _ cancel: VenueCancel,
        in state: inout VenueState,
        on db: isolated PQConnection
    ) throws -> VenueVerdict {
        guard state.ledger.open[cancel.orderId]?.order.account == cancel.account else {
            return .rejected(.unknownOrder)
        }
        let decision = intake.decideCancel(orderId: cancel.orderId, book: state.book)
        guard case .accepted(let status, _) = decision.verdict else {
            return decision.verdict.rejection.map(VenueVerdict.rejected) ?? .rejected(.unknownOrder)
        }
        try commit(decision.events, to: &state, at: serverMicros / 1_000, on: db)
        let clientOrderId = cancel.cancelClientOrderId ?? "cancel-\(symbol)-\(state.lastSequence)-\(serverMicros)"
        return .accepted(orderId: cancel.orderId, clientOrderId: clientOrderId, status: status, events: decision.events)
    }

    /// Applies a decision's events to a copy of the state, writes their effects and appends them to the log;
    /// the copy replaces `state` once all of that succeeded.
    private func commit(
        _ events: [BookEvent],
        to state: inout VenueState,
        at milliseconds: Int64,
        on db: isolated PQConnection
    ) throws {
        var next = state
        try next.book.apply(events)
        // The reports are in `events` already; kept, they would grow with every order, and every decision
        // would copy them.
        next.book.discardReports()
        let effects = next.recordDecided(events, atMicros: serverMicros)
        try write(effects, at: milliseconds, on: db)
        let appended = try EventLog.append(
            symbol: symbol,
            after: state.lastSequence,
            events: events.map { event in (type: event.typeName, payload: event.jsonBytes) },
            loggedAtMicros: serverMicros,
            on: db
        )
        next.lastSequence = appended.last?.sequence ?? state.lastSequence
        state = next
    }

    /// Balances (locks, trades, releases), orders and fills, in that order.
    private func write(_ effects: VenueLedger.Effects, at milliseconds: Int64, on db: isolated PQConnection) throws {
        for change in effects.balances {
            try Accounts.adjust(
                accountID: Int64(bitPattern: change.account),
                asset: change.asset,
                free: change.free.description,
                locked: change.locked.description,
                on: db
            )
        }
        for update in effects.orders {
            try Orders.update(
                id: Int64(bitPattern: update.orderId),
                status: update.status.rawValue,
                executedQuantity: update.executedQuantity.description,
                cumulativeQuoteQuantity: update.cumulativeQuote.description,
                updatedMilliseconds: milliseconds,
                on: db
            )
        }
        for fill in effects.fills {
            try Fills.insert(
                FillRecord(fill, symbol: intake.symbol, milliseconds: milliseconds),
                on: db
            )
        }
    }
}

extension BookEvent {
    /// The log's `type` column: the event's name in its encoding.
    var typeName: String {
        switch self {
        case .admitted: "admitted"
        case .canceled: "canceled"
        case .reported: "reported"
        }
    }
}
