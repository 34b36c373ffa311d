/// The outcome of a hypothesis test: the statistic, its p-value, and what they were computed against.
public struct TestResult: Hashable, Sendable, Codable {
    /// The test's name (`ks`, `anderson-darling`, `chi-square`, `dispersion`, `likelihood-ratio`, `jarque-bera`).
    public let name: String
    /// The test statistic.
    public let statistic: Double
    /// The p-value under the null hypothesis that the model fits.
    public let pValue: Double
    /// Degrees of freedom, where the reference distribution has them.
    public let degreesOfFreedom: Double?
    /// How the p-value was obtained and what to keep in mind (for example that parameters were estimated).
    public let note: String?

    /// Creates a result.
    public init(name: String, statistic: Double, pValue: Double, degreesOfFreedom: Double? = nil, note: String? = nil) {
        self.name = name
        self.statistic = statistic
        self.pValue = pValue
        self.degreesOfFreedom = degreesOfFreedom
        self.note = note
    }

    /// Whether the null hypothesis is rejected at level `alpha`.
    public func rejects(at alpha: Double = 0.05) -> Bool { pValue < alpha }
}
