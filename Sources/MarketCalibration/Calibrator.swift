import TradingCore

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

    // MARK: Continuous quantities

    func continuousModel(
        _ values: [Double],
        quantity: String,
        unit: String,
        source: String,
        excluded: String?,
        model: ContinuousModel,
        extra: [String: Double]
    ) -> (ModelReport, [Figure]) {
        let summary = try? SampleSummary(values)
        func cannot(_ reason: String) -> (ModelReport, [Figure]) {
            (
                ModelReport(
                    quantity: quantity,
                    unit: unit,
                    source: source,
                    sampleSize: values.count,
                    excluded: excluded,
                    summary: summary,
                    fits: [],
                    tests: [],
                    chosen: nil,
                    verdict: "Cannot fit: \(reason)",
                    extra: extra
                ), []
            )
        }
        do {
            let name: String
            let mle: any ContinuousDistribution
            var fits: [ModelReport.FittedModel] = []
            var tests: [ModelReport.ModelTest] = []
            let fittedCount: Int
            switch model {
            case .exponential:
                name = "exponential"
                let a = try ExponentialDistribution.fitMaximumLikelihood(values)
                let b = try ExponentialDistribution.fitMethodOfMoments(values)
                fits = [record(name, a), record(name, b)]
                mle = a.distribution
                fittedCount = 1
                if let ad = try? GoodnessOfFit.andersonDarlingExponential(values) {
                    tests.append(.init(model: name, result: ad, cells: nil))
                }
            case .logNormal:
                name = "logNormal"
                let a = try LogNormalDistribution.fitMaximumLikelihood(values)
                let b = try LogNormalDistribution.fitMethodOfMoments(values)
                fits = [record(name, a), record(name, b)]
                mle = a.distribution
                fittedCount = 2
                if let ad = try? GoodnessOfFit.andersonDarlingNormal(values.map { log($0) }) {
                    tests.append(.init(model: name, result: ad, cells: nil))
                }
            case .beta:
                name = "beta"
                let a = try BetaDistribution.fitMaximumLikelihood(values)
                let b = try BetaDistribution.fitMethodOfMoments(values)
                fits = [record(name, a), record(name, b)]
                mle = a.distribution
                fittedCount = 2
            }
            let ks = try GoodnessOfFit.kolmogorovSmirnov(values, cdf: mle.cdf)
            tests.insert(.init(model: name, result: ks, cells: nil), at: 0)
            if let chi = try? GoodnessOfFit.chiSquare(values: values, model: mle, fittedParameters: fittedCount) {
                tests.append(.init(model: name, result: chi.test, cells: chi))
            }
            let rejected = tests.filter { $0.result.rejects() }.map(\.result.name)
            var verdict: String
            if rejected.isEmpty {
                verdict = "The \(label(name)) fits: no test rejects it at the 5% level (n = \(values.count))."
            } else {
                verdict =
                    "The \(label(name)) does not fit in detail: \(rejected.joined(separator: ", ")) "
                    + "reject\(rejected.count == 1 ? "s" : "") it at the 5% level (n = \(values.count))."
                if ks.statistic < 0.05 {
                    verdict +=
                        " The largest gap between the data's and the model's distribution functions is only "
                        + "\(format(ks.statistic * 100))%, so it is still a usable approximation for synthetic flow."
                } else {
                    verdict +=
                        " The gap between the distribution functions reaches \(format(ks.statistic * 100))%;"
                        + " use it with care, or resample the data itself."
                }
            }
            if model == .exponential, let s = summary {
                let cv = s.standardDeviation / s.mean
                verdict += " Coefficient of variation \(format(cv)) (an exponential has 1; above 1 means bursts)."
            }
            if model == .beta, fits.count == 2 {
                verdict +=
                    " Maximum likelihood and the method of moments give α = \(format(fits[0].parameters[0].value))"
                    + " vs \(format(fits[1].parameters[0].value)), β = \(format(fits[0].parameters[1].value))"
                    + " vs \(format(fits[1].parameters[1].value))."
            }
            let report = ModelReport(
                quantity: quantity,
                unit: unit,
                source: source,
                sampleSize: values.count,
                excluded: excluded,
                summary: summary,
                fits: fits,
                tests: tests,
                chosen: rejected.isEmpty || ks.statistic < 0.05 ? name : nil,
                verdict: verdict,
                extra: extra
            )
            return (report, continuousFigures(values, model: mle, name: name, quantity: quantity, unit: unit))
        } catch {
            return cannot(error.message)
        }
    }

    func continuousFigures(
        _ values: [Double],
        model: any ContinuousDistribution,
        name: String,
        quantity: String,
        unit: String
    ) -> [Figure] {
        let sorted = values.sorted()
        let logScale = name == "logNormal"
        let transform: (Double) -> Double = logScale ? { log10($0) } : { $0 }
        // Histogram over the 0.5%–99.5% range of the data (the tails are in the Q–Q plot).
        let lo = transform(SampleSummary.quantile(sorted: sorted, 0.005))
        let hi = transform(SampleSummary.quantile(sorted: sorted, 0.995))
        var histogram = Figure(
            title: "Histogram and fitted \(label(name)) density",
            xLabel: logScale ? "log10(\(unit))" : unit,
            yLabel: "density"
        )
        let binCount = max(10, min(60, Int(Double(values.count).squareRoot())))
        let width = (hi - lo) / Double(binCount)
        if width > 0 {
            var heights = [Double](repeating: 0, count: binCount)
            for v in values {
                let t = transform(v)
                guard t >= lo && t <= hi else { continue }
                heights[min(binCount - 1, Int((t - lo) / width))] += 1
            }
            let n = Double(values.count)
            histogram.bars = heights.enumerated().map { i, h in
                Figure.Bar(x0: lo + Double(i) * width, x1: lo + Double(i + 1) * width, height: h / (n * width))
            }
            // The fitted density on the plotted scale: for log10 x, f(x)·x·ln 10.
            let curve = (0...200).map { i -> (Double, Double) in
                let t = lo + (hi - lo) * Double(i) / 200
                let x = logScale ? pow(10, t) : t
                return (t, model.pdf(x) * (logScale ? x * log(10) : 1))
            }
            histogram.curves = [Figure.Curve(label: label(name), points: curve)]
        }
        var qq = Figure(
            title: "Q–Q plot against the fitted \(label(name))",
            xLabel: "fitted quantile\(logScale ? " (log10)" : "")",
            yLabel: "sample quantile\(logScale ? " (log10)" : "")"
        )
        let points = min(sorted.count, 400)
        qq.points = (0..<points).map { i in
            let p = (Double(i) + 0.5) / Double(points)
            return (transform(model.quantile(p)), transform(SampleSummary.quantile(sorted: sorted, p)))
        }
        qq.diagonal = true
        return [histogram, qq]
    }

    // MARK: Counts

    func countModel(
        _ counts: [Int],
        quantity: String,
        unit: String,
        source: String,
        excluded: String?,
        timeLabel: String
    ) -> (ModelReport, [Figure]) {
        let summary = try? SampleSummary(counts.map(Double.init))
        var fits: [ModelReport.FittedModel] = []
        var tests: [ModelReport.ModelTest] = []
        var over = Figure(title: "Counts over time", xLabel: timeLabel, yLabel: unit)
        over.curves = [Figure.Curve(label: "observed", points: counts.enumerated().map { (Double($0), Double($1)) })]
        var verdict: String
        var chosen: String?
        var extra: [String: Double] = [:]
        var pmfFigure = Figure(title: "Frequencies and fitted models", xLabel: unit, yLabel: "probability")
        do {
            let poisson = try PoissonDistribution.fitMaximumLikelihood(counts)
            fits.append(record("poisson", poisson))
            let dispersion = try GoodnessOfFit.dispersion(counts)
            tests.append(.init(model: "poisson", result: dispersion, cells: nil))
            let ratio = dispersion.statistic / Double(counts.count - 1)
            extra["varianceToMean"] = ratio
            if let chi = try? GoodnessOfFit.chiSquare(counts: counts, model: poisson.distribution, fittedParameters: 1)
            {
                tests.append(.init(model: "poisson", result: chi.test, cells: chi))
            }
            var nb: Fit<NegativeBinomialDistribution>?
            do {
                let mle = try NegativeBinomialDistribution.fitMaximumLikelihood(counts)
                nb = mle
                fits.append(record("negativeBinomial", mle))
                if let moments = try? NegativeBinomialDistribution.fitMethodOfMoments(counts) {
                    fits.append(record("negativeBinomial", moments))
                }
                tests.append(
                    .init(
                        model: "poisson-vs-negativeBinomial",
                        result: GoodnessOfFit.poissonVersusNegativeBinomial(poisson: poisson, negativeBinomial: mle),
                        cells: nil
                    )
                )
                if let chi = try? GoodnessOfFit.chiSquare(counts: counts, model: mle.distribution, fittedParameters: 2)
                {
                    tests.append(.init(model: "negativeBinomial", result: chi.test, cells: chi))
                }
            } catch {
                extra["negativeBinomialFitted"] = 0
            }
            if dispersion.rejects(), let nb {
                chosen = "negativeBinomial"
                verdict =
                    "Negative binomial, not Poisson: the counts vary \(format(ratio)) times as much as a Poisson "
                    + "allows (dispersion test p \(pvalue(dispersion.pValue))), and the likelihood-ratio test "
                    + "prefers the negative binomial (r = \(format(nb.distribution.r)), mean "
                    + "\(format(nb.distribution.mean)))."
            } else {
                chosen = "poisson"
                verdict =
                    "Poisson is adequate: the variance-to-mean ratio is \(format(ratio)) and the dispersion test "
                    + "does not reject (p \(pvalue(dispersion.pValue)), n = \(counts.count))."
                if nb == nil { verdict += " The negative binomial has no finite fit here (no overdispersion)." }
            }
            if let chiTest = tests.first(where: { $0.model == chosen && $0.result.name == "chi-square" }),
                chiTest.result.rejects()
            {
                verdict +=
                    " Its chi-square test still rejects at 5% (p \(pvalue(chiTest.result.pValue))):"
                    + " the shape is approximate."
            }
            // Frequencies against both pmfs.
            var histogram: [Int: Int] = [:]
            for c in counts { histogram[c, default: 0] += 1 }
            let sorted = counts.sorted()
            let lo = sorted[Int(Double(sorted.count - 1) * 0.001)]
            let hi = sorted[Int(Double(sorted.count - 1) * 0.999)]
            let step = max(1, (hi - lo + 1) / 80)
            let n = Double(counts.count)
            for start in stride(from: lo, through: hi, by: step) {
                let mass = (start..<(start + step)).reduce(0) { $0 + (histogram[$1] ?? 0) }
                pmfFigure.bars.append(
                    Figure.Bar(
                        x0: Double(start) - 0.5,
                        x1: Double(start + step) - 0.5,
                        height: Double(mass) / n / Double(step)
                    )
                )
            }
            let xs = Array(stride(from: lo, through: hi, by: step))
            pmfFigure.curves.append(
                Figure.Curve(label: "Poisson", points: xs.map { (Double($0), poisson.distribution.pmf($0)) })
            )
            if let nb {
                pmfFigure.curves.append(
                    Figure.Curve(label: "negative binomial", points: xs.map { (Double($0), nb.distribution.pmf($0)) })
                )
            }
        } catch {
            verdict = "Cannot fit: \(error.message)"
        }
        let report = ModelReport(
            quantity: quantity,
            unit: unit,
            source: source,
            sampleSize: counts.count,
            excluded: excluded,
            summary: summary,
            fits: fits,
            tests: tests,
            chosen: chosen,
            verdict: verdict,
            extra: extra
        )
        return (report, fits.isEmpty ? [over] : [pmfFigure, over])
    }

    // MARK: Returns

    func returnsModel(_ candles: [Kline]) -> (ModelReport, [Figure]) {
        var returns: [Double] = []
        var gaps = 0
        for (previous, current) in zip(candles, candles.dropFirst()) {
            if current.openTimeMicros - previous.openTimeMicros == 60_000_000 {
                returns.append(log(current.close / previous.close))
            } else {
                gaps += 1
            }
        }
        let quantity = "one-minute log return (close to close)"
        guard let summary = try? SampleSummary(returns), summary.variance > 0 else {
            return (
                ModelReport(
                    quantity: quantity,
                    unit: "log return",
                    source: "klines",
                    sampleSize: returns.count,
                    excluded: nil,
                    summary: nil,
                    fits: [],
                    tests: [],
                    chosen: nil,
                    verdict: "Cannot fit: need at least two consecutive one-minute returns with some variation.",
                    extra: [:]
                ), []
            )
        }
        let sd = summary.standardDeviation
        let beyond3 = Double(returns.filter { abs($0 - summary.mean) > 3 * sd }.count) / Double(returns.count)
        // Hill's estimator of the tail index on the largest 2.5% of |r|.
        let absolute = returns.map { abs($0) }.filter { $0 > 0 }.sorted(by: >)
        let k = max(2, absolute.count / 40)
        var hill = Double.nan
        if absolute.count > k {
            let threshold = log(absolute[k])
            hill = Double(k) / absolute.prefix(k).reduce(0) { $0 + log($1) - threshold }
        }
        let jb = summary.jarqueBera
        var fits: [ModelReport.FittedModel] = []
        var tests: [ModelReport.ModelTest] = [.init(model: "normal", result: jb, cells: nil)]
        var figures: [Figure] = []
        if let normal = try? NormalDistribution(mean: summary.mean, standardDeviation: sd) {
            let n = Double(returns.count)
            fits.append(
                ModelReport.FittedModel(
                    distribution: "normal",
                    method: .maximumLikelihood,
                    parameters: [
                        ParameterEstimate(name: "mean", value: summary.mean, standardError: sd / n.squareRoot()),
                        ParameterEstimate(name: "sd", value: sd, standardError: sd / (2 * n).squareRoot()),
                    ],
                    logLikelihood: returns.reduce(0) { $0 + normal.logPdf($1) }
                )
            )
            if let ks = try? GoodnessOfFit.kolmogorovSmirnov(returns, cdf: normal.cdf) {
                tests.append(.init(model: "normal", result: ks, cells: nil))
            }
            figures = continuousFigures(returns, model: normal, name: "normal", quantity: quantity, unit: "log return")
        }
        var verdict =
            (jb.rejects()
                ? "Not normal, heavy-tailed: the Jarque–Bera test rejects normality (p \(pvalue(jb.pValue))); "
                    + "generate returns by resampling or from a fat-tailed law, not from the normal fit shown. "
                : "Consistent with a normal: the Jarque–Bera test does not reject (p \(pvalue(jb.pValue))). ")
            + "Excess kurtosis \(format(summary.excessKurtosis)) (a normal has 0), skewness \(format(summary.skewness)); "
            + "\(format(beyond3 * 100))% of minutes move more than 3 standard deviations (a normal gives 0.27%)."
        if hill.isFinite {
            verdict +=
                " Hill tail index \(format(hill)) on the largest \(k) moves (below 4 means a fourth moment may"
                + " not exist)."
        }
        let report = ModelReport(
            quantity: quantity,
            unit: "log return",
            source: "klines",
            sampleSize: returns.count,
            excluded: gaps > 0 ? "\(gaps) pairs of klines that are not one minute apart" : nil,
            summary: summary,
            fits: fits,
            tests: tests,
            chosen: jb.rejects() ? nil : "normal",
            verdict: verdict,
            extra: [
                "fractionBeyond3SD": beyond3, "hillTailIndex": hill.isFinite ? hill : 0, "hillTailCount": Double(k),
            ]
        )
        return (report, figures)
    }

    // MARK: Clock skew

    func skewModel(_ capture: WebSocketCapture) -> (ModelReport, [Figure]) {
        let quantity = "local receive time minus server event time E"
        let messages = capture.messages
        // The earliest local stamp on each line is taken as the receive time.
        let raw = messages.map { Double(($0.naiveLocalMicros.min() ?? 0) - $0.eventTimeMicros) / 1000 }
        guard raw.count >= 2 else {
            return (
                ModelReport(
                    quantity: quantity,
                    unit: "ms",
                    source: "wsCapture",
                    sampleSize: raw.count,
                    excluded: nil,
                    summary: nil,
                    fits: [],
                    tests: [],
                    chosen: nil,
                    verdict: "Cannot estimate: the capture needs at least two messages.",
                    extra: [:]
                ), []
            )
        }
        let median = SampleSummary.quantile(sorted: raw.sorted(), 0.5)
        // The stamps carry no zone: take the zone to be the whole quarter hour nearest the median offset.
        let quarterHour = 15.0 * 60 * 1000
        let zone = (median / quarterHour).rounded() * quarterHour
        let skew = raw.map { $0 - zone }
        let eventMinusTrade = messages.map { Double($0.eventTimeMicros - $0.tradeTimeMicros) / 1000 }
        let summary = try? SampleSummary(skew)
        let zoneHours = zone / 3_600_000
        let zoneText =
            zoneHours == 0
            ? "UTC"
            : "UTC\(zoneHours > 0 ? "+" : "−")\(fixed(abs(zoneHours), zoneHours == zoneHours.rounded() ? 0 : 2))"
        var verdict =
            "Caveat: the capture's local stamps are naive wall-clock times with no time zone. Bot4 assumed "
            + "\(zoneText), the whole quarter hour nearest the median offset; if the machine's zone was different, "
            + "every figure below is off by that many whole hours, not by milliseconds. "
        if let s = summary {
            verdict +=
                "Under that assumption the local clock read a median \(format(SampleSummary.quantile(sorted: skew.sorted(), 0.5))) ms "
                + "relative to Binance's event time (range \(format(s.minimum)) to \(format(s.maximum)) ms). "
            verdict +=
                s.maximum < 0
                ? "Every message was stamped before the server sent it, which no network delay can explain: the local "
                    + "clock ran behind Binance's by at least \(format(-s.maximum)) ms."
                : "Offsets mix network latency and clock error; they cannot be separated from one capture."
        }
        // Least-squares drift of the offset over the capture, in ms per second of event time.
        let t = messages.map { Double($0.eventTimeMicros - messages[0].eventTimeMicros) / 1e6 }
        let tMean = t.reduce(0, +) / Double(t.count)
        let sMean = skew.reduce(0, +) / Double(skew.count)
        var sxy = 0.0
        var sxx = 0.0
        for (x, y) in zip(t, skew) {
            sxy += (x - tMean) * (y - sMean)
            sxx += (x - tMean) * (x - tMean)
        }
        let drift = sxx > 0 ? sxy / sxx : 0
        let span = (t.last ?? 0) - (t.first ?? 0)
        if abs(drift * span) > 50 {
            verdict +=
                " The offset drifts by \(format(drift)) ms per second over the \(format(span)) s capture"
                + " (\(format(drift * span)) ms in all): the receiver fell behind (a growing backlog) or its clock"
                + " drifted; either way a simulated venue should model receive delay as time-varying."
        }
        var over = Figure(title: "clock offset per message", xLabel: "message", yLabel: "ms")
        over.curves = [Figure.Curve(label: "local − E", points: skew.enumerated().map { (Double($0), $1) })]
        let report = ModelReport(
            quantity: quantity,
            unit: "ms",
            source: "wsCapture",
            sampleSize: skew.count,
            excluded: nil,
            summary: summary,
            fits: [],
            tests: [],
            chosen: nil,
            verdict: verdict,
            extra: [
                "assumedZoneOffsetHours": zoneHours,
                "offsetDriftMsPerSecond": drift,
                "medianOffsetMs": SampleSummary.quantile(sorted: skew.sorted(), 0.5),
                "medianEventMinusTradeMs": SampleSummary.quantile(sorted: eventMinusTrade.sorted(), 0.5),
            ]
        )
        return (report, [over])
    }

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
