/// What ``ReleasePipeline`` reports as it goes: a step starts, a step is done (with what it produced and how
/// long it took). The caller decides how to show it (a live line on a terminal, plain lines in a log).
public enum ReleaseProgress: Sendable, Hashable {
    /// A step started.
    case started(step: String)
    /// A step finished after `seconds`, with a one-line summary.
    case finished(step: String, summary: String, seconds: Double)

    /// The line a log shows for this event.
    public var line: String {
        switch self {
        case .started(let step): "release: \(step)…"
        case .finished(let step, let summary, let seconds):
            "release: \(step): \(summary) (\(String(format: "%.1f", seconds)) s)"
        }
    }
}
