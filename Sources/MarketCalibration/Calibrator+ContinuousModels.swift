import Statistics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Trade sizes, kline volumes and taker-buy shares: Exponential, LogNormal and Beta fits with their tests and figures.
extension Calibrator {
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
        var fits: [ModelReport.FittedModel] = []
        var tests: [ModelReport.ModelTest] = []
        var chosen: String?
        var verdict: String
        var figures: [Figure] = []
        do {
            let name: String
            let mle: any ContinuousDistribution
            let fittedCount: Int
            switch model {
            case .exponential:
                name = "exponential"
                (fits, mle) = try fitBoth(ExponentialDistribution.self, name, values)
                fittedCount = 1
                if let ad = try? GoodnessOfFit.andersonDarlingExponential(values) {
                    tests.append(.init(model: name, result: ad, cells: nil))
                }
            case .logNormal:
                name = "logNormal"
                (fits, mle) = try fitBoth(LogNormalDistribution.self, name, values)
                fittedCount = 2
                if let ad = try? GoodnessOfFit.andersonDarlingNormal(values.map { log($0) }) {
                    tests.append(.init(model: name, result: ad, cells: nil))
                }
            case .beta:
                name = "beta"
                (fits, mle) = try fitBoth(BetaDistribution.self, name, values)
                fittedCount = 2
            }
            let ks = try GoodnessOfFit.kolmogorovSmirnov(values, cdf: mle.cdf)
            tests.insert(.init(model: name, result: ks, cells: nil), at: 0)
            if let chi = try? GoodnessOfFit.chiSquare(values: values, model: mle, fittedParameters: fittedCount) {
                tests.append(.init(model: name, result: chi.test, cells: chi))
            }
            let rejected = tests.filter { $0.result.rejects() }.map(\.result.name)
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
            chosen = rejected.isEmpty || ks.statistic < 0.05 ? name : nil
            figures = continuousFigures(values, model: mle, name: name, quantity: quantity, unit: unit)
        } catch {
            // What was fitted before the failure is not reported.
            fits = []
            tests = []
            verdict = "Cannot fit: \(error.message)"
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
            chosen: chosen,
            verdict: verdict,
            extra: extra
        )
        return (report, figures)
    }

    /// Fits `values` by maximum likelihood and by the method of moments: the two records (maximum likelihood
    /// first) and the maximum-likelihood distribution, which the tests and figures use.
    func fitBoth<Distribution: FittableContinuousDistribution>(
        _: Distribution.Type,
        _ name: String,
        _ values: [Double]
    ) throws(StatisticsError) -> (fits: [ModelReport.FittedModel], mle: any ContinuousDistribution) {
        let maximumLikelihood = try Distribution.fitMaximumLikelihood(values)
        let moments = try Distribution.fitMethodOfMoments(values)
        return ([record(name, maximumLikelihood), record(name, moments)], maximumLikelihood.distribution)
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
}
