import Bot4TestSupport
import Foundation

/// The built `bot4` and the library test targets' fixtures it reads (by path, so that they live in one place).
enum Bot4CLI {
    static var path: String { TestEnvironment.product("bot4") }

    /// Runs `bot4` with `arguments`, the environment added to this process's unless `replaceEnvironment`.
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        replaceEnvironment: Bool = false
    ) throws -> ProcessResult {
        try ProcessRunner.run(path, arguments, environment: environment, replaceEnvironment: replaceEnvironment)
    }

    /// A file of `Tests/<target>/Fixtures`.
    static func fixture(_ target: String, _ name: String) -> String {
        TestEnvironment.projectRoot.appendingPathComponent("Tests/\(target)/Fixtures/\(name)").path
    }

    /// The exchangeInfo snapshots of TradingCoreTests (see its Fixtures/exchange/SOURCES.md).
    static let modernExchangeInfo = fixture(
        "TradingCoreTests",
        "exchange/binance-spot-exchangeInfo-2023-09-08.subset.json"
    )
    static let legacyExchangeInfo = fixture(
        "TradingCoreTests",
        "exchange/binance-spot-exchangeInfo-2022-11-28-legacy-filters.subset.json"
    )
    /// The market data of MarketCalibrationTests (see its Fixtures/SOURCES.md).
    static let trades = fixture("MarketCalibrationTests", "trades.csv")
    static let klines = fixture("MarketCalibrationTests", "klines-2days.csv")
    static let capture = fixture("MarketCalibrationTests", "ws-capture.csv")
}
