import Bot4TestSupport
import PQ
import Testing
import TradingCore
import TradingStore
import TradingVenue

/// Cancels through the venue on a real PostgreSQL: durable before answered, only by the owner, the lock
/// released, the log replayable; another instance sees the cancel.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct VenueCancelTests {
    @Test func theOwnerCancelsAnOpenOrderAndItsFundsAreReleased() async throws {
        let fixture = try await VenueFixture.make()
        let venue = fixture.venue()
        let owner = fixture.accounts[0]
        let placed = try await venue.submit(VenueFixture.limit(.buy, "0.00100", at: "26000.00", account: owner))
        let id = try #require(placed.orderId)

        let byOther = try await venue.cancel(VenueCancel(orderId: id, account: fixture.accounts[1]))
        #expect(byOther.rejection?.code.code == -2011)
        #expect(byOther.rejection?.message == "Unknown order sent.")

        let canceled = try await venue.cancel(VenueCancel(orderId: id, account: owner, cancelClientOrderId: "stop-1"))
        guard case .accepted(let canceledId, let cancelId, let status, _) = canceled else {
            Issue.record("the owner's cancel was refused: \(canceled)")
            return
        }
        #expect(canceledId == id)
        #expect(cancelId == "stop-1")
        #expect(status == .canceled)
        let record = try await fixture.connect().transaction { db in
            try Orders.find(accountID: Int64(owner), symbol: "BTCUSDT", id: Int64(id), on: db)
        }
        #expect(record?.status == "CANCELED")
        let usdt = try await fixture.balance(owner, "USDT")
        #expect(usdt.free == "1000000")
        #expect(usdt.locked == "0")
        #expect(try await fixture.storedEvents().map(\.type) == ["admitted", "reported", "canceled", "reported"])
        #expect(await venue.state.book.depth(.buy).isEmpty)
        #expect(await venue.state.book == (try await fixture.rebuiltBook()))

        let again = try await venue.cancel(VenueCancel(orderId: id, account: owner))
        #expect(again.rejection?.code.code == -2011)
    }

    @Test func anotherInstanceCancelsAnOrderItCaughtUpWith() async throws {
        let fixture = try await VenueFixture.make()
        let first = fixture.venue("first")
        let second = fixture.venue("second")
        let owner = fixture.accounts[0]
        let id = try #require(
            try await first.submit(VenueFixture.limit(.sell, "0.00100", at: "27000.00", account: owner)).orderId
        )
        let canceled = try await second.cancel(VenueCancel(orderId: id, account: owner))
        #expect(canceled.rejection == nil)
        let refill = try await first.submit(VenueFixture.limit(.buy, "0.00100", at: "27000.00", account: owner))
        guard case .accepted(_, _, let status, _) = refill else {
            Issue.record("the second order was refused: \(refill)")
            return
        }
        #expect(status == .new, "the first instance caught up with the cancel: nothing left to cross")
        let btc = try await fixture.balance(owner, "BTC")
        #expect(Double(btc.locked) == 0)
    }
}
