import Benchmark
import Foundation
import MarketCalibration
import Statistics

/// The statistics goals: fitting and testing every calibration model on the week of LINKUSDT klines and the
/// BTCUSDT trade tape well under a second, and at least 50 M draws/s from the exponential and Poisson samplers.
///
/// The data is read from `BOT4_MARKET_DATA`, or the first `shared/market-data` folder found beside the project
/// or one level further up (`../shared` for a checkout, `../../shared` for a worktree); when it is absent the
/// benchmark says so loudly and falls back to the two-day kline fixture of the tests.
let benchmarks: @Sendable () -> Void = {
    let short = ProcessInfo.processInfo.environment["BOT4_BENCH_SHORT"] != nil
    let inputs = loadInputs()
    let fitConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .mallocCountTotal],
        scalingFactor: .one,
        maxDuration: .seconds(short ? 2 : 10),
        maxIterations: short ? 5 : 30
    )
    Benchmark("Calibrate all models (\(inputs.label))", configuration: fitConfiguration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(Calibrator(tape: inputs.tape, klines: inputs.klines, capture: nil).run())
        }
    }
    Benchmark("Load the inputs (\(inputs.label))", configuration: fitConfiguration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? MarketCalibration.TradeTape(inputs.tradeBytes, file: "trades"))
            blackHole(try? KlineSeries(inputs.klineBytes, file: "klines"))
        }
    }

    // One iteration = one million draws, so iterations per second = M draws per second.
    let drawConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput],
        scalingFactor: .one,
        maxDuration: .seconds(short ? 1 : 5),
        maxIterations: short ? 20 : 200
    )
    let million = 1_000_000
    let exponential = try! ExponentialDistribution(rate: 29.7)
    Benchmark("Exponential sampling, 1 M draws", configuration: drawConfiguration) { benchmark in
        var generator = Xoshiro256StarStar(seed: 1)
        for _ in benchmark.scaledIterations {
            var sum = 0.0
            for _ in 0..<million { sum += exponential.sample(using: &generator) }
            blackHole(sum)
        }
    }
    for lambda in [4.0, 43.3, 480.0] {
        let poisson = try! PoissonDistribution(lambda: lambda)
        let sampler = PoissonSampler(poisson)
        Benchmark("Poisson(\(lambda)) table sampler, 1 M draws", configuration: drawConfiguration) { benchmark in
            var generator = Xoshiro256StarStar(seed: 2)
            for _ in benchmark.scaledIterations {
                var sum = 0
                for _ in 0..<million { sum &+= sampler.sample(using: &generator) }
                blackHole(sum)
            }
        }
        Benchmark("Poisson(\(lambda)) one-off sample(using:), 1 M draws", configuration: drawConfiguration) {
            benchmark in
            var generator = Xoshiro256StarStar(seed: 2)
            for _ in benchmark.scaledIterations {
                var sum = 0
                for _ in 0..<million { sum &+= poisson.sample(using: &generator) }
                blackHole(sum)
            }
        }
    }
    Benchmark("xoshiro256** raw, 1 M words", configuration: drawConfiguration) { benchmark in
        var generator = Xoshiro256StarStar(seed: 3)
        for _ in benchmark.scaledIterations {
            var x: UInt64 = 0
            for _ in 0..<million { x ^= generator.next() }
            blackHole(x)
        }
    }
}

struct Inputs: Sendable {
    let label: String
    let tradeBytes: [UInt8]
    let klineBytes: [UInt8]
    let tape: MarketCalibration.TradeTape
    let klines: KlineSeries
}

func loadInputs() -> Inputs {
    let here = URL(fileURLWithPath: #filePath)
    let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let env = ProcessInfo.processInfo.environment["BOT4_MARKET_DATA"]
    let candidates = [
        root.deletingLastPathComponent().appendingPathComponent("shared/market-data"),
        root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/market-data"),
    ]
    let shared =
        env.map { URL(fileURLWithPath: $0) }
        ?? candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[0]
    let fixtures = root.appendingPathComponent("Tests/MarketCalibrationTests/Fixtures")
    var tradesURL = shared.appendingPathComponent("binance-spot-BTCUSDT-trades-2021-01-08T000000Z-2001rows.csv")
    var klinesURL = shared.appendingPathComponent("binance-usdm-LINKUSDT-1m-2023-02-01_to_07.csv")
    var label = "week of klines + 2,001 trades"
    if !FileManager.default.fileExists(atPath: klinesURL.path) {
        FileHandle.standardError.write(
            Data(
                """
                *** StatisticsBenchmarks: \(shared.path) is absent; the week of klines is NOT measured.
                *** Falling back to the two-day fixture in Tests/MarketCalibrationTests/Fixtures.\n
                """.utf8
            )
        )
        tradesURL = fixtures.appendingPathComponent("trades.csv")
        klinesURL = fixtures.appendingPathComponent("klines-2days.csv")
        label = "FALLBACK two days of klines + 2,001 trades"
    }
    let tradeBytes = [UInt8]((try? Data(contentsOf: tradesURL)) ?? Data())
    let klineBytes = [UInt8]((try? Data(contentsOf: klinesURL)) ?? Data())
    return Inputs(
        label: label,
        tradeBytes: tradeBytes,
        klineBytes: klineBytes,
        tape: try! MarketCalibration.TradeTape(tradeBytes, file: tradesURL.path),
        klines: try! KlineSeries(klineBytes, file: klinesURL.path)
    )
}
