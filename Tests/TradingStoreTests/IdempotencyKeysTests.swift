import Bot4TestSupport
import PQ
import Testing
import TradingStore

/// `newClientOrderId` refused within the window, per account, under a unique key.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct IdempotencyKeysTests {
    static let hour: Int64 = 3_600_000

    @Test func aKeyIsRefusedWithinTheWindowAndFreeAfterIt() async throws {
        let fixture = try await StoreFixture.migrated()
        let db = fixture.connection
        let account = try await Accounts.ensure(apiKey: "k1", on: db)
        let other = try await Accounts.ensure(apiKey: "k2", on: db)
        let t0: Int64 = 1_700_000_000_000
        #expect(
            try await IdempotencyKeys.claim(accountID: account, clientOrderID: "cid", nowMilliseconds: t0, on: db)
                == .claimed
        )
        try await IdempotencyKeys.attach(orderID: 42, accountID: account, clientOrderID: "cid", on: db)
        let again = try await IdempotencyKeys.claim(
            accountID: account,
            clientOrderID: "cid",
            nowMilliseconds: t0 + 23 * Self.hour,
            on: db
        )
        #expect(again == .duplicate(orderID: 42))
        // Another account may use the same id.
        #expect(
            try await IdempotencyKeys.claim(accountID: other, clientOrderID: "cid", nowMilliseconds: t0, on: db)
                == .claimed
        )
        // After 24 hours the key is free again.
        let later = try await IdempotencyKeys.claim(
            accountID: account,
            clientOrderID: "cid",
            nowMilliseconds: t0 + 24 * Self.hour,
            on: db
        )
        #expect(later == .claimed)
        let shortWindow = try await IdempotencyKeys.claim(
            accountID: account,
            clientOrderID: "cid",
            nowMilliseconds: t0 + 25 * Self.hour,
            window: .seconds(60),
            on: db
        )
        #expect(shortWindow == .claimed)
    }

    @Test func concurrentClaimsOfOneKeyYieldOneOrder() async throws {
        let fixture = try await StoreFixture.migrated()
        let first = fixture.connection
        let second = fixture.connect()
        let account = try await Accounts.ensure(apiKey: "k1", on: first)
        let now: Int64 = 1_700_000_000_000
        try await first.execute("BEGIN")
        #expect(
            try await IdempotencyKeys.claim(
                accountID: account,
                clientOrderID: "race",
                orderID: 7,
                nowMilliseconds: now,
                on: first
            ) == .claimed
        )
        // The second claim waits on the first transaction's key, then sees it.
        async let contender = IdempotencyKeys.claim(
            accountID: account,
            clientOrderID: "race",
            orderID: 8,
            nowMilliseconds: now,
            on: second
        )
        try await Task.sleep(for: .milliseconds(300))
        try await first.execute("COMMIT")
        #expect(try await contender == .duplicate(orderID: 7))
    }

    @Test func badClientOrderIDsAreRefused() async throws {
        let fixture = try await StoreFixture.migrated()
        for bad in ["", String(repeating: "x", count: 65)] {
            await #expect(throws: TradingStoreError.self) {
                try await IdempotencyKeys.claim(
                    accountID: 1,
                    clientOrderID: bad,
                    nowMilliseconds: 0,
                    on: fixture.connection
                )
            }
        }
    }
}
