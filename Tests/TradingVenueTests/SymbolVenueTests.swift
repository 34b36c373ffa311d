import Bot4TestSupport
import PQ
import Testing
import TradingCore
import TradingStore
import TradingVenue

/// The durable order flow on a real PostgreSQL: acknowledged means committed, duplicates refused, balances
/// locked and moved, group commit keeping each order's verdict.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct SymbolVenueTests {
    @Test func anAcknowledgedOrderIsReadBackFromAFreshConnection() async throws {
        let fixture = try await VenueFixture.make()
        let venue = fixture.venue()
        let account = fixture.accounts[0]
        let verdict = try await venue.submit(
            VenueFixture.limit(.buy, "0.00100", at: "26000.00", account: account, clientOrderId: "c-1")
        )
        let id = try #require(verdict.orderId)
        let connection = fixture.connect()
        let record = try await connection.transaction { db in
            try Orders.find(accountID: Int64(account), symbol: "BTCUSDT", id: Int64(id), on: db)
        }
        #expect(record?.status == "NEW")
        #expect(record?.clientOrderID == "c-1")
        let events = try await fixture.storedEvents()
        #expect(events.map(\.sequence) == [1, 2])
        #expect(events.map(\.type) == ["admitted", "reported"])
        // 0.001 × 26,000 = 26 USDT locked.
        let usdt = try await fixture.balance(account, "USDT")
        #expect(usdt.free == "999974")
        #expect(usdt.locked == "26")
        #expect(await venue.state.lastSequence == 2)
        #expect(await venue.state.book == (try await fixture.rebuiltBook()))
    }

    @Test func aRetriedClientOrderIdIsRefusedAsADuplicate() async throws {
        let fixture = try await VenueFixture.make()
        let venue = fixture.venue()
        let order = VenueFixture.limit(
            .buy,
            "0.00100",
            at: "25000.00",
            account: fixture.accounts[0],
            clientOrderId: "retry"
        )
        let first = try await venue.submit(order)
        #expect(first.orderId != nil)
        let retry = try await venue.submit(order)
        #expect(retry.rejection?.description == "-2010 Duplicate order sent.")
        // The same key on another account is that account's own.
        var other = order
        other.account = fixture.accounts[1]
        #expect(try await venue.submit(other).orderId != nil)
        // A fresh venue (another process) refuses it too: the key is in PostgreSQL.
        let restarted = fixture.venue("restarted")
        #expect(try await restarted.submit(order).rejection?.description == "-2010 Duplicate order sent.")
        #expect(try await fixture.storedEvents().count == 4)
    }

    @Test func anOrderTheAccountCannotFundIsRefusedAndChangesNothing() async throws {
        let fixture = try await VenueFixture.make()
        let venue = fixture.venue()
        // 101 BTC to sell, 100 held.
        let verdict = try await venue.submit(
            VenueFixture.limit(.sell, "101.00000", at: "26000.00", account: fixture.accounts[0], clientOrderId: "big")
        )
        #expect(verdict.rejection?.description == "-2010 Account has insufficient balance for requested action.")
        #expect(try await fixture.storedEvents().isEmpty)
        #expect(try await fixture.balance(fixture.accounts[0], "BTC").locked == "0")
        #expect(await venue.state.book.bestAsk == nil)
        // The refused order's key was not taken.
        let retry = try await venue.submit(
            VenueFixture.limit(.sell, "1.00000", at: "26000.00", account: fixture.accounts[0], clientOrderId: "big")
        )
        #expect(retry.orderId != nil)
    }

    @Test func aTradeMovesBothAccountsBalancesAndWritesBothFills() async throws {
        let fixture = try await VenueFixture.make()
        let venue = fixture.venue()
        let (seller, buyer) = (fixture.accounts[0], fixture.accounts[1])
        _ = try await venue.submit(VenueFixture.limit(.sell, "0.50000", at: "26000.00", account: seller))
        // The buyer pays 26,000, not its 26,100 limit: the difference comes back.
        let buy = try await venue.submit(VenueFixture.limit(.buy, "0.20000", at: "26100.00", account: buyer))
        guard case .accepted(_, _, let status, _) = buy else {
            Issue.record("the buy should be accepted: \(buy)")
            return
        }
        #expect(status == .filled)
        #expect(try await fixture.balance(buyer, "USDT") == ("994800", "0"))
        #expect(try await fixture.balance(buyer, "BTC") == ("100.2", "0"))
        #expect(try await fixture.balance(seller, "BTC") == ("99.5", "0.3"))
        #expect(try await fixture.balance(seller, "USDT") == ("1005200", "0"))
        let connection = fixture.connect()
        let fills = try await connection.transaction { db in
            try Fills.list(accountID: Int64(buyer), symbol: "BTCUSDT", on: db)
                + Fills.list(accountID: Int64(seller), symbol: "BTCUSDT", on: db)
        }
        #expect(fills.map(\.isMaker) == [false, true])
        #expect(fills.allSatisfy { $0.quantity.hasPrefix("0.2") && $0.price.hasPrefix("26000") })
    }

    @Test func tradesMoveTheAveragePriceTheFiltersUse() async throws {
        let fixture = try await VenueFixture.make()
        let venue = fixture.venue()
        let (seller, buyer) = (fixture.accounts[0], fixture.accounts[1])
        // At the reference price, 26,000, a SELL may ask up to 5 × 26,000 (PERCENT_PRICE_BY_SIDE).
        let high = VenueFixture.limit(.sell, "0.00100", at: "129000.00", account: seller)
        #expect(try await venue.submit(high).orderId != nil)
        _ = try await venue.submit(VenueFixture.limit(.sell, "0.00100", at: "25000.00", account: seller))
        _ = try await venue.submit(VenueFixture.limit(.sell, "0.00300", at: "25100.00", account: seller))
        let buy = try await venue.submit(VenueFixture.limit(.buy, "0.00400", at: "25100.00", account: buyer))
        guard case .accepted(_, _, let status, _) = buy else {
            Issue.record("the buy should be accepted: \(buy)")
            return
        }
        #expect(status == .filled)
        // (0.001 × 25,000 + 0.003 × 25,100) / 0.004.
        let average = await venue.state.averagePrice
        #expect(average.price(atMicros: VenueFixture.server)?.description == "25075.00000000")
        #expect(average.lastTradeMicros == VenueFixture.server)
        // Now at most 5 × 25,075 = 125,375: the same ask is refused.
        let again = try await venue.submit(high)
        #expect(again.rejection?.description == "-1013 Filter failure: PERCENT_PRICE_BY_SIDE")
        // Each event keeps its decision's time, so another instance rebuilds the same average from the log.
        #expect(try await fixture.storedEvents().allSatisfy { $0.loggedMicros == VenueFixture.server })
        let other = fixture.venue("other")
        try await other.catchUp()
        #expect(await other.state.averagePrice == average)
        #expect(await other.state == (await venue.state))
    }

    @Test func concurrentOrdersShareCommitsAndKeepTheirOwnVerdicts() async throws {
        let fixture = try await VenueFixture.make()
        let venue = fixture.venue()
        let account = fixture.accounts[0]
        // 40 orders at once; five pairs reuse a key, so exactly one of each pair is refused.
        let verdicts = try await withThrowingTaskGroup(of: VenueVerdict.self) { group in
            for index in 0..<40 {
                let key = index < 10 ? "pair-\(index / 2)" : "solo-\(index)"
                group.addTask {
                    try await venue.submit(
                        VenueFixture.limit(.buy, "0.00100", at: "25000.00", account: account, clientOrderId: key)
                    )
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(verdicts.filter { $0.orderId != nil }.count == 35)
        #expect(verdicts.filter { $0.rejection?.description == "-2010 Duplicate order sent." }.count == 5)
        let events = try await fixture.storedEvents()
        #expect(events.map(\.sequence) == Array(1...70))
        #expect(Set(verdicts.compactMap(\.orderId)).count == 35)
        #expect(await venue.state.book == (try await fixture.rebuiltBook()))
        // Fewer transactions than orders: those that arrived during a commit shared the next one.
        let commits = await venue.committedBatches
        #expect(commits >= 2 && commits < 40)
    }
}
