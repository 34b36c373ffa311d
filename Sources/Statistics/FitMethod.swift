/// How a distribution's parameters were estimated.
public enum FitMethod: String, Hashable, Sendable, Codable {
    /// Maximum likelihood.
    case maximumLikelihood = "mle"
    /// The method of moments.
    case methodOfMoments = "moments"
}
