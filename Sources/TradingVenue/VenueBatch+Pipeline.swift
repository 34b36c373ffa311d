import PQ
import TradingCore
import TradingStore

/// The fast way through a group commit: the whole batch in two pipelined round trips, whatever its size.
///
/// 1. One pipeline: `SET LOCAL synchronous_commit = on`, the symbol's lock, the catch-up read, which of the
///    batch's `newClientOrderId`s are taken, and one reserved order id per new order.
/// 2. In memory, as ``VenueBatch/run(_:from:on:)`` would: apply the log, then decide each order in turn
///    (a key taken, or used earlier in the batch, is a duplicate), collecting what each accepted one writes.
/// 3. One pipeline: claim the keys, insert the orders (in their final state), update the older orders they
///    traded with, change the balances, insert the fills and append the events, one statement each.
///
/// Then the caller commits; nothing is acknowledged before. The balance statement refuses any change that
/// would overdraw a balance, even between two orders of the batch, but cannot say which order was at fault;
/// and a key can be claimed by another symbol's transaction between the two pipelines. Either way (and on a
/// deadlock) the batch throws ``Conflict``: the transaction is rolled back whole, and the caller runs the batch
/// again order by order with ``VenueBatch/run(_:from:on:)``, which gives each order its own verdict.
extension VenueBatch {
    /// The pipelined batch met a conflict that one of its orders may have caused; nothing of it remains once
    /// the transaction is rolled back, and the batch must be run again order by order.
    struct Conflict: Error, CustomStringConvertible {
        /// What conflicted.
        let underlying: any Error
        var description: String { "the batch must be run order by order: \(underlying)" }
    }

    /// How many events one catch-up read takes; a full page means more may follow.
    static let catchUpPage = 10_000

    /// The SQLSTATEs of a conflict: a unique key taken meanwhile, an overdrawn balance, a deadlock or a
    /// serialization failure.
    private static let conflictStates: Set<String> = ["23505", "23514", "40P01", "40001"]

    /// Runs the batch on `state` in two round trips and returns the new state and each command's verdict, in
    /// order. Nothing is durable until the surrounding transaction commits.
    /// - Throws: ``Conflict`` when the batch must be run order by order; otherwise what the slow way throws.
    func runPipelined(
        _ commands: [VenueCommand],
        from state: VenueState,
        on db: isolated PQConnection
    ) throws -> (state: VenueState, verdicts: [VenueVerdict]) {
        var state = state
        let nowMilliseconds = serverMicros / 1_000
        var keys: [IdempotencyKeys.Key] = []
        var placing = 0
        for command in commands {
            guard case .place(let order) = command else { continue }
            placing += 1
            if let clientOrderId = order.clientOrderId {
                keys.append(
                    IdempotencyKeys.Key(accountID: Int64(bitPattern: order.account), clientOrderID: clientOrderId)
                )
            }
        }
        var first: [PQQuery] = [
            Self.synchronousCommit,
            try SymbolLock.acquireQuery(symbol: symbol),
            try EventLog.readQuery(symbol: symbol, after: state.lastSequence, limit: Self.catchUpPage),
        ]
        if !keys.isEmpty {
            first.append(
                try IdempotencyKeys.takenQuery(keys, nowMilliseconds: nowMilliseconds, window: idempotencyWindow)
            )
        }
        if placing > 0 { first.append(Orders.reserveIDs(count: placing)) }
        let read = try stored("locking and reading \(symbol)") { () throws(PQError) in try db.pipeline(preparing: first)
        }

        let logged = try EventLog.events(read[2], symbol: symbol, after: state.lastSequence)
        try apply(logged, to: &state)
        if logged.count == Self.catchUpPage { try catchUp(&state, on: db) }
        var taken = keys.isEmpty ? [] : try IdempotencyKeys.takenKeys(read[3])
        var ids = placing > 0 ? try Orders.reservedIDs(read[read.count - 1])[...] : []
        guard ids.count == placing else {
            throw VenueError(.commitFailed, "\(symbol): \(ids.count) order ids reserved for \(placing) orders")
        }

        var writes = VenueWrites(
            symbol: symbol,
            intake: intake,
            milliseconds: nowMilliseconds,
            window: idempotencyWindow
        )
        var verdicts: [VenueVerdict] = []
        verdicts.reserveCapacity(commands.count)
        for command in commands {
            switch command {
            case .place(let order):
                let account = Int64(bitPattern: order.account)
                let clientOrderId =
                    order.clientOrderId ?? "venue-\(symbol)-\(state.lastSequence + 1)-\(serverMicros)"
                let key = order.clientOrderId.map { IdempotencyKeys.Key(accountID: account, clientOrderID: $0) }
                if let key, taken.contains(key) {
                    verdicts.append(.rejected(.duplicateOrder))
                    continue
                }
                let id = ids.removeFirst()
                let submission = OrderSubmission(
                    request: order.request,
                    orderId: UInt64(id),
                    account: order.account,
                    timestamp: order.timestamp,
                    recvWindow: order.recvWindow
                )
                let context = order.context(on: state, atMicros: serverMicros)
                // Decided on the batch's own book, applied at once (no copy): the batch fails whole otherwise.
                let decision = intake.decide(
                    submission,
                    context: context,
                    applyingTo: &state.book,
                    serverMicros: serverMicros
                )
                guard case .accepted(let status, _) = decision.verdict else {
                    verdicts.append(.rejected(decision.verdict.rejection ?? .insufficientBalance))
                    continue
                }
                writes.insert(order, id: id, clientOrderId: clientOrderId)
                try stage(decision.events, to: &state, in: &writes, bookHasThem: true)
                if let key {
                    taken.insert(key)
                    writes.claims.append((key: key, orderID: id))
                }
                verdicts.append(
                    .accepted(
                        orderId: UInt64(id),
                        clientOrderId: clientOrderId,
                        status: status,
                        events: decision.events
                    )
                )
            case .cancel(let cancel):
                guard state.ledger.open[cancel.orderId]?.order.account == cancel.account else {
                    verdicts.append(.rejected(.unknownOrder))
                    continue
                }
                let decision = intake.decideCancel(orderId: cancel.orderId, book: state.book)
                guard case .accepted(let status, _) = decision.verdict else {
                    verdicts.append(.rejected(decision.verdict.rejection ?? .unknownOrder))
                    continue
                }
                try stage(decision.events, to: &state, in: &writes, bookHasThem: false)
                let clientOrderId =
                    cancel.cancelClientOrderId ?? "cancel-\(symbol)-\(state.lastSequence)-\(serverMicros)"
                verdicts.append(
                    .accepted(
                        orderId: cancel.orderId,
                        clientOrderId: clientOrderId,
                        status: status,
                        events: decision.events
                    )
                )
            }
        }
        try write(writes, on: db)
        return (state, verdicts)
    }

    /// Applies a decision's events to `state` (to its book too unless `bookHasThem`) and collects their
    /// effects and the events, numbered after the state's last sequence. It changes `state` in place, with no
    /// copy to fall back to: a failure here fails the whole batch, whose state is then dropped.
    private func stage(
        _ events: [BookEvent],
        to state: inout VenueState,
        in writes: inout VenueWrites,
        bookHasThem: Bool
    ) throws {
        if !bookHasThem {
            try state.book.apply(events)
            // The reports are in `events` already; kept, they would grow with every order, and every
            // decision would copy them.
            state.book.discardReports()
        }
        for (offset, event) in events.enumerated() {
            writes.events.append(
                StoredEvent(
                    symbol: symbol,
                    sequence: state.lastSequence + 1 + Int64(offset),
                    type: event.typeName,
                    payload: event.jsonBytes,
                    loggedMicros: serverMicros
                )
            )
        }
        writes.record(state.recordDecided(events, atMicros: serverMicros))
    }

    /// Sends the batch's writes as one pipeline and checks what they did.
    private func write(_ writes: VenueWrites, on db: isolated PQConnection) throws {
        let plan = try writes.queries()
        guard !plan.queries.isEmpty else { return }
        let results: [PQRows]
        do {
            results = try db.pipeline(preparing: plan.queries)
        } catch {
            if let state = error.sqlState, Self.conflictStates.contains(state) { throw Conflict(underlying: error) }
            throw TradingStoreError(.database, "writing a batch of \(symbol)", underlying: error)
        }
        if let claims = plan.claims, results[claims].count != writes.claims.count {
            let claimed = results[claims].count
            throw Conflict(
                underlying: TradingStoreError(
                    .database,
                    "\(symbol): \(claimed) of \(writes.claims.count) client order ids claimed; another transaction took one"
                )
            )
        }
        if let updates = plan.updates, results[updates].affectedRows != writes.progress.count {
            throw TradingStoreError(
                .invalidInput,
                "\(symbol): \(results[updates].affectedRows) of \(writes.progress.count) orders to update exist"
            )
        }
    }

    private func stored<Result>(_ step: String, _ body: () throws(PQError) -> Result) throws -> Result {
        do {
            return try body()
        } catch {
            throw TradingStoreError(.database, step, underlying: error)
        }
    }
}
