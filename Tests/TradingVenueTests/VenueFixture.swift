import Bot4TestSupport
import Foundation
import PQ
import TradingCore
import TradingStore
import TradingVenue

/// A fresh migrated database on the shared cluster with two funded accounts, and venues on BTCUSDT (the real
/// rules of 2023-09-08) over pools of their own.
struct VenueFixture {
    static let info: ExchangeInfo = {
        let url = Bundle.module.url(
            forResource: "Fixtures/binance-spot-exchangeInfo-2023-09-08.subset",
            withExtension: "json"
        )!
        return try! ExchangeInfo.parse(try! Data(contentsOf: url))
    }()
    static let btcusdt = info.symbol("BTCUSDT")!
    /// 2023-09-08T00:00:00Z in µs: the venues' fixed clock and every order's timestamp.
    static let server: Int64 = 1_694_131_200_000_000

    let server: PostgresServer
    let database: String
    /// The two funded accounts (USDT 1,000,000 and BTC 100 each).
    let accounts: [UInt64]

    static func make() async throws -> VenueFixture {
        let server = try PostgresServer.shared()
        let database = try server.createDatabase()
        let connection = login(server, database: database)
        try await Migrator().migrate(connection)
        let accounts = try await connection.transaction { db in
            try ["key-a", "key-b"].map { key in
                let id = try Accounts.ensure(apiKey: key, on: db)
                _ = try Accounts.fundOnce(accountID: id, with: .default, on: db)
                return UInt64(id)
            }
        }
        await connection.close()
        return VenueFixture(server: server, database: database, accounts: accounts)
    }

    static func login(_ server: PostgresServer, database: String, name: String = "bot4-test") -> PQConnection {
        PQConnection(configuration(server, database: database, name: name))
    }

    static func configuration(_ server: PostgresServer, database: String, name: String) -> PQConfiguration {
        PQConfiguration(
            url: server.url(database: database),
            user: "postgres",
            password: PQPassword(server.superuserPassword),
            applicationName: name
        )
    }

    /// A fresh connection, as another process would open it.
    func connect() -> PQConnection { Self.login(server, database: database) }

    /// A venue instance with a pool of its own; `name` is its connections' `application_name`.
    func venue(_ name: String = "venue", maximumBatch: Int = 256) -> SymbolVenue {
        let pool = PQConnectionPool(Self.configuration(server, database: database, name: name), size: 1)
        return SymbolVenue(
            intake: OrderIntake(symbol: Self.btcusdt),
            pool: pool,
            maximumBatch: maximumBatch,
            referencePrice: Self.referencePrice,
            clock: { Self.server }
        )
    }

    /// The average price the fixture's venues start at.
    static let referencePrice = try! FixedDecimal("26000.00")

    /// A GTC LIMIT order that passes BTCUSDT's filters at an average price of 26,000.
    static func limit(
        _ side: OrderSide,
        _ quantity: String,
        at price: String,
        account: UInt64,
        clientOrderId: String? = nil
    ) -> VenueOrder {
        VenueOrder(
            request: OrderRequest(
                symbol: "BTCUSDT",
                side: side,
                type: .limit,
                timeInForce: .gtc,
                price: try! FixedDecimal(price),
                quantity: try! FixedDecimal(quantity)
            ),
            account: account,
            timestamp: BinanceTimestamp(microseconds: server),
            clientOrderId: clientOrderId
        )
    }

    /// The whole log as stored, read on a fresh connection.
    func storedEvents() async throws -> [StoredEvent] {
        let connection = connect()
        defer { Task { await connection.close() } }
        return try await connection.transaction { db in try EventLog.read(symbol: "BTCUSDT", after: 0, on: db) }
    }

    /// A book rebuilt from the whole log.
    func rebuiltBook() async throws -> MatchingEngine {
        var book = MatchingEngine(symbol: Self.btcusdt)
        try book.apply(try await storedEvents().map { try BookEvent(jsonBytes: $0.payload) })
        return book
    }

    /// The account's balance of `asset` as (free, locked), read on a fresh connection.
    func balance(_ account: UInt64, _ asset: String) async throws -> (free: String, locked: String) {
        let connection = connect()
        defer { Task { await connection.close() } }
        let balances = try await connection.transaction { db in
            try Accounts.balances(accountID: Int64(account), on: db)
        }
        let balance = balances.first { $0.asset == asset }
        return (balance?.free ?? "absent", balance?.locked ?? "absent")
    }
}

extension VenueVerdict {
    /// The accepted order's id.
    var orderId: UInt64? {
        if case .accepted(let id, _, _, _) = self { return id }
        return nil
    }
}
