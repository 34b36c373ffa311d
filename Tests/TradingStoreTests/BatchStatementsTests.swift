import Bot4TestSupport
import PQ
import Testing
import TradingStore

/// The one-statement-per-table writes of a pipelined batch: the same rows and the same refusals as the
/// one-by-one calls.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct BatchStatementsTests {
    @Test func balanceChangesMayNotOverdrawEvenBetweenTwoChanges() async throws {
        let fixture = try await StoreFixture.migrated()
        let db = fixture.connection
        let account = try await Accounts.ensure(apiKey: "key", on: db)
        try await Accounts.adjust(accountID: account, asset: "USDT", free: "1000", on: db)
        let take = Accounts.BalanceChange(accountID: account, asset: "USDT", free: "-1500", locked: "1500")
        let give = Accounts.BalanceChange(accountID: account, asset: "USDT", free: "1000", locked: "0")
        // Taking 1,500 before the 1,000 arrives overdraws in between, though the total (500 left) would not.
        let refused = try Accounts.adjustAll([take, give])
        let error = await #expect(throws: PQError.self) {
            try await db.transaction { db in _ = try db.pipeline(refused) }
        }
        #expect(error?.sqlState == "23514")
        #expect(
            try await Accounts.balances(accountID: account, on: db) == [
                Balance(asset: "USDT", free: "1000", locked: "0")
            ]
        )
        // In the other order every step is covered; a new asset's row is created at zero first.
        let credit = Accounts.BalanceChange(accountID: account, asset: "BTC", free: "0.5", locked: "0")
        let accepted = try Accounts.adjustAll([give, take, credit])
        try await db.transaction { db in _ = try db.pipeline(accepted) }
        #expect(
            try await Accounts.balances(accountID: account, on: db) == [
                Balance(asset: "BTC", free: "0.5", locked: "0"), Balance(asset: "USDT", free: "500", locked: "1500"),
            ]
        )
    }

    @Test func ordersFillsAndEventsOfABatchAreWrittenInOneStatementEach() async throws {
        let fixture = try await StoreFixture.migrated()
        let db = fixture.connection
        let account = try await Accounts.ensure(apiKey: "key", on: db)
        let ids = try Orders.reservedIDs(try await db.query(Orders.reserveIDs(count: 3)))
        #expect(ids.count == 3 && ids == ids.sorted() && Set(ids).count == 3)
        let orders = ids.prefix(2).map { id in
            OrderRecord(
                id: id,
                accountID: account,
                symbol: "BTCUSDT",
                clientOrderID: "c-\(id)",
                side: "BUY",
                type: "LIMIT",
                timeInForce: "GTC",
                price: "25000.00",
                originalQuantity: "0.001",
                createdMilliseconds: 1,
                updatedMilliseconds: 1,
                stopPrice: id == ids[1] ? "24000.5" : nil,
                selfTradePreventionMode: id == ids[1] ? "EXPIRE_MAKER" : nil
            )
        }
        let fill = FillRecord(
            symbol: "BTCUSDT",
            orderID: ids[0],
            accountID: account,
            price: "25000",
            quantity: "0.001",
            quoteQuantity: "25",
            commissionAsset: "BTC",
            isBuyer: true,
            isMaker: false,
            timeMilliseconds: 2
        )
        let events = [
            StoredEvent(symbol: "BTCUSDT", sequence: 1, type: "admitted", payload: [0, 1, 255], loggedMicros: 1),
            StoredEvent(
                symbol: "BTCUSDT",
                sequence: 2,
                type: "reported",
                payload: Array("{}".utf8),
                loggedMicros: 1_765_014_400_123_457
            ),
        ]
        let progress = OrderProgress(
            id: ids[0],
            status: "FILLED",
            executedQuantity: "0.001",
            cumulativeQuoteQuantity: "25",
            updatedMilliseconds: 2
        )
        let results = try await db.transaction { db in
            try db.pipeline([
                try Orders.insertAll(orders), try Orders.updateAll([progress]), try Fills.insertAll([fill]),
                try EventLog.appendAll(events),
            ])
        }
        #expect(results.map(\.affectedRows) == [2, 1, 1, 2])
        let first = try await Orders.find(accountID: account, symbol: "BTCUSDT", id: ids[0], on: db)
        #expect(first?.status == "FILLED" && first?.clientOrderID == "c-\(ids[0])")
        let second = try await Orders.find(accountID: account, symbol: "BTCUSDT", id: ids[1], on: db)
        #expect(second?.status == "NEW")
        #expect(second?.stopPrice == "24000.5" && second?.selfTradePreventionMode == "EXPIRE_MAKER")
        #expect(first?.stopPrice == nil && first?.selfTradePreventionMode == nil)
        #expect(try await Fills.list(accountID: account, symbol: "BTCUSDT", on: db).map(\.orderID) == [ids[0]])
        #expect(try await EventLog.read(symbol: "BTCUSDT", after: 0, on: db) == events)
        // Numbers already taken are refused by the log's key, and a gap never reaches SQL.
        await #expect(throws: PQError.self) { try await db.query(try EventLog.appendAll([events[1]])) }
        #expect(throws: TradingStoreError.self) { try EventLog.appendAll([events[0], events[0]]) }
    }

    @Test func keysAreFoundTakenAndClaimedOnlyOnceWithinTheWindow() async throws {
        let fixture = try await StoreFixture.migrated()
        let db = fixture.connection
        let account = try await Accounts.ensure(apiKey: "key", on: db)
        let old = IdempotencyKeys.Key(accountID: account, clientOrderID: "old")
        let recent = IdempotencyKeys.Key(accountID: account, clientOrderID: "recent")
        let fresh = IdempotencyKeys.Key(accountID: account, clientOrderID: "fresh")
        let window = Duration.seconds(60)
        _ = try await IdempotencyKeys.claim(accountID: account, clientOrderID: "old", nowMilliseconds: 0, on: db)
        _ = try await IdempotencyKeys.claim(
            accountID: account,
            clientOrderID: "recent",
            nowMilliseconds: 100_000,
            on: db
        )
        let query = try IdempotencyKeys.takenQuery([old, recent, fresh], nowMilliseconds: 120_000, window: window)
        #expect(try IdempotencyKeys.takenKeys(try await db.query(query)) == [recent])
        // The old use is taken over and the fresh key inserted; the recent one stays its first order's.
        let claim = try IdempotencyKeys.claimAll(
            [(key: old, orderID: 7), (key: fresh, orderID: 8), (key: recent, orderID: 9)],
            nowMilliseconds: 120_000,
            window: window
        )
        let claimed = try await db.query(claim)
        let names = try claimed.map { row in try row.string("client_order_id") }
        #expect(Set(names) == ["old", "fresh"])
        let retry = try await IdempotencyKeys.claim(
            accountID: account,
            clientOrderID: "fresh",
            nowMilliseconds: 120_001,
            window: window,
            on: db
        )
        #expect(retry == .duplicate(orderID: 8))
        #expect(throws: TradingStoreError.self) {
            try IdempotencyKeys.takenQuery(
                [IdempotencyKeys.Key(accountID: account, clientOrderID: "")],
                nowMilliseconds: 0
            )
        }
    }
}
