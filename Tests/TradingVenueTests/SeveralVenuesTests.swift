import Bot4TestSupport
import Foundation
import PQ
import Testing
import TradingCore
import TradingStore
import TradingVenue

/// Two instances on one database, and commits that fail: the log stays the truth, and memory follows it.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct SeveralVenuesTests {
    @Test func twoInstancesAlternatingOnOneSymbolMatchAgainstOneBook() async throws {
        let fixture = try await VenueFixture.make()
        let venues = [fixture.venue("instance-a"), fixture.venue("instance-b")]
        var ids: [UInt64] = []
        // Alternate instances and sides so that orders of one instance fill orders of the other.
        for index in 0..<24 {
            let side: OrderSide = index % 3 == 0 ? .sell : .buy
            let price = side == .sell ? "26000.00" : (index % 2 == 0 ? "26000.00" : "25990.00")
            let verdict = try await venues[index % 2].submit(
                VenueFixture.limit(
                    side,
                    "0.01000",
                    at: price,
                    account: fixture.accounts[index % 2],
                    clientOrderId: "alt-\(index)"
                )
            )
            ids.append(try #require(verdict.orderId, "order \(index): \(verdict)"))
        }
        #expect(Set(ids).count == 24)
        let events = try await fixture.storedEvents()
        #expect(events.map(\.sequence) == Array(1...Int64(events.count)))
        let admitted = events.filter { $0.type == "admitted" }.count
        #expect(admitted == 24)
        for venue in venues { try await venue.catchUp() }
        let rebuilt = try await fixture.rebuiltBook()
        for venue in venues {
            #expect(await venue.state.book == rebuilt)
            #expect(await venue.state.lastSequence == Int64(events.count))
        }
        #expect(await venues[0].state.ledger == venues[1].state.ledger)
        let trades = events.filter { event in
            String(decoding: event.payload, as: UTF8.self).contains("\"TRADE\"")
        }
        #expect(!trades.isEmpty)
    }

    @Test func theOpenOrderLimitCountsTheLogNotTheCallersCopy() async throws {
        let fixture = try await VenueFixture.make()
        let (first, second) = (fixture.venue("limit-a"), fixture.venue("limit-b"))
        let account = fixture.accounts[0]
        func bid(_ id: String, callerCounts: Int = 0) -> VenueOrder {
            var order = VenueFixture.limit(.buy, "0.00100", at: "25000.00", account: account, clientOrderId: id)
            order.context.openOrders = callerCounts
            return order
        }
        // BTCUSDT's MAX_NUM_ORDERS is 200: of 201 bids sent at once through the second instance (group commits,
        // every caller counting none open), one is refused.
        let verdicts = try await withThrowingTaskGroup(of: VenueVerdict.self) { group in
            for index in 0..<201 { group.addTask { try await second.submit(bid("many-\(index)")) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let resting = verdicts.compactMap(\.orderId)
        #expect(resting.count == 200)
        #expect(verdicts.compactMap(\.rejection).map(\.message) == ["Filter failure: MAX_NUM_ORDERS"])
        // The first instance has not seen them, its caller counts none: refused all the same.
        let over = try await first.submit(bid("over"))
        #expect(over.rejection?.message == "Filter failure: MAX_NUM_ORDERS", "\(over)")
        // All cancelled through the second; the first's caller still counts 200: accepted.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in resting {
                group.addTask {
                    let verdict = try await second.cancel(VenueCancel(orderId: id, account: account))
                    #expect(verdict.orderId == id)
                }
            }
            try await group.waitForAll()
        }
        let after = try await first.submit(bid("after", callerCounts: 200))
        #expect(after.orderId != nil, "\(after)")
        #expect(await first.state.ledger.openOrders(of: account) == 1)
    }

    @Test func aConnectionKilledMidCommitChangesNothingInMemoryAndTheVenueCatchesUp() async throws {
        let fixture = try await VenueFixture.make()
        let venue = fixture.venue("victim")
        let other = fixture.venue("other")
        _ = try await venue.submit(VenueFixture.limit(.buy, "0.00100", at: "25000.00", account: fixture.accounts[0]))
        let before = await venue.state
        // Hold the symbol's lock from outside, so the victim's transaction waits inside, then kill its backend.
        let holder = fixture.connect()
        _ = try await holder.query(
            "SELECT pg_advisory_lock(hashtext('bot4.symbol'), hashtext('BTCUSDT'))"
        )
        let pending = Task {
            try await venue.submit(
                VenueFixture.limit(.buy, "0.00200", at: "25000.00", account: fixture.accounts[0], clientOrderId: "lost")
            )
        }
        var killed = false
        for _ in 0..<100 where !killed {
            let result = try fixture.server.psql(
                """
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE application_name = 'victim' AND wait_event_type = 'Lock'
                """,
                database: fixture.database
            )
            killed = result.contains("t")
            if !killed { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(killed)
        _ = try await holder.query("SELECT pg_advisory_unlock(hashtext('bot4.symbol'), hashtext('BTCUSDT'))")
        do {
            let verdict = try await pending.value
            Issue.record("the killed commit should fail, not answer \(verdict)")
        } catch let error as VenueError {
            #expect(error.code == .commitFailed)
            #expect(
                error.underlying is PQError || error.underlying is TradingStoreError,
                "the cause is kept: \(String(describing: error.underlying))"
            )
        }
        #expect(await venue.state == before)
        #expect(try await fixture.storedEvents().count == 2)
        // Meanwhile another instance writes; the victim, reconnected, catches up before its next order.
        _ = try await other.submit(VenueFixture.limit(.sell, "0.00100", at: "27000.00", account: fixture.accounts[1]))
        let next = try await submitAfterReconnect(
            venue,
            VenueFixture.limit(.buy, "0.00200", at: "25000.00", account: fixture.accounts[0], clientOrderId: "lost")
        )
        #expect(next.orderId != nil, "the key of a commit that failed was never taken")
        #expect(await venue.state.book == (try await fixture.rebuiltBook()))
        #expect(await venue.state.lastSequence == 6)
    }

    @Test func aStoppedServerFailsTheCommitClearlyAndTheVenueResumesAfterARestart() async throws {
        // A cluster of its own: this test stops it.
        let server = try PostgresServer.start()
        defer { server.stop() }
        let database = try server.createDatabase()
        let setup = VenueFixture.login(server, database: database)
        try await Migrator().migrate(setup)
        let account = try await setup.transaction { db in
            let id = try Accounts.ensure(apiKey: "key", on: db)
            _ = try Accounts.fundOnce(accountID: id, with: .default, on: db)
            return UInt64(id)
        }
        await setup.close()
        let pool = PQConnectionPool(VenueFixture.configuration(server, database: database, name: "v"), size: 1)
        let venue = SymbolVenue(
            intake: OrderIntake(symbol: VenueFixture.btcusdt),
            pool: pool,
            referencePrice: VenueFixture.referencePrice,
            clock: { VenueFixture.server }
        )
        _ = try await venue.submit(VenueFixture.limit(.buy, "0.00100", at: "25000.00", account: account))
        let before = await venue.state
        try server.halt()
        do {
            let verdict = try await venue.submit(VenueFixture.limit(.buy, "0.00100", at: "25000.00", account: account))
            Issue.record("no server, yet the order was answered: \(verdict)")
        } catch let error as VenueError {
            #expect(error.code == .commitFailed)
            #expect(error.message.contains("BTCUSDT"))
            #expect(
                error.underlying is PQError || error.underlying is TradingStoreError,
                "the cause is kept: \(String(describing: error.underlying))"
            )
        }
        #expect(await venue.state == before)
        try server.startAgain()
        let after = try await submitAfterReconnect(
            venue,
            VenueFixture.limit(.buy, "0.00100", at: "25000.00", account: account)
        )
        #expect(after.orderId != nil)
        #expect(await venue.state.lastSequence == 4)
    }

    /// Submits, retrying while the connection is still backing off after a loss (its calls fail fast then).
    private func submitAfterReconnect(_ venue: SymbolVenue, _ order: VenueOrder) async throws -> VenueVerdict {
        var lastError: (any Error)?
        for _ in 0..<100 {
            do {
                return try await venue.submit(order)
            } catch {
                lastError = error
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        throw lastError!
    }
}
