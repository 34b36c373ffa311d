import Statistics

/// The calibration of one quantity (trade inter-arrival times, per-minute counts, …): what was measured, the
/// fitted models with standard errors, the tests with p-values, and a plain-language verdict.
public struct ModelReport: Codable, Sendable {
    /// One fitted model.
    public struct FittedModel: Codable, Sendable {
        /// `poisson`, `negativeBinomial`, `beta`, `logNormal`, `exponential` or `normal`.
        public let distribution: String
        /// `mle` or `moments`.
        public let method: FitMethod
        /// Parameters in the distribution's order, with standard errors.
        public let parameters: [ParameterEstimate]
        /// Log-likelihood of the sample under the fit.
        public let logLikelihood: Double
    }

    /// One test, and the model (`distribution`/`method`) it tested.
    public struct ModelTest: Codable, Sendable {
        /// The model tested (`distribution`), or the comparison (`poisson-vs-negativeBinomial`).
        public let model: String
        /// The result.
        public let result: TestResult
        /// The cells of a chi-square test, so that others can recompute it.
        public let cells: BinnedChiSquare?
    }

    /// What the quantity is, in words.
    public let quantity: String
    /// Its unit (`s`, `trades per minute`, `base asset`, `fraction`, `log return`, `ms`).
    public let unit: String
    /// Which input it came from: `trades`, `klines` or `wsCapture`.
    public let source: String
    /// The number of values used.
    public let sampleSize: Int
    /// Values left out and why (for example zero-volume minutes), or nil.
    public let excluded: String?
    /// Descriptive statistics, when there were at least two values.
    public let summary: SampleSummary?
    /// Fitted models (empty when none could be fitted).
    public let fits: [FittedModel]
    /// Goodness-of-fit and comparison tests.
    public let tests: [ModelTest]
    /// The model the data supports (`distribution`), or nil when none does or none could be fitted.
    public let chosen: String?
    /// The plain-language verdict.
    public let verdict: String
    /// Extra measured values specific to this quantity (tail index, skew percentiles, batching), by name.
    public let extra: [String: Double]
}

extension ModelReport {
    /// The report of a quantity nothing could be fitted to: no fits, no tests, no chosen model, and a verdict
    /// that says why.
    static func unfitted(
        quantity: String,
        unit: String,
        source: String,
        sampleSize: Int,
        excluded: String? = nil,
        summary: SampleSummary? = nil,
        verdict: String,
        extra: [String: Double] = [:]
    ) -> ModelReport {
        ModelReport(
            quantity: quantity,
            unit: unit,
            source: source,
            sampleSize: sampleSize,
            excluded: excluded,
            summary: summary,
            fits: [],
            tests: [],
            chosen: nil,
            verdict: verdict,
            extra: extra
        )
    }
}
