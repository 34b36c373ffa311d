/// A plot in data coordinates, rendered to SVG by ``SVGRenderer``: bars, curves, points and an optional
/// y = x diagonal (for Q–Q plots).
public struct Figure: Sendable {
    /// A bar from x0 to x1 of height `height`.
    public struct Bar: Sendable {
        let x0: Double
        let x1: Double
        let height: Double
    }
    /// A named polyline.
    public struct Curve: Sendable {
        let label: String
        let points: [(Double, Double)]
    }

    /// The plot's title.
    public let title: String
    /// The x axis label.
    public let xLabel: String
    /// The y axis label.
    public let yLabel: String
    var bars: [Bar] = []
    var curves: [Curve] = []
    var points: [(Double, Double)] = []
    var diagonal = false

    init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }
}
