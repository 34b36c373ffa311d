import Bot4TestSupport
import PQ
import Testing
import TradingStore

/// Orders and fills in plain columns, written in one transaction and read back.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct OrdersTests {
    @Test func ordersAndFillsRoundTrip() async throws {
        let fixture = try await StoreFixture.migrated()
        let db = fixture.connection
        let account = try await Accounts.ensure(apiKey: "key", on: db)
        let order = OrderRecord(
            accountID: account,
            symbol: "BTCUSDT",
            clientOrderID: "x-1",
            side: "BUY",
            type: "LIMIT",
            timeInForce: "GTC",
            price: "27000.01000000",
            originalQuantity: "0.00100000",
            createdMilliseconds: 1_000,
            icebergQuantity: "0.00020000",
            selfTradePreventionMode: "EXPIRE_BOTH"
        )
        let id = try await db.transaction { db in
            let id = try Orders.insert(order, on: db)
            try Fills.insert(
                FillRecord(
                    symbol: "BTCUSDT",
                    orderID: id,
                    accountID: account,
                    price: "27000.01",
                    quantity: "0.0004",
                    quoteQuantity: "10.800004",
                    commission: "0",
                    commissionAsset: "BTC",
                    isBuyer: true,
                    isMaker: false,
                    timeMilliseconds: 1_001
                ),
                on: db
            )
            try Orders.update(
                id: id,
                status: "PARTIALLY_FILLED",
                executedQuantity: "0.0004",
                cumulativeQuoteQuantity: "10.800004",
                updatedMilliseconds: 1_001,
                on: db
            )
            return id
        }
        let byID = try #require(try await Orders.find(accountID: account, symbol: "BTCUSDT", id: id, on: db))
        #expect(byID.price == "27000.01000000")
        #expect(byID.originalQuantity == "0.00100000")
        #expect(byID.executedQuantity == "0.0004")
        #expect(byID.status == "PARTIALLY_FILLED")
        #expect(byID.updatedMilliseconds == 1_001)
        #expect(byID.icebergQuantity == "0.00020000")
        #expect(byID.selfTradePreventionMode == "EXPIRE_BOTH")
        #expect(byID.stopPrice == nil && byID.quoteOrderQuantity == nil)
        let byClient = try await Orders.find(accountID: account, symbol: "BTCUSDT", clientOrderID: "x-1", on: db)
        #expect(byClient?.id == id)
        #expect(try await Orders.open(accountID: account, symbol: "BTCUSDT", on: db).map(\.id) == [id])
        #expect(try await Orders.open(accountID: account, symbol: nil, on: db).map(\.id) == [id])
        #expect(try await Orders.open(accountID: account, symbol: "ETHUSDT", on: db).isEmpty)
        let fills = try await Fills.list(accountID: account, symbol: "BTCUSDT", orderID: id, on: db)
        #expect(fills.map(\.quoteQuantity) == ["10.800004"])
        #expect(fills.first?.isBuyer == true && fills.first?.isMaker == false)
        #expect(try await Fills.list(accountID: account, symbol: "BTCUSDT", on: db).count == 1)
    }

    @Test func aBadAmountIsRefusedNamingTheField() async throws {
        let fixture = try await StoreFixture.migrated()
        let order = OrderRecord(
            accountID: 1,
            symbol: "BTCUSDT",
            clientOrderID: "x",
            side: "BUY",
            type: "LIMIT",
            price: "1,5",
            originalQuantity: "1",
            createdMilliseconds: 0
        )
        let error = await #expect(throws: TradingStoreError.self) {
            try await Orders.insert(order, on: fixture.connection)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("price") == true)
    }
}
