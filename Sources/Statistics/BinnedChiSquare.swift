/// A chi-square goodness-of-fit test with the cells it was computed on, so that others can recompute it.
public struct BinnedChiSquare: Hashable, Sendable, Codable {
    /// The test.
    public let test: TestResult
    /// Each cell's lower edge; a cell ends where the next begins, and the last is open above. For a discrete
    /// model cell i holds the integers in [lowerEdges[i], lowerEdges[i + 1]).
    public let lowerEdges: [Double]
    /// Observed counts per cell.
    public let observed: [Int]
    /// Expected counts per cell under the model.
    public let expected: [Double]

    /// Creates a record.
    public init(test: TestResult, lowerEdges: [Double], observed: [Int], expected: [Double]) {
        self.test = test
        self.lowerEdges = lowerEdges
        self.observed = observed
        self.expected = expected
    }
}
