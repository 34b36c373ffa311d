import Bot4TestSupport
import PQ
import Testing
import TradingCore
import TradingStore
import TradingVenue

/// Group commits sent as two pipelines: a batch in which one order cannot be funded is rolled back whole and
/// run again order by order, so every other order keeps its own verdict and nothing of the short one remains.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct PipelinedBatchTests {
    @Test func aShortOrderInABatchIsRefusedAloneAfterTheBatchIsRunAgainOrderByOrder() async throws {
        let fixture = try await VenueFixture.make()
        let venue = fixture.venue()
        let account = fixture.accounts[0]
        // Hold the symbol's lock so that the first order's commit waits, and the next three queue behind it
        // and share the following transaction.
        let holder = fixture.connect()
        _ = try await holder.query("SELECT pg_advisory_lock(hashtext('bot4.symbol'), hashtext('BTCUSDT'))")
        let first = Task {
            try await venue.submit(VenueFixture.limit(.buy, "0.00100", at: "25000.00", account: account))
        }
        try await Task.sleep(for: .milliseconds(200))
        let orders = [
            VenueFixture.limit(.buy, "0.00100", at: "25000.00", account: account, clientOrderId: "a"),
            // 101 BTC to sell, 100 held.
            VenueFixture.limit(.sell, "101.00000", at: "27000.00", account: account, clientOrderId: "short"),
            VenueFixture.limit(.sell, "1.00000", at: "27000.00", account: account, clientOrderId: "c"),
        ]
        let pending = orders.map { order in Task { try await venue.submit(order) } }
        try await Task.sleep(for: .milliseconds(300))
        _ = try await holder.query("SELECT pg_advisory_unlock(hashtext('bot4.symbol'), hashtext('BTCUSDT'))")
        #expect(try await first.value.orderId != nil)
        var verdicts: [VenueVerdict] = []
        for task in pending { verdicts.append(try await task.value) }
        #expect(verdicts[0].orderId != nil)
        #expect(verdicts[1].rejection?.description == "-2010 Account has insufficient balance for requested action.")
        #expect(verdicts[2].orderId != nil)
        #expect(await venue.committedBatches == 2)
        #expect(await venue.batchesRunOrderByOrder == 1)
        // Two buys lock 2 × 25 USDT, the one sell 1 BTC; the short order left no trace, not even its key.
        #expect(try await fixture.balance(account, "USDT") == ("999950", "50"))
        #expect(try await fixture.balance(account, "BTC") == ("99", "1"))
        #expect(try await fixture.storedEvents().map(\.sequence) == Array(1...6))
        #expect(await venue.state.book == (try await fixture.rebuiltBook()))
        let retry = try await venue.submit(
            VenueFixture.limit(.sell, "1.00000", at: "27000.00", account: account, clientOrderId: "short")
        )
        #expect(retry.orderId != nil)
        #expect(await venue.batchesRunOrderByOrder == 1)
    }

    @Test func aBatchThatCrossesRestingOrdersUpdatesThemAndPaysBothSides() async throws {
        let fixture = try await VenueFixture.make()
        let venue = fixture.venue()
        let (seller, buyer) = (fixture.accounts[0], fixture.accounts[1])
        _ = try await venue.submit(VenueFixture.limit(.sell, "0.50000", at: "26000.00", account: seller))
        // Two buys at once: each fills 0.2 of the resting sell, which ends PARTIALLY_FILLED at 0.4.
        async let one = venue.submit(VenueFixture.limit(.buy, "0.20000", at: "26100.00", account: buyer))
        async let two = venue.submit(VenueFixture.limit(.buy, "0.20000", at: "26100.00", account: buyer))
        let buys = try await [one, two]
        #expect(buys.allSatisfy { $0.orderId != nil })
        #expect(try await fixture.balance(buyer, "BTC") == ("100.4", "0"))
        #expect(try await fixture.balance(buyer, "USDT") == ("989600", "0"))
        #expect(try await fixture.balance(seller, "BTC") == ("99.5", "0.1"))
        #expect(try await fixture.balance(seller, "USDT") == ("1010400", "0"))
        let connection = fixture.connect()
        let resting = try await connection.transaction { db in
            try Orders.open(accountID: Int64(seller), symbol: "BTCUSDT", on: db)
        }
        #expect(resting.count == 1)
        #expect(resting.first?.status == "PARTIALLY_FILLED")
        #expect(resting.first.map { $0.executedQuantity.hasPrefix("0.4") } == true)
        #expect(await venue.state.book == (try await fixture.rebuiltBook()))
        #expect(await venue.batchesRunOrderByOrder == 0)
        // The reports are in the events; the book keeps none, so it does not grow with every order.
        #expect(await venue.state.book.reports.isEmpty)
    }
}
