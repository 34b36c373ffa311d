import Bot4TestSupport
import PQ
import Testing
import TradingStore

/// The per-symbol event log: contiguous sequence numbers, stale appends refused, gaps detected on read.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct EventLogTests {
    @Test func appendsAreNumberedAndReadBackInOrder() async throws {
        let fixture = try await StoreFixture.migrated()
        let payloads: [[UInt8]] = [[0, 1, 2, 0], Array("{\"price\":\"0.1\"}".utf8)]
        let stored = try await fixture.connection.transaction { connection in
            try SymbolLock.acquire(symbol: "BTCUSDT", on: connection)
            return try EventLog.append(
                symbol: "BTCUSDT",
                after: 0,
                events: [("accepted", payloads[0]), ("filled", payloads[1])],
                loggedAtMicros: Self.loggedAt,
                on: connection
            )
        }
        #expect(stored.map(\.sequence) == [1, 2])
        let more = try await EventLog.append(
            symbol: "BTCUSDT",
            after: 2,
            events: [("canceled", [])],
            loggedAtMicros: Self.loggedAt + 1,
            on: fixture.connection
        )
        #expect(more.map(\.sequence) == [3])
        // Another symbol has its own numbering.
        let other = try await EventLog.append(
            symbol: "ETHUSDT",
            after: 0,
            events: [("accepted", [9])],
            loggedAtMicros: Self.loggedAt,
            on: fixture.connection
        )
        #expect(other.map(\.sequence) == [1])

        let read = try await EventLog.read(symbol: "BTCUSDT", after: 0, on: fixture.connection)
        #expect(read.map(\.sequence) == [1, 2, 3])
        #expect(read.map(\.type) == ["accepted", "filled", "canceled"])
        #expect(read.map(\.payload) == payloads + [[]])
        // Each event keeps the time it was logged at, to the microsecond.
        #expect(read.map(\.loggedMicros) == [Self.loggedAt, Self.loggedAt, Self.loggedAt + 1])
        #expect(try await EventLog.read(symbol: "BTCUSDT", after: 2, on: fixture.connection).map(\.sequence) == [3])
        #expect(try await EventLog.lastSequence(symbol: "BTCUSDT", on: fixture.connection) == 3)
    }

    /// A time with every microsecond digit set: 2025-12-06T09:46:40.123457Z.
    static let loggedAt: Int64 = 1_765_014_400_123_457

    /// A migrated database whose BTCUSDT log holds sequences 1 and 2.
    static func withTwoEvents() async throws -> StoreFixture {
        let fixture = try await StoreFixture.migrated()
        try await EventLog.append(
            symbol: "BTCUSDT",
            after: 0,
            events: [("a", [1]), ("b", [2])],
            loggedAtMicros: loggedAt,
            on: fixture.connection
        )
        return fixture
    }

    @Test func anAppendAfterAStaleSequenceIsRefused() async throws {
        let fixture = try await Self.withTwoEvents()
        let error = await #expect(throws: TradingStoreError.self) {
            try await EventLog.append(
                symbol: "BTCUSDT",
                after: 1,
                events: [("c", [3])],
                loggedAtMicros: Self.loggedAt,
                on: fixture.connection
            )
        }
        #expect(error?.code == .staleSequence)
        #expect(error?.message.contains("BTCUSDT") == true)
    }

    @Test func aGapIsDetectedOnReadNamingTheMissingNumber() async throws {
        let fixture = try await Self.withTwoEvents()
        // A row written around the store, skipping sequence 3.
        try await fixture.connection.execute(
            "INSERT INTO events (symbol, seq, type, payload) VALUES ('BTCUSDT', 4, 'x', '\\x00')"
        )
        let error = await #expect(throws: TradingStoreError.self) {
            try await EventLog.read(symbol: "BTCUSDT", after: 0, on: fixture.connection)
        }
        #expect(error?.code == .sequenceGap)
        #expect(error?.message.contains("BTCUSDT") == true)
        #expect(error?.message.contains("expected sequence 3, found 4") == true)
        // Reading from after the gap is fine.
        #expect(try await EventLog.read(symbol: "BTCUSDT", after: 3, on: fixture.connection).map(\.sequence) == [4])
    }

    @Test func theLogIsAppendOnlyAndSequenceNumbersAreUnique() async throws {
        let fixture = try await StoreFixture.migrated()
        try await EventLog.append(
            symbol: "BTCUSDT",
            after: 0,
            events: [("a", [1])],
            loggedAtMicros: Self.loggedAt,
            on: fixture.connection
        )
        for statement: PQQuery in [
            "UPDATE events SET type = 'b'", "DELETE FROM events", "TRUNCATE events",
        ] {
            let error = await #expect(throws: PQError.self) { try await fixture.connection.execute(statement) }
            #expect(error?.sqlState == "23001")
        }
        let duplicate = await #expect(throws: PQError.self) {
            try await fixture.connection.execute(
                "INSERT INTO events (symbol, seq, type, payload) VALUES ('BTCUSDT', 1, 'again', '\\x00')"
            )
        }
        #expect(duplicate?.isUniqueViolation == true)
    }

    @Test func badSymbolsAreRefusedBeforeSQL() async throws {
        let fixture = try await StoreFixture.migrated()
        let error = await #expect(throws: TradingStoreError.self) {
            try await EventLog.read(symbol: "btc'; --", after: 0, on: fixture.connection)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("symbol") == true)
    }
}
