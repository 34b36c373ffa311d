import Bot4TestSupport
import PQ
import Testing
import TradingStore

/// Accounts, balances (exact decimals, never negative) and starting balances applied once.
@Suite(.enabled(if: TestEnvironment.canRun("pg_config")))
struct AccountsTests {
    @Test func startingBalancesAreAppliedOnce() async throws {
        let fixture = try await StoreFixture.migrated()
        let db = fixture.connection
        let account = try await Accounts.ensure(apiKey: "key", on: db)
        #expect(try await Accounts.ensure(apiKey: "key", on: db) == account)
        let balances = try StartingBalances(
            json: Array(#"{"USDT":"1000000","BTC":"100"}"#.utf8),
            source: "balances.json"
        )
        #expect(balances == .default)
        #expect(try await Accounts.fundOnce(accountID: account, with: balances, on: db))
        #expect(try await !Accounts.fundOnce(accountID: account, with: balances, on: db))
        let held = try await Accounts.balances(accountID: account, on: db)
        #expect(
            held == [
                Balance(asset: "BTC", free: "100", locked: "0"), Balance(asset: "USDT", free: "1000000", locked: "0"),
            ]
        )
    }

    @Test func balancesChangeExactlyAndNeverGoNegative() async throws {
        let fixture = try await StoreFixture.migrated()
        let db = fixture.connection
        let account = try await Accounts.ensure(apiKey: "key", on: db)
        try await Accounts.adjust(accountID: account, asset: "BTC", free: "0.3", on: db)
        try await db.transaction { db in
            try Accounts.adjust(accountID: account, asset: "BTC", free: "-0.1", locked: "0.1", on: db)
        }
        let error = await #expect(throws: TradingStoreError.self) {
            try await db.transaction { db in
                try Accounts.adjust(accountID: account, asset: "BTC", free: "-0.20000001", on: db)
            }
        }
        #expect(error?.code == .insufficientBalance)
        #expect(error?.message.contains("BTC") == true)
        #expect(
            try await Accounts.balances(accountID: account, on: db) == [
                Balance(asset: "BTC", free: "0.2", locked: "0.1")
            ]
        )
        let bad = await #expect(throws: TradingStoreError.self) {
            try await Accounts.adjust(accountID: account, asset: "BTC", free: "1e5", on: db)
        }
        #expect(bad?.code == .invalidInput)
    }

    @Test(arguments: [
        (#"{"USDT":5}"#, "USDT"), (#"["USDT"]"#, "object"), (#"{"usdt":"5"}"#, "usdt"), (#"{"BTC":"1.2.3"}"#, "BTC"),
        (#"{"BTC":"-1"}"#, "negative"), (#"{"BTC":"1""#, "not JSON"),
    ])
    func badStartingBalancesNameTheProblem(json: String, mentions: String) {
        let error = #expect(throws: TradingStoreError.self) {
            try StartingBalances(json: Array(json.utf8), source: "balances.json")
        }
        #expect(error?.message.contains("balances.json") == true)
        #expect(error?.message.contains(mentions) == true)
    }
}
