import Bot4TestSupport
import PQ
import Testing
import TradingStore

/// The per-symbol transaction-level advisory lock, held by one transaction at a time and freed at its end.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct SymbolLockTests {
    @Test func oneTransactionHoldsASymbolUntilItEnds() async throws {
        let fixture = try await StoreFixture.migrated()
        let other = fixture.connect()
        try await fixture.connection.execute("BEGIN")
        #expect(try await SymbolLock.tryAcquire(symbol: "BTCUSDT", on: fixture.connection))
        try await other.execute("BEGIN")
        #expect(try await !SymbolLock.tryAcquire(symbol: "BTCUSDT", on: other))
        #expect(try await SymbolLock.tryAcquire(symbol: "ETHUSDT", on: other))
        try await other.execute("ROLLBACK")
        try await fixture.connection.execute("COMMIT")
        // Commit released it.
        let acquired = try await other.transaction { connection in
            try SymbolLock.tryAcquire(symbol: "BTCUSDT", on: connection)
        }
        #expect(acquired)
    }
}

/// Several instances writing one symbol: under the lock, each reads the log's end and appends after it.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct SeveralInstancesTests {
    @Test func concurrentWritersUnderTheLockLoseAndRepeatNoSequenceNumber() async throws {
        let fixture = try await StoreFixture.migrated()
        let writers = [fixture.connection, fixture.connect(), fixture.connect()]
        let rounds = 15
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, writer) in writers.enumerated() {
                group.addTask {
                    for round in 0..<rounds {
                        try await writer.transaction { db in
                            try SymbolLock.acquire(symbol: "BTCUSDT", on: db)
                            let last = try EventLog.lastSequence(symbol: "BTCUSDT", on: db)
                            try EventLog.append(
                                symbol: "BTCUSDT",
                                after: last,
                                events: [("w\(index)", [UInt8(round)]), ("w\(index)", [UInt8(round)])],
                                loggedAtMicros: Int64(round),
                                on: db
                            )
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let events = try await EventLog.read(symbol: "BTCUSDT", after: 0, on: fixture.connection)
        #expect(events.map(\.sequence) == Array(1...Int64(writers.count * rounds * 2)))
        // Each transaction's two events are adjacent: no writer interleaved inside another's batch.
        for pair in stride(from: 0, to: events.count, by: 2) {
            #expect(events[pair].type == events[pair + 1].type)
            #expect(events[pair].payload == events[pair + 1].payload)
        }
    }
}
