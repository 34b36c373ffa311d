import Statistics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// One-minute log returns of the klines: a Normal fit and its tails.
extension Calibrator {
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
            let verdict = "Cannot fit: need at least two consecutive one-minute returns with some variation."
            return (
                .unfitted(
                    quantity: quantity,
                    unit: "log return",
                    source: "klines",
                    sampleSize: returns.count,
                    verdict: verdict
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
                    logLikelihood: normal.logLikelihood(returns)
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
}
