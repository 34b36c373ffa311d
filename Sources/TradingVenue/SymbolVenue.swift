// TradingVenue: the simulated venue of the sheet, the durable order flow between the pure intake
// (TradingCore) and the store (TradingStore). It is cut out of the planned TradingAPI so that the flow (lock,
// catch up, claim, decide, write, commit, then apply) is one library that the REST layer, `bot4 replay` and the
// tests call alike, with no HTTP in it; and so that TradingStore stays free of TradingCore.
import Foundation
import PQ
import TradingCore
import TradingStore

/// One symbol of the simulated venue in one instance: orders become durable in PostgreSQL before the
/// in-memory book changes, and several instances on one database match against one book.
///
/// Each commit is one transaction under the symbol's advisory lock (``SymbolLock``): apply the events other
/// instances logged since this one's last (in sequence order; a gap is an error), then for each order of the
/// batch claim its `newClientOrderId`, decide (``OrderIntake/decide(_:context:book:serverMicros:)``), append the
/// events and write the orders, fills and balances they imply; commit with `synchronous_commit` on; only then
/// replace the in-memory state and answer. A commit that fails changes nothing in memory; the next batch
/// catches up from the log, including whatever the failed commit may have written.
///
/// Group commit: orders that arrive while a commit is in flight share the next transaction
/// (``CommitBatcher``); each keeps its own verdict. A batch costs four round trips however many orders it
/// carries (`BEGIN`, two pipelines, `COMMIT`: ``VenueBatch/runPipelined(_:from:on:)``); when one of its orders
/// overdraws a balance, or a key is claimed meanwhile, the batch is rolled back whole and run again order by
/// order, each under a savepoint (``VenueBatch/run(_:from:on:)``).
public actor SymbolVenue {
    private struct Waiting: Sendable {
        let command: VenueCommand
        let continuation: CheckedContinuation<VenueVerdict, any Error>
    }

    /// The symbol's rules.
    nonisolated public let intake: OrderIntake
    private let pool: PQConnectionPool
    private let idempotencyWindow: Duration
    private let clock: @Sendable () -> Int64
    private var batcher: CommitBatcher<Waiting>
    /// What this instance has applied: the book, the ledger, the last sequence number.
    public private(set) var state: VenueState
    /// How many order transactions this instance has committed (each carries one batch).
    public private(set) var committedBatches = 0
    /// How many batches met a conflict in their pipelined run (a short balance, a client order id taken
    /// meanwhile, a deadlock) and were run again order by order.
    public private(set) var batchesRunOrderByOrder = 0

    /// Creates the venue of one symbol; its book is empty until the first commit (or ``catchUp()``) reads
    /// the log.
    /// - Parameters:
    ///   - intake: the symbol's intake (rules from exchangeInfo).
    ///   - pool: the connections to the store.
    ///   - idempotencyWindow: how long a `newClientOrderId` stays taken (24 h by default, as the sheet says).
    ///   - maximumBatch: the most orders one transaction takes.
    ///   - referencePrice: the symbol's average price before its first trade (``AveragePrice``).
    ///   - clock: the server's time, µs since the epoch.
    public init(
        intake: OrderIntake,
        pool: PQConnectionPool,
        idempotencyWindow: Duration = IdempotencyKeys.defaultWindow,
        maximumBatch: Int = 256,
        referencePrice: FixedDecimal? = nil,
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000_000) }
    ) {
        self.intake = intake
        self.pool = pool
        self.idempotencyWindow = idempotencyWindow
        self.clock = clock
        batcher = CommitBatcher(maximumBatch: maximumBatch)
        state = VenueState(symbol: intake.symbol, referencePrice: referencePrice)
    }

    /// Places one order: returns once it is durable (or refused).
    /// - Throws: ``VenueError`` when the commit of its batch failed or the log cannot be applied; the order's
    ///   outcome is then unknown to the caller (Binance `-1007`/5xx), and the book is as it was.
    public func submit(_ order: VenueOrder) async throws -> VenueVerdict {
        try await run(.place(order))
    }

    /// Cancels one open order of the account: returns once the cancel is durable (or refused with
    /// `-2011 Unknown order sent.`). Cancels share group commits with new orders.
    /// - Throws: ``VenueError`` as ``submit(_:)`` does.
    public func cancel(_ cancel: VenueCancel) async throws -> VenueVerdict {
        try await run(.cancel(cancel))
    }

    private func run(_ command: VenueCommand) async throws -> VenueVerdict {
        try await withCheckedThrowingContinuation { continuation in
            Task { await self.enqueue(Waiting(command: command, continuation: continuation)) }
        }
    }

    /// Reads and applies the events other instances logged (under the symbol's lock, in a transaction).
    public func catchUp() async throws {
        let batch = makeBatch()
        let current = state
        let caughtUp = try await transaction { db in
            var state = current
            try db.execute(VenueBatch.synchronousCommit)
            try batch.catchUp(&state, on: db)
            return state
        }
        if caughtUp.lastSequence > state.lastSequence { state = caughtUp }
    }

    /// Catches up (``catchUp()``) only when the log has events this instance has not applied: one read of
    /// the log's last sequence number, without the symbol's lock. Reads that answer from the book (depth)
    /// call it first, so that an instance never answers from a book older than what other instances had
    /// committed when the read began.
    public func refresh() async throws {
        let symbol = intake.symbol.symbol
        let last = try await transaction { db in try EventLog.lastSequence(symbol: symbol, on: db) }
        if last > state.lastSequence { try await catchUp() }
    }

    private func enqueue(_ waiting: Waiting) async {
        guard case .commit(let batch) = batcher.submit(waiting) else { return }
        await drive(batch)
    }

    /// Commits batches until none is waiting.
    private func drive(_ first: [Waiting]) async {
        var batch = first
        while true {
            let commands = batch.map(\.command)
            let current = state
            let writer = makeBatch()
            do {
                let outcome: (state: VenueState, verdicts: [VenueVerdict])
                do {
                    outcome = try await transaction { db in try writer.runPipelined(commands, from: current, on: db) }
                } catch  where error.underlying is VenueBatch.Conflict {
                    batchesRunOrderByOrder += 1
                    outcome = try await transaction { db in try writer.run(commands, from: current, on: db) }
                }
                state = outcome.state
                committedBatches += 1
                for (waiting, verdict) in zip(batch, outcome.verdicts) {
                    waiting.continuation.resume(returning: verdict)
                }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
            guard case .commit(let next) = batcher.commitFinished() else { return }
            batch = next
        }
    }

    private func makeBatch() -> VenueBatch {
        VenueBatch(intake: intake, idempotencyWindow: idempotencyWindow, serverMicros: clock())
    }

    /// A transaction on a lent connection (its body sets `synchronous_commit` on, whatever the server's
    /// default: ``VenueBatch/synchronousCommit``); errors other than the venue's own become
    /// ``VenueError/Code/commitFailed``.
    private func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (isolated PQConnection) throws -> Result
    ) async throws(VenueError) -> Result {
        do {
            return try await pool.transaction { db in try body(db) }
        } catch let error as VenueError {
            throw error
        } catch {
            throw VenueError(
                .commitFailed,
                "\(intake.symbol.symbol): the transaction did not commit",
                underlying: error
            )
        }
    }
}
