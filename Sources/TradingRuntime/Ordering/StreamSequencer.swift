/// Numbers outgoing messages and checks incoming ones, for many streams at once.
///
/// Each stream has its own counter: `next(for:)` hands out 1, 2, 3, … per stream, and `observe(_:on:)`
/// runs a ``SequenceTracker`` per stream. Streams are created on first use.
public struct StreamSequencer<StreamID: Hashable & Sendable>: Sendable {
    @usableFromInline var outgoing: [StreamID: UInt64] = [:]
    @usableFromInline var incoming: [StreamID: SequenceTracker] = [:]
    @usableFromInline let maximumOpenGaps: Int

    /// Creates a sequencer.
    /// - Parameter maximumOpenGaps: the bound on remembered unfilled ranges per incoming stream.
    @inlinable public init(maximumOpenGaps: Int = 64) {
        self.maximumOpenGaps = maximumOpenGaps
    }

    /// Returns the next sequence number to stamp on a message of `stream` (starting at 1).
    @inlinable public mutating func next(for stream: StreamID) -> UInt64 {
        let value = (outgoing[stream] ?? 0) &+ 1
        outgoing[stream] = value
        return value
    }

    /// Checks an incoming message's sequence number against its stream.
    /// - Parameters:
    ///   - sequence: the number the message carries.
    ///   - stream: the stream it came on.
    /// - Returns: the tracker's verdict.
    @inlinable public mutating func observe(_ sequence: UInt64, on stream: StreamID) -> SequenceVerdict {
        incoming[stream, default: SequenceTracker(maximumOpenGaps: maximumOpenGaps)].observe(sequence)
    }

    /// The tracker of an incoming stream, if a message of it was observed.
    @inlinable public func tracker(for stream: StreamID) -> SequenceTracker? { incoming[stream] }
}
