// Orders per second through SymbolVenue on a throwaway PostgreSQL cluster (fsync and synchronous_commit on),
// at 1, 8 and 64 concurrent submitters: the median of five runs of a few seconds each.
// Run: scripts/bench-venue (builds in release mode). Not a test: nothing here asserts a goal.
import Bot4TestSupport
import Foundation
import PQ
import TradingCore
import TradingStore
import TradingVenue

@main
enum VenueBenchmark {
    static func main() async throws {
        let seconds = Double(ProcessInfo.processInfo.environment["VENUE_BENCH_SECONDS"] ?? "") ?? 3
        let runs = Int(ProcessInfo.processInfo.environment["VENUE_BENCH_RUNS"] ?? "") ?? 5
        let server = try PostgresServer.start()
        defer { server.stop() }
        let database = try server.createDatabase()
        let configuration = PQConfiguration(
            url: server.url(database: database),
            user: "postgres",
            password: PQPassword(server.superuserPassword),
            applicationName: "venue-bench"
        )
        let setup = PQConnection(configuration)
        try await Migrator().migrate(setup)
        let funds = try StartingBalances(
            json: Array(#"{"USDT":"1000000000000","BTC":"100000000"}"#.utf8),
            source: "bench"
        )
        let accounts = try await setup.transaction { db in
            try ["bench-a", "bench-b"].map { key in
                let id = try Accounts.ensure(apiKey: key, on: db)
                _ = try Accounts.fundOnce(accountID: id, with: funds, on: db)
                return UInt64(id)
            }
        }
        let info = try ExchangeInfo.parse(Data(contentsOf: URL(fileURLWithPath: exchangeInfoPath())))
        guard let symbol = info.symbol("BTCUSDT") else { throw BenchmarkError("BTCUSDT is not in the exchangeInfo") }
        print("venue orders/s, durable commits, median of \(runs) runs of \(seconds) s (PostgreSQL \(server.port))")
        for submitters in [1, 8, 64] {
            var rates: [Double] = []
            var batches: [Double] = []
            for run in 0..<runs {
                let venue = SymbolVenue(
                    intake: OrderIntake(symbol: symbol),
                    pool: PQConnectionPool(configuration, size: 1),
                    referencePrice: try FixedDecimal("26000.00")
                )
                try await venue.catchUp()
                let (count, elapsed) = try await load(
                    venue,
                    submitters,
                    accounts,
                    seconds: seconds,
                    tag: "\(submitters)-\(run)"
                )
                rates.append(Double(count) / elapsed)
                batches.append(Double(count) / Double(max(await venue.committedBatches, 1)))
            }
            let rateText = rates.map { String(format: "%.0f", $0) }.joined(separator: " ")
            print(
                String(
                    format: "submitters %2d: median %.0f orders/s (runs: %@), median %.1f orders per commit",
                    submitters,
                    median(rates),
                    rateText,
                    median(batches)
                )
            )
        }
        await setup.close()
    }

    /// `submitters` tasks, each alternating a resting SELL and an IOC BUY that crosses it, for `seconds`.
    static func load(
        _ venue: SymbolVenue,
        _ submitters: Int,
        _ accounts: [UInt64],
        seconds: Double,
        tag: String
    ) async throws -> (Int, Double) {
        let start = Date()
        let deadline = start.addingTimeInterval(seconds)
        let count = try await withThrowingTaskGroup(of: Int.self) { group in
            for submitter in 0..<submitters {
                group.addTask {
                    var placed = 0
                    while Date() < deadline {
                        let side: OrderSide = placed % 2 == 0 ? .sell : .buy
                        let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
                        let order = VenueOrder(
                            request: OrderRequest(
                                symbol: "BTCUSDT",
                                side: side,
                                type: .limit,
                                timeInForce: side == .sell ? .gtc : .ioc,
                                price: try FixedDecimal("26000.00"),
                                quantity: try FixedDecimal("0.00100")
                            ),
                            account: accounts[placed % 2],
                            timestamp: BinanceTimestamp(microseconds: now),
                            clientOrderId: "b\(tag)-\(submitter)-\(placed)"
                        )
                        let verdict = try await venue.submit(order)
                        if let rejection = verdict.rejection { throw BenchmarkError("refused: \(rejection)") }
                        placed += 1
                    }
                    return placed
                }
            }
            return try await group.reduce(0, +)
        }
        return (count, Date().timeIntervalSince(start))
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func exchangeInfoPath() -> String {
        ProcessInfo.processInfo.environment["VENUE_BENCH_EXCHANGE_INFO"]
            ?? "Tests/TradingVenueTests/Fixtures/binance-spot-exchangeInfo-2023-09-08.subset.json"
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
