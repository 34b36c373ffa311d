#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Goodness-of-fit tests with p-values.
///
/// When a model's parameters were estimated from the same sample, the Kolmogorov–Smirnov p-value from the
/// Kolmogorov distribution is conservative (too large; Lilliefors' observation): the report says so. The
/// Anderson–Darling tests here use the estimated-parameter formulas of D'Agostino and Stephens (1986).
public enum GoodnessOfFit {
    /// The one-sample Kolmogorov–Smirnov test of `values` against a continuous cdf: D = sup |Fₙ − F|, p-value
    /// from the Kolmogorov limit law, P(K > √n·D) (scipy `kstest(..., method="asymp")`).
    /// - Throws: ``StatisticsError/Code/tooFewPoints`` for fewer than 2 values.
    public static func kolmogorovSmirnov(
        _ values: [Double],
        cdf: (Double) -> Double
    ) throws(StatisticsError) -> TestResult {
        guard values.count >= 2 else { throw StatisticsError(.tooFewPoints, "KS: need at least 2 values") }
        let sorted = values.sorted()
        let n = Double(sorted.count)
        var d = 0.0
        for (i, x) in sorted.enumerated() {
            let f = cdf(x)
            d = max(d, Double(i + 1) / n - f, f - Double(i) / n)
        }
        return TestResult(
            name: "ks",
            statistic: d,
            pValue: SpecialFunctions.kolmogorovSurvival(n.squareRoot() * d),
            note: "asymptotic Kolmogorov p-value; conservative when parameters are estimated from the sample"
        )
    }

    /// The Anderson–Darling test of normality with mean and standard deviation (divisor n − 1) estimated from
    /// the sample, as `scipy.stats.anderson(x, "norm")`. The p-value is D'Agostino and Stephens' (1986, table
    /// 4.9) approximation for the modified statistic A²(1 + 0.75/n + 2.25/n²).
    /// - Throws: ``StatisticsError`` for fewer than 8 values or no spread.
    public static func andersonDarlingNormal(_ values: [Double]) throws(StatisticsError) -> TestResult {
        guard values.count >= 8 else {
            throw StatisticsError(.tooFewPoints, "Anderson–Darling: need at least 8 values")
        }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let s = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        guard s > 0 else { throw StatisticsError(.degenerateSample, "Anderson–Darling: all values are equal") }
        let z = values.map { ($0 - mean) / s }.sorted()
        let a2 = andersonDarlingStatistic(
            count: z.count,
            logCDF: { log(NormalDistribution.standardCDF(z[$0])) },
            logSurvival: { log(NormalDistribution.standardSurvival(z[$0])) }
        )
        // The quadratic in the exponent turns upward past its vertex (m ≈ 153), beyond the tables it was fitted
        // to: there the p-value at the vertex is reported, an upper bound.
        return andersonDarlingResult(
            statistic: a2,
            modified: a2 * (1 + 0.75 / n + 2.25 / (n * n)),
            vertex: 153,
            bands: [
                (0.6, 1.2937, -5.709, 0.0186),
                (0.34, 0.9177, -4.279, -1.38),
                (0.2, -8.318, 42.796, -59.938),
                (-.infinity, -13.436, 101.14, -223.73),
            ],
            note: "normal with estimated mean and sd; p-value by D'Agostino–Stephens (1986)"
        )
    }

    /// The Anderson–Darling test of an exponential distribution with its scale estimated by the sample mean,
    /// as `scipy.stats.anderson(x, "expon")`. The p-value is Stephens' approximation (D'Agostino and Stephens
    /// 1986, table 4.14) for the modified statistic A²(1 + 0.6/n).
    /// - Throws: ``StatisticsError`` for fewer than 8 values, a negative value, or a zero (where ln F(0) = −∞).
    public static func andersonDarlingExponential(_ values: [Double]) throws(StatisticsError) -> TestResult {
        guard values.count >= 8 else {
            throw StatisticsError(.tooFewPoints, "Anderson–Darling: need at least 8 values")
        }
        guard values.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw StatisticsError(
                .outsideSupport,
                "Anderson–Darling (exponential): values must be positive; ties at 0 make the statistic infinite"
            )
        }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let w = values.map { $0 / mean }.sorted()
        let a2 = andersonDarlingStatistic(
            count: w.count,
            logCDF: { log(-expm1(-w[$0])) },
            logSurvival: { -w[$0] }
        )
        // The quadratic in the exponent turns upward past its vertex (m ≈ 10), beyond the tables it was fitted
        // to: there the p-value at the vertex is reported, an upper bound.
        return andersonDarlingResult(
            statistic: a2,
            modified: a2 * (1 + 0.6 / n),
            vertex: 10,
            bands: [
                (0.95, 0.731, -3.009, 0.15),
                (0.51, 0.9209, -3.353, 0.300),
                (0.26, -6.1327, 12.2181, -18.8157),
                (-.infinity, -12.2204, 67.459, -110.3),
            ],
            note: "exponential with estimated scale; p-value by Stephens' approximation (1986)"
        )
    }

    /// The Anderson–Darling result for the modified statistic `modified`, capped at the `vertex` of the fitted
    /// quadratics. `bands` are Stephens' four p-value bands, highest lower bound first, each `(lowerBound, c0,
    /// c1, c2)`: the first band that m reaches gives q = exp(c0 + c1·m + c2·m²), the p-value itself in the two
    /// upper bands and 1 − q in the two lower ones, clamped to [0, 1].
    private static func andersonDarlingResult(
        statistic a2: Double,
        modified: Double,
        vertex: Double,
        bands: [(lowerBound: Double, c0: Double, c1: Double, c2: Double)],
        note: String
    ) -> TestResult {
        let m = min(modified, vertex)
        let index = bands.firstIndex { m >= $0.lowerBound } ?? bands.count - 1
        let band = bands[index]
        let q = exp(band.c0 + band.c1 * m + band.c2 * m * m)
        let p = index < 2 ? q : 1 - q
        return TestResult(
            name: "anderson-darling",
            statistic: a2,
            pValue: min(1, max(0, p)),
            note: note + (m == vertex ? ", an upper bound (statistic beyond the table)" : "")
        )
    }

    /// A² = −n − (1/n) Σ (2i − 1)[ln F(x₍ᵢ₎) + ln(1 − F(x₍ₙ₊₁₋ᵢ₎))] over sorted values.
    static func andersonDarlingStatistic(
        count: Int,
        logCDF: (Int) -> Double,
        logSurvival: (Int) -> Double
    ) -> Double {
        let n = Double(count)
        var sum = 0.0
        for i in 0..<count {
            sum += Double(2 * i + 1) * (logCDF(i) + logSurvival(count - 1 - i))
        }
        return -n - sum / n
    }

    /// Pearson's chi-square test of observed against expected cell counts, with
    /// `cells − 1 − fittedParameters` degrees of freedom (scipy `chisquare(f_obs, f_exp, ddof=fittedParameters)`).
    /// - Throws: ``StatisticsError/Code/tooFewPoints`` when fewer than `fittedParameters + 2` cells remain.
    public static func chiSquare(
        observed: [Int],
        expected: [Double],
        fittedParameters: Int
    ) throws(StatisticsError) -> TestResult {
        let df = observed.count - 1 - fittedParameters
        guard df >= 1, observed.count == expected.count else {
            throw StatisticsError(
                .tooFewPoints,
                "chi-square: \(observed.count) cells leave no degrees of freedom after \(fittedParameters) fitted"
            )
        }
        var statistic = 0.0
        for (o, e) in zip(observed, expected) {
            let d = Double(o) - e
            statistic += d * d / e
        }
        return TestResult(
            name: "chi-square",
            statistic: statistic,
            pValue: SpecialFunctions.chiSquareSurvival(statistic, degreesOfFreedom: Double(df)),
            degreesOfFreedom: Double(df)
        )
    }

    /// The chi-square test of counts against a discrete model, over cells of consecutive values merged until
    /// each expects at least 5 (the last cell is the open upper tail, the first includes 0).
    /// - Returns: the test and its cells (each cell's lower bound; the cell ends where the next begins).
    public static func chiSquare(
        counts: [Int],
        model: some DiscreteDistribution,
        fittedParameters: Int
    ) throws(StatisticsError) -> BinnedChiSquare {
        let n = Double(counts.count)
        var histogram: [Int: Int] = [:]
        for k in counts { histogram[k, default: 0] += 1 }
        let maxK = counts.max() ?? 0
        var lowers: [Int] = []
        var observed: [Int] = []
        var expected: [Double] = []
        var cellStart = 0
        var cellObserved = 0
        var cellExpected = 0.0
        var previousCDF = 0.0
        var k = 0
        while k <= maxK {
            let c = model.cdf(k)
            cellExpected += (c - previousCDF) * n
            previousCDF = c
            cellObserved += histogram[k] ?? 0
            if cellExpected >= 5 && (1 - c) * n >= 5 {
                lowers.append(cellStart)
                observed.append(cellObserved)
                expected.append(cellExpected)
                cellStart = k + 1
                cellObserved = 0
                cellExpected = 0
            }
            k += 1
        }
        // The rest, to infinity, is one cell; merge it into the previous one if it expects fewer than 5.
        let tailExpected = cellExpected + (1 - previousCDF) * n
        if tailExpected >= 5 || lowers.isEmpty {
            lowers.append(cellStart)
            observed.append(cellObserved)
            expected.append(tailExpected)
        } else {
            observed[observed.count - 1] += cellObserved
            expected[expected.count - 1] += tailExpected
        }
        let test = try chiSquare(observed: observed, expected: expected, fittedParameters: fittedParameters)
        return BinnedChiSquare(test: test, lowerEdges: lowers.map(Double.init), observed: observed, expected: expected)
    }

    /// The chi-square test of a continuous sample against a model over k equiprobable cells, k = ⌈2n^0.4⌉
    /// clamped to [5, 50] (the cell edges are the model's quantiles i/k).
    public static func chiSquare(
        values: [Double],
        model: some ContinuousDistribution,
        fittedParameters: Int
    ) throws(StatisticsError) -> BinnedChiSquare {
        let n = Double(values.count)
        let k = min(50, max(5, Int((2 * pow(n, 0.4)).rounded(.up))))
        let inner = (1..<k).map { model.quantile(Double($0) / Double(k)) }
        var observed = [Int](repeating: 0, count: k)
        for x in values {
            // The first edge above x (binary search).
            var lo = 0
            var hi = inner.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if inner[mid] <= x { lo = mid + 1 } else { hi = mid }
            }
            observed[lo] += 1
        }
        let expected = [Double](repeating: n / Double(k), count: k)
        let test = try chiSquare(observed: observed, expected: expected, fittedParameters: fittedParameters)
        return BinnedChiSquare(
            test: test,
            lowerEdges: [model.quantile(0)] + inner,
            observed: observed,
            expected: expected
        )
    }

    /// The Poisson dispersion test: D = Σ(xᵢ − x̄)²/x̄, χ² with n − 1 degrees of freedom under the Poisson
    /// hypothesis; the p-value is the upper tail (evidence of overdispersion). D/(n − 1) is the
    /// variance-to-mean ratio.
    /// - Throws: ``StatisticsError`` for fewer than 2 counts or a zero mean.
    public static func dispersion(_ counts: [Int]) throws(StatisticsError) -> TestResult {
        guard counts.count >= 2 else { throw StatisticsError(.tooFewPoints, "dispersion test: need at least 2 counts") }
        let n = Double(counts.count)
        let mean = Double(counts.reduce(0, +)) / n
        guard mean > 0 else { throw StatisticsError(.degenerateSample, "dispersion test: every count is zero") }
        let d = counts.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / mean
        return TestResult(
            name: "dispersion",
            statistic: d,
            pValue: SpecialFunctions.chiSquareSurvival(d, degreesOfFreedom: n - 1),
            degreesOfFreedom: n - 1,
            note: "upper tail: small p means overdispersion (variance/mean = \((d / (n - 1) * 1000).rounded() / 1000))"
        )
    }

    /// The likelihood-ratio test of Poisson (null) against negative binomial: LR = 2(ℓ_NB − ℓ_Poisson). The
    /// null value of 1/r lies on the boundary, so the reference law is ½χ²₀ + ½χ²₁ (Self and Liang, 1987).
    public static func poissonVersusNegativeBinomial(
        poisson: Fit<PoissonDistribution>,
        negativeBinomial: Fit<NegativeBinomialDistribution>
    ) -> TestResult {
        let lr = max(0, 2 * (negativeBinomial.logLikelihood - poisson.logLikelihood))
        return TestResult(
            name: "likelihood-ratio",
            statistic: lr,
            pValue: lr > 0 ? 0.5 * SpecialFunctions.chiSquareSurvival(lr, degreesOfFreedom: 1) : 1,
            degreesOfFreedom: 1,
            note: "boundary-corrected: p = ½·P(χ²₁ > LR)"
        )
    }
}
