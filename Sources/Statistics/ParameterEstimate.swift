/// One fitted parameter with its standard error.
public struct ParameterEstimate: Hashable, Sendable, Codable {
    /// The parameter's name as the distribution spells it (`lambda`, `r`, `p`, `alpha`, `mu`, …).
    public let name: String
    /// The estimate.
    public let value: Double
    /// Its asymptotic standard error (inverse Fisher information for maximum likelihood, the delta method over
    /// the sample moments for the method of moments).
    public let standardError: Double

    /// Creates an estimate.
    public init(name: String, value: Double, standardError: Double) {
        self.name = name
        self.value = value
        self.standardError = standardError
    }
}
