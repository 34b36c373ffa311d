/// One entry of a symbol's event log: what changes the book, in the order it happened.
///
/// The log holds commands and their outcomes: an order admitted to the book (or a cancel) followed by every
/// report the book gave for it. Applying the log in order (``MatchingEngine/apply(_:)``) rebuilds the book,
/// because matching is deterministic; the reports let the replay check, event by event, that it reproduces
/// what was decided when the entries were written. Events are plain values with a stable encoding
/// (``jsonBytes`` and ``init(jsonBytes:)``, format in `docs/architecture.md`), so a store can keep them.
public enum BookEvent: Sendable, Hashable {
    /// An order that passed the intake's checks; applying it matches it against the book.
    case admitted(NewOrder)
    /// An open order canceled at its owner's request.
    case canceled(orderId: UInt64)
    /// A report the book gave for the preceding ``admitted(_:)`` or ``canceled(orderId:)``.
    case reported(ExecutionReport)

    /// The version of the encoding this build writes and reads.
    public static let encodingVersion = 1
}
