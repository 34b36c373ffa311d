import Statistics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fits and tests every model of the calibration, and prepares the report's figures.
///
/// A quantity whose sample cannot be fitted (too few points, all equal) gets a "cannot fit" verdict in its
/// report; it is not an error.
public struct Calibrator: Sendable {
    /// The inputs.
    public let tape: TradeTape
    /// The klines.
    public let klines: KlineSeries
    /// The websocket capture, when given.
    public let capture: WebSocketCapture?

    /// Creates a calibrator.
    public init(tape: TradeTape, klines: KlineSeries, capture: WebSocketCapture?) {
        self.tape = tape
        self.klines = klines
        self.capture = capture
    }

    /// The result: the JSON report and the figures per model.
    public struct Outcome: Sendable {
        /// The report.
        public let models: [String: ModelReport]
        /// Figures per model name.
        public let figures: [String: [Figure]]
        /// The order in which the report shows the models.
        public static let order = [
            "tradeInterArrival", "tradeCountsPerSecond", "tradeSizes", "tradeCountsPerMinute", "minuteVolumes",
            "takerBuyShare", "minuteLogReturns", "clockSkew",
        ]
    }

    /// Runs every fit and test.
    public func run() -> Outcome {
        var models: [String: ModelReport] = [:]
        var figures: [String: [Figure]] = [:]
        func add(_ name: String, _ result: (ModelReport, [Figure])) {
            models[name] = result.0
            figures[name] = result.1
        }
        let trades = tape.trades
        // Arrivals: distinct timestamps are taker events (one aggressive order fills against several makers
        // within the same millisecond).
        var eventTimes: [Int64] = []
        for t in trades where eventTimes.last != t.timeMicros { eventTimes.append(t.timeMicros) }
        let gaps = zip(eventTimes.dropFirst(), eventTimes).map { Double($0 - $1) / 1e6 }
        let batching = Double(trades.count) / Double(max(1, eventTimes.count))
        add(
            "tradeInterArrival",
            continuousModel(
                gaps,
                quantity: "time between trade events (distinct trade timestamps)",
                unit: "s",
                source: "trades",
                excluded: trades.count - eventTimes.count > 0
                    ? "\(trades.count - eventTimes.count) trades share a millisecond with the previous trade and "
                        + "were merged into its event (\(format(batching)) trades per event on average)" : nil,
                model: .exponential,
                extra: ["tradesPerEvent": batching]
            )
        )
        let start = trades[0].timeMicros / 1_000_000
        let end = trades[trades.count - 1].timeMicros / 1_000_000
        var perSecond = [Int](repeating: 0, count: Int(end - start + 1))
        for t in trades { perSecond[Int(t.timeMicros / 1_000_000 - start)] += 1 }
        // The last second is cut off by the end of the tape.
        let completeSeconds = Array(perSecond.dropLast())
        add(
            "tradeCountsPerSecond",
            countModel(
                completeSeconds,
                quantity: "trades per whole second",
                unit: "trades per second",
                source: "trades",
                excluded: "the last, incomplete second",
                timeLabel: "second of the tape"
            )
        )
        add(
            "tradeSizes",
            continuousModel(
                trades.map(\.quantity),
                quantity: "trade size",
                unit: "base asset",
                source: "trades",
                excluded: nil,
                model: .logNormal,
                extra: [:]
            )
        )
        let candles = klines.klines
        add(
            "tradeCountsPerMinute",
            countModel(
                candles.map(\.tradeCount),
                quantity: "trades per minute",
                unit: "trades per minute",
                source: "klines",
                excluded: nil,
                timeLabel: "minute of the kline file"
            )
        )
        let traded = candles.filter { $0.volume > 0 }
        add(
            "minuteVolumes",
            continuousModel(
                traded.map(\.volume),
                quantity: "volume per minute",
                unit: "base asset",
                source: "klines",
                excluded: candles.count > traded.count ? "\(candles.count - traded.count) minutes without volume" : nil,
                model: .logNormal,
                extra: [:]
            )
        )
        let shares = traded.map { min($0.takerBuyVolume / $0.volume, 1) }
        let inside = shares.filter { $0 > 0 && $0 < 1 }
        add(
            "takerBuyShare",
            continuousModel(
                inside,
                quantity: "taker-buy share of each minute's volume",
                unit: "fraction",
                source: "klines",
                excluded: shares.count > inside.count
                    ? "\(shares.count - inside.count) minutes with a share of exactly 0 or 1 (outside the Beta's support)"
                    : nil,
                model: .beta,
                extra: [:]
            )
        )
        add("minuteLogReturns", returnsModel(candles))
        if let capture { add("clockSkew", skewModel(capture)) }
        return Outcome(models: models, figures: figures)
    }

    enum ContinuousModel { case exponential, logNormal, beta }

    // MARK: Helpers

    func record<D>(_ name: String, _ fit: Fit<D>) -> ModelReport.FittedModel {
        ModelReport.FittedModel(
            distribution: name,
            method: fit.method,
            parameters: fit.parameters,
            logLikelihood: fit.logLikelihood
        )
    }

    func label(_ name: String) -> String {
        switch name {
        case "logNormal": "LogNormal"
        case "negativeBinomial": "negative binomial"
        case "beta": "Beta"
        case "exponential": "exponential"
        case "poisson": "Poisson"
        default: name
        }
    }
}

/// A number with 4 significant digits for prose.
func format(_ x: Double) -> String {
    guard x.isFinite else { return "\(x)" }
    if x == 0 { return "0" }
    let magnitude = abs(x)
    if magnitude >= 1e5 || magnitude < 1e-3 {
        let exponent = Int(log10(magnitude).rounded(.down))
        let mantissa = x / pow(10, Double(exponent))
        return "\(fixed(mantissa, 3))e\(exponent)"
    }
    let decimals = max(0, 3 - Int(log10(magnitude).rounded(.down)))
    return fixed(x, decimals)
}

/// A p-value for prose, after "p": "= 0.0123", or "< 1e-16" below what double precision resolves.
func pvalue(_ p: Double) -> String { p < 1e-16 ? "< 1e-16" : "= \(format(p))" }

/// `x` with `decimals` digits after the point.
func fixed(_ x: Double, _ decimals: Int) -> String {
    let scale = pow(10, Double(decimals))
    let rounded = (abs(x) * scale).rounded() / scale
    var whole = rounded.rounded(.down)
    var fraction = Int(((rounded - whole) * scale).rounded())
    if Double(fraction) >= scale {
        whole += 1
        fraction = 0
    }
    var text = (x < 0 && rounded != 0 ? "-" : "") + String(Int(whole))
    if decimals > 0 {
        let digits = String(fraction)
        text += "." + String(repeating: "0", count: decimals - digits.count) + digits
    }
    return text
}
