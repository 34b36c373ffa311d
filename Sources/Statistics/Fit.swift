/// A fitted distribution: the distribution itself, its parameters with standard errors, and the sample's
/// log-likelihood under it.
public struct Fit<Distribution: Sendable>: Sendable {
    /// The fitted distribution, ready to evaluate and sample.
    public let distribution: Distribution
    /// How it was fitted.
    public let method: FitMethod
    /// The parameters with their standard errors, in the distribution's order.
    public let parameters: [ParameterEstimate]
    /// The log-likelihood of the sample under the fitted distribution.
    public let logLikelihood: Double
    /// The sample size.
    public let sampleSize: Int

    /// Creates a fit.
    public init(
        distribution: Distribution,
        method: FitMethod,
        parameters: [ParameterEstimate],
        logLikelihood: Double,
        sampleSize: Int
    ) {
        self.distribution = distribution
        self.method = method
        self.parameters = parameters
        self.logLikelihood = logLikelihood
        self.sampleSize = sampleSize
    }
}

extension Fit where Distribution: LikelihoodDistribution {
    /// Creates the fit of `distribution` to `sample`: its log-likelihood and size come from the sample.
    public init(
        distribution: Distribution,
        method: FitMethod,
        parameters: [ParameterEstimate],
        sample: [Distribution.Observation]
    ) {
        self.init(
            distribution: distribution,
            method: method,
            parameters: parameters,
            logLikelihood: distribution.logLikelihood(sample),
            sampleSize: sample.count
        )
    }

    /// The method-of-moments fit to `sample`: `parameters` (the estimates with their delta-method standard
    /// errors) and the distribution `make` builds from their values, in the same order.
    static func methodOfMoments(
        _ parameters: [ParameterEstimate],
        sample: [Distribution.Observation],
        make: ([Double]) throws(StatisticsError) -> Distribution
    ) throws(StatisticsError) -> Fit {
        Fit(
            distribution: try make(parameters.map(\.value)),
            method: .methodOfMoments,
            parameters: parameters,
            sample: sample
        )
    }
}
