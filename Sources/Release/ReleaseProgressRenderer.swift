/// How `seal release` shows ``ReleaseProgress``. On a terminal (`live`) a started step is drawn as
/// `\r\e[K<line>` without a newline and replaced by its finished line; in a log every event is a line of its own.
///
/// It remembers whether a live line is drawn, so that whatever is written next (an error, a report) starts on
/// a line of its own instead of after `release: build…`: call ``close()`` before writing anything else.
public struct ReleaseProgressRenderer: Sendable, Hashable {
    /// Carriage return and erase-to-end-of-line: what a live line starts with.
    public static let clearLine = "\r\u{1B}[K"

    /// Whether events are drawn as a live line (standard error is a terminal).
    public let live: Bool
    /// Whether a started step's live line is drawn without its newline.
    public private(set) var lineIsOpen = false

    /// A renderer for a terminal (`live`) or a log.
    public init(live: Bool) {
        self.live = live
    }

    /// The text to write for `event`.
    public mutating func render(_ event: ReleaseProgress) -> String {
        guard live else { return event.line + "\n" }
        switch event {
        case .started:
            lineIsOpen = true
            return Self.clearLine + event.line
        case .finished:
            lineIsOpen = false
            return Self.clearLine + event.line + "\n"
        }
    }

    /// The text to write before anything that is not progress: a newline that ends a drawn live line, which
    /// stays on the screen naming the step that stopped; nothing when no line is open.
    public mutating func close() -> String {
        defer { lineIsOpen = false }
        return lineIsOpen ? "\n" : ""
    }
}
