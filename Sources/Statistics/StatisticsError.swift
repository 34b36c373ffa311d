/// A statistical computation that could not be carried out on the sample it was given.
///
/// A model that fits badly is not an error: that is a goodness-of-fit verdict. Errors are for samples on which
/// the model cannot be fitted at all (too few points, all equal, values outside the support).
public struct StatisticsError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case tooFewPoints, degenerateSample, outsideSupport, invalidParameter, notConverged
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The sample has fewer points than the fit or test needs.
        public static let tooFewPoints = Code(.tooFewPoints)
        /// The sample has no spread (all values equal) or no dispersion the model can express.
        public static let degenerateSample = Code(.degenerateSample)
        /// A value lies outside the distribution's support (for example a negative count or a zero for LogNormal).
        public static let outsideSupport = Code(.outsideSupport)
        /// A distribution parameter is outside its valid range.
        public static let invalidParameter = Code(.invalidParameter)
        /// An iterative fit did not converge.
        public static let notConverged = Code(.notConverged)

        /// A short name of the code.
        public var description: String {
            switch base {
            case .tooFewPoints: "too few points"
            case .degenerateSample: "degenerate sample"
            case .outsideSupport: "value outside the support"
            case .invalidParameter: "invalid parameter"
            case .notConverged: "not converged"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// What was wrong, in words a user can act on.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
    /// Errors compare on their code only.
    public static func == (lhs: StatisticsError, rhs: StatisticsError) -> Bool { lhs.code == rhs.code }
    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
