/// Checks the sequence numbers of one stream: each message must carry the next number.
///
/// A stream (a user-data stream, a depth stream, the service's own event log) numbers its messages 1, 2, 3, ….
/// The tracker says for each number it observes whether it is the next one, skips some (a gap), repeats one
/// already seen (a duplicate), or arrives late to fill a gap reported earlier. It remembers up to
/// `maximumOpenGaps` unfilled ranges; the oldest is given up as lost beyond that, so memory stays bounded.
/// Every operation is O(1) except a late fill, which is O(open gaps).
public struct SequenceTracker: Sendable {
    /// The number the next in-order message must carry.
    public private(set) var expected: UInt64
    /// Ranges reported as gaps that have not been filled yet, oldest first.
    public private(set) var openGaps: [ClosedRange<UInt64>] = []
    /// How many open ranges are kept before the oldest is given up.
    public let maximumOpenGaps: Int
    /// Numbers given up because more than `maximumOpenGaps` ranges were open.
    public private(set) var lostCount: UInt64 = 0

    /// Creates a tracker that expects `first` next.
    /// - Parameters:
    ///   - first: the first number the stream will carry (Binance streams and Bot4's log start at 1).
    ///   - maximumOpenGaps: the bound on remembered unfilled ranges (at least 1).
    public init(first: UInt64 = 1, maximumOpenGaps: Int = 64) {
        precondition(maximumOpenGaps >= 1, "SequenceTracker needs room for at least one open gap")
        self.expected = first
        self.maximumOpenGaps = maximumOpenGaps
    }

    /// Observes one message's sequence number and returns what it means.
    /// - Parameter sequence: the number the message carries.
    /// - Returns: the verdict; the tracker's state advances for `.inOrder` and `.gap`, and a `.lateFill` closes
    ///   (part of) an open gap.
    public mutating func observe(_ sequence: UInt64) -> SequenceVerdict {
        if sequence == expected {
            expected &+= 1
            return .inOrder
        }
        if sequence > expected {
            let missing = expected...(sequence - 1)
            openGaps.append(missing)
            if openGaps.count > maximumOpenGaps {
                let dropped = openGaps.removeFirst()
                lostCount &+= dropped.upperBound - dropped.lowerBound + 1
            }
            expected = sequence &+ 1
            return .gap(missing: missing)
        }
        if let index = openGaps.firstIndex(where: { $0.contains(sequence) }) {
            let range = openGaps[index]
            var replacement: [ClosedRange<UInt64>] = []
            if range.lowerBound < sequence { replacement.append(range.lowerBound...(sequence - 1)) }
            if sequence < range.upperBound { replacement.append((sequence + 1)...range.upperBound) }
            openGaps.replaceSubrange(index...index, with: replacement)
            return .lateFill
        }
        return .duplicate
    }

    /// The number of messages still missing in open gaps.
    public var missingCount: UInt64 {
        openGaps.reduce(0) { $0 + ($1.upperBound - $1.lowerBound + 1) }
    }
}

/// What one observed sequence number means for its stream.
public enum SequenceVerdict: Hashable, Sendable {
    /// The number expected next.
    case inOrder
    /// Numbers were skipped: `missing` never arrived (yet). The message itself is accepted.
    case gap(missing: ClosedRange<UInt64>)
    /// A number reported missing earlier has arrived.
    case lateFill
    /// A number already seen (or given up as lost): the message must not be applied again.
    case duplicate
}
