import Statistics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Trade arrivals per minute: Poisson against negative binomial, with the dispersion test.
extension Calibrator {
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
}
