import Benchmark
import Foundation
import TradingCore

/// The trading core's hot paths on real data: decimal add/mul/div/parse of the BTCUSDT tape's prices and
/// quantities against Foundation.Decimal, the full validation of one BTCUSDT order against the real
/// 2023-09-08 exchangeInfo, one order-intake decision against a book, and matching-engine throughput on order
/// flow derived from the real trade tape.
let benchmarks: @Sendable () -> Void = {
    let short = ProcessInfo.processInfo.environment["BOT4_BENCH_SHORT"] != nil
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/TradingCoreTests/Fixtures/exchange")
    let tapeText = try! String(
        contentsOf: fixtures.appendingPathComponent("binance-spot-BTCUSDT-trades-2021-01-08T000000Z-2001rows.csv"),
        encoding: .utf8
    )
    let tape = try! TradeTape.load(tapeText)
    let priceStrings = tapeText.split(separator: "\n").dropFirst().prefix(1000).map {
        String($0.split(separator: ",")[1])
    }
    let quantityStrings = tapeText.split(separator: "\n").dropFirst().prefix(1000).map {
        String($0.split(separator: ",")[2])
    }
    let prices = priceStrings.map { try! FixedDecimal($0) }
    let quantities = quantityStrings.map { try! FixedDecimal($0) }
    let foundationPrices = priceStrings.map { Decimal(string: $0)! }
    let foundationQuantities = quantityStrings.map { Decimal(string: $0)! }
    let count = prices.count

    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(short ? 1 : 3),
        maxIterations: short ? 50 : 100_000
    )

    // MARK: Decimal arithmetic, 1,000 operations per scaled iteration

    Benchmark("Decimal add (FixedDecimal)", configuration: configuration) { benchmark in
        var j = 0
        for _ in benchmark.scaledIterations {
            blackHole(try! prices[j].adding(quantities[count - 1 - j]))
            j = j == count - 1 ? 0 : j + 1
        }
    }
    Benchmark("Decimal add (Foundation.Decimal)", configuration: configuration) { benchmark in
        var j = 0
        for _ in benchmark.scaledIterations {
            blackHole(foundationPrices[j] + foundationQuantities[count - 1 - j])
            j = j == count - 1 ? 0 : j + 1
        }
    }
    Benchmark("Decimal mul, rounded half-even to 2 dp (FixedDecimal)", configuration: configuration) { benchmark in
        var j = 0
        for _ in benchmark.scaledIterations {
            blackHole(
                try! prices[j].multiplied(
                    by: quantities[count - 1 - j],
                    scale: 2,
                    rounding: .toNearestOrEven
                )
            )
            j = j == count - 1 ? 0 : j + 1
        }
    }
    Benchmark("Decimal mul, exact 128-bit (FixedDecimal)", configuration: configuration) { benchmark in
        var j = 0
        for _ in benchmark.scaledIterations {
            blackHole(prices[j].exactProduct(quantities[count - 1 - j]))
            j = j == count - 1 ? 0 : j + 1
        }
    }
    Benchmark("Decimal mul (Foundation.Decimal)", configuration: configuration) { benchmark in
        var j = 0
        for _ in benchmark.scaledIterations {
            blackHole(foundationPrices[j] * foundationQuantities[count - 1 - j])
            j = j == count - 1 ? 0 : j + 1
        }
    }
    Benchmark("Decimal mul, rounded half-even to 2 dp (Foundation.Decimal)", configuration: configuration) {
        benchmark in
        var j = 0
        for _ in benchmark.scaledIterations {
            var product = foundationPrices[j] * foundationQuantities[count - 1 - j]
            var rounded = Decimal()
            NSDecimalRound(&rounded, &product, 2, .bankers)
            blackHole(rounded)
            j = j == count - 1 ? 0 : j + 1
        }
    }
    Benchmark("Decimal div, 8 dp (FixedDecimal)", configuration: configuration) { benchmark in
        var j = 0
        for _ in benchmark.scaledIterations {
            blackHole(try! quantities[j].divided(by: prices[count - 1 - j], scale: 8, rounding: .down))
            j = j == count - 1 ? 0 : j + 1
        }
    }
    Benchmark("Decimal div (Foundation.Decimal)", configuration: configuration) { benchmark in
        var j = 0
        for _ in benchmark.scaledIterations {
            blackHole(foundationQuantities[j] / foundationPrices[count - 1 - j])
            j = j == count - 1 ? 0 : j + 1
        }
    }
    Benchmark("Decimal parse (FixedDecimal)", configuration: configuration) { benchmark in
        var j = 0
        for _ in benchmark.scaledIterations {
            blackHole(try! FixedDecimal(priceStrings[j]))
            j = j == count - 1 ? 0 : j + 1
        }
    }
    Benchmark("Decimal parse (Foundation.Decimal)", configuration: configuration) { benchmark in
        var j = 0
        for _ in benchmark.scaledIterations {
            blackHole(Decimal(string: priceStrings[j]))
            j = j == count - 1 ? 0 : j + 1
        }
    }

    // MARK: Validation of one order

    let info = try! ExchangeInfo.parse(
        try! Data(contentsOf: fixtures.appendingPathComponent("binance-spot-exchangeInfo-2023-09-08.subset.json"))
    )
    let validator = OrderValidator(symbol: info.symbol("BTCUSDT")!, exchangeFilters: info.exchangeFilters)
    let order = OrderRequest(
        symbol: "BTCUSDT",
        side: .buy,
        type: .limit,
        timeInForce: .gtc,
        price: try! FixedDecimal("25000.01"),
        quantity: try! FixedDecimal("0.00123"),
        selfTradePreventionMode: .expireMaker
    )
    let context = OrderContext(averagePrice: try! FixedDecimal("25931.27"), openOrders: 3)
    precondition(validator.validate(order, context: context) == .accepted(unchecked: []))
    Benchmark("Validate one BTCUSDT LIMIT order (all filters)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(validator.validate(order, context: context))
        }
    }

    // MARK: The order intake against a book holding 2,000 resting orders

    // The intake matches on a copy of the book, so a decision costs time in proportion to the book's size:
    // this measures one decision (a LIMIT BUY that rests) against 2,000 resting BUY orders on 1,000 levels.
    let symbol = info.symbol("BTCUSDT")!
    let intake = OrderIntake(symbol: symbol, exchangeFilters: info.exchangeFilters)
    var restingBook = MatchingEngine(symbol: symbol)
    for index in 0..<2_000 {
        restingBook.submit(
            NewOrder(
                id: UInt64(index + 1),
                account: UInt64(index % 50),
                side: .buy,
                type: .limit,
                price: FixedDecimal(raw: 2_400_000 + Int64(index % 1_000), scale: 2),
                quantity: FixedDecimal(raw: 100, scale: 5)
            )
        )
    }
    restingBook.discardReports()
    let serverMicros: Int64 = 1_694_131_200_000_000
    let submission = OrderSubmission(
        request: order,
        orderId: 1_000_000,
        account: 7,
        timestamp: BinanceTimestamp(microseconds: serverMicros)
    )
    precondition(
        intake.decide(submission, context: context, book: restingBook, serverMicros: serverMicros).verdict
            == .accepted(status: .new, unchecked: [])
    )
    let intakeConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .one,
        maxDuration: .seconds(short ? 1 : 3),
        maxIterations: short ? 100 : 10_000
    )
    Benchmark("Order intake: decide one LIMIT order, book of 2,000 orders", configuration: intakeConfiguration) {
        benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(intake.decide(submission, context: context, book: restingBook, serverMicros: serverMicros))
        }
    }

    // MARK: Matching-engine throughput on the real tape

    // Each real trade becomes its maker order (resting at the trade price) and the taker order that hit it;
    // every fourth taker is a GTC order one tick through the price that rests with its remainder when the
    // maker side is thin, so the book holds depth. 4,002 orders per iteration.
    var flow: [NewOrder] = []
    for (index, trade) in tape.enumerated() {
        let makerSide: OrderSide = trade.isBuyerMaker ? .buy : .sell
        let id = UInt64(index * 2 + 1)
        flow.append(
            NewOrder(
                id: id,
                account: UInt64(index % 50),
                side: makerSide,
                type: .limit,
                price: trade.price,
                quantity: trade.quantity,
                stpMode: .expireMaker
            )
        )
        let tif: TimeInForce = index % 4 == 0 ? .gtc : .ioc
        flow.append(
            NewOrder(
                id: id + 1,
                account: UInt64((index + 7) % 50),
                side: makerSide.opposite,
                type: .limit,
                timeInForce: tif,
                price: trade.price,
                quantity: trade.quantity,
                stpMode: .expireTaker
            )
        )
    }
    let engineConfiguration = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .one,
        maxDuration: .seconds(short ? 1 : 5),
        maxIterations: short ? 10 : 1000
    )
    Benchmark("Matching engine: 4,002 orders from the BTCUSDT tape", configuration: engineConfiguration) { benchmark in
        for _ in benchmark.scaledIterations {
            var engine = MatchingEngine(priceScale: 2, quantityScale: 6, quantityStep: 1)
            for order in flow { engine.submit(order) }
            blackHole(engine.reports.count)
        }
    }

    // The same flow with every eighth maker an iceberg showing half its quantity, and a pair of trailing
    // STOP_LOSS orders (5 BIPS, BUY and SELL) after every 250 trades, which track every trade until they
    // trigger and sweep: 4,018 orders per iteration.
    var richFlow: [NewOrder] = []
    for (index, order) in flow.enumerated() {
        var order = order
        if index % 16 == 0, let quantity = order.quantity, quantity.raw >= 2 {
            order.icebergQty = FixedDecimal(raw: quantity.raw / 2, scale: quantity.scale)
        }
        richFlow.append(order)
        if index % 500 == 499 {
            for side in [OrderSide.buy, .sell] {
                richFlow.append(
                    NewOrder(
                        id: UInt64(1_000_000 + richFlow.count),
                        account: 99,
                        side: side,
                        type: .stopLoss,
                        quantity: FixedDecimal(raw: 1_000, scale: 6),
                        trailingDelta: 5
                    )
                )
            }
        }
    }
    Benchmark(
        "Matching engine: 4,018 tape orders with icebergs and trailing stops",
        configuration: engineConfiguration
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            var engine = MatchingEngine(priceScale: 2, quantityScale: 6, quantityStep: 1)
            for order in richFlow { engine.submit(order) }
            blackHole(engine.reports.count)
        }
    }
}
