import Foundation
import Testing
import TradingRuntime

@Suite struct OrderingTests {
    @Test func sequenceTrackerReportsInOrderGapLateFillAndDuplicate() {
        var tracker = SequenceTracker()
        #expect(tracker.observe(1) == .inOrder)
        #expect(tracker.observe(2) == .inOrder)
        #expect(tracker.observe(6) == .gap(missing: 3...5))
        #expect(tracker.expected == 7)
        #expect(tracker.missingCount == 3)
        #expect(tracker.observe(4) == .lateFill)
        #expect(tracker.openGaps == [3...3, 5...5])
        #expect(tracker.observe(4) == .duplicate)
        #expect(tracker.observe(2) == .duplicate)
        #expect(tracker.observe(3) == .lateFill)
        #expect(tracker.observe(5) == .lateFill)
        #expect(tracker.openGaps.isEmpty)
        #expect(tracker.observe(7) == .inOrder)
        #expect(tracker.observe(7) == .duplicate)
    }

    @Test func sequenceTrackerBoundsOpenGapsAndCountsLoss() {
        var tracker = SequenceTracker(maximumOpenGaps: 2)
        _ = tracker.observe(1)
        _ = tracker.observe(3)  // gap 2
        _ = tracker.observe(6)  // gap 4...5
        _ = tracker.observe(8)  // gap 7: the gap 2 is given up
        #expect(tracker.openGaps == [4...5, 7...7])
        #expect(tracker.lostCount == 1)
        #expect(tracker.observe(2) == .duplicate)
    }

    /// Against a reference model (a set of seen numbers) on a shuffled, duplicated stream.
    @Test func sequenceTrackerAgreesWithSetModel() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var stream = Array(UInt64(1)...200)
            stream += (0..<40).map { _ in UInt64.random(in: 1...200, using: &generator) }
            stream.shuffle(using: &generator)
            var tracker = SequenceTracker(maximumOpenGaps: 10_000)
            var seen = Set<UInt64>()
            var highest: UInt64 = 0
            for value in stream {
                let verdict = tracker.observe(value)
                let expected: SequenceVerdict
                if seen.contains(value) {
                    expected = .duplicate
                } else if value == highest + 1 {
                    expected = .inOrder
                } else if value > highest + 1 {
                    expected = .gap(missing: (highest + 1)...(value - 1))
                } else {
                    expected = .lateFill
                }
                #expect(verdict == expected, "value \(value)")
                seen.insert(value)
                highest = max(highest, value)
            }
            #expect(tracker.openGaps.isEmpty)
        }
    }

    @Test func streamSequencerNumbersEachStreamSeparately() {
        var sequencer = StreamSequencer<String>()
        #expect(sequencer.next(for: "a") == 1)
        #expect(sequencer.next(for: "a") == 2)
        #expect(sequencer.next(for: "b") == 1)
        #expect(sequencer.observe(1, on: "x") == .inOrder)
        #expect(sequencer.observe(1, on: "y") == .inOrder)
        #expect(sequencer.observe(3, on: "x") == .gap(missing: 2...2))
        #expect(sequencer.tracker(for: "x")?.expected == 4)
        #expect(sequencer.tracker(for: "z") == nil)
    }

    @Test func lamportClockRespectsCausality() {
        var a = LamportClock()
        var b = LamportClock(time: 10)
        let send = a.tick()
        #expect(send == 1)
        let receive = b.receive(send)
        #expect(receive == 11)
        let reply = b.tick()
        let back = a.receive(reply)
        #expect(back > reply)
        #expect(back == 13)
    }

    @Test func vectorClockRelations() {
        var p = VectorClock()
        var q = VectorClock()
        p.increment("p")  // p:1
        let sent = p
        q.receive(sent, on: "q")  // p:1 q:1
        #expect(sent.happensBefore(q))
        #expect(q.relation(to: sent) == .after)
        p.increment("p")  // p:2
        #expect(p.isConcurrent(with: q))
        #expect(q.isConcurrent(with: p))
        let merged = p.merging(q)
        #expect(merged == VectorClock(["p": 2, "q": 1]))
        #expect(p.happensBefore(merged) && q.happensBefore(merged))
        #expect(merged.relation(to: merged) == .equal)
        #expect(VectorClock(["p": 0]) == VectorClock())
    }

    /// Happens-before from vector clocks equals reachability in a random message-passing run.
    @Test func vectorClockMatchesExplicitCausalHistory() {
        var generator = SystemRandomNumberGenerator()
        let nodes = ["a", "b", "c"]
        var clocks = [String: VectorClock]()
        var histories = [String: Set<Int>]()  // events known to have happened before the node's current state
        var events: [(clock: VectorClock, history: Set<Int>)] = []
        for node in nodes {
            clocks[node] = VectorClock()
            histories[node] = []
        }
        for id in 0..<300 {
            let node = nodes.randomElement(using: &generator)!
            if !events.isEmpty, Bool.random(using: &generator) {
                let sent = Int.random(in: 0..<events.count, using: &generator)
                clocks[node]!.receive(events[sent].clock, on: node)
                histories[node]!.formUnion(events[sent].history)
                histories[node]!.insert(sent)
            } else {
                clocks[node]!.increment(node)
            }
            let history = histories[node]!
            events.append((clocks[node]!, history))
            histories[node]!.insert(id)
        }
        for _ in 0..<2000 {
            let i = Int.random(in: 0..<events.count, using: &generator)
            let j = Int.random(in: 0..<events.count, using: &generator)
            guard i != j else { continue }
            let before = events[j].history.contains(i)
            let after = events[i].history.contains(j)
            let relation = events[i].clock.relation(to: events[j].clock)
            if before {
                #expect(relation == .before)
            } else if after {
                #expect(relation == .after)
            } else {
                #expect(relation == .concurrent)
            }
        }
    }

    @Test func eventStamperProducesOrderedPersistableEvents() throws {
        var stamper = EventStamper()
        let first = stamper.stamp("placed", on: "orders", wallClockMicros: 1_700_000_000_000_000)
        let second = stamper.stamp("filled", on: "venue", wallClockMicros: 1_700_000_000_000_100, causedBy: 41)
        let third = stamper.stamp("cancelled", on: "orders", wallClockMicros: 1_700_000_000_000_200)
        #expect(first.sequence == 1 && second.sequence == 1 && third.sequence == 2)
        #expect(first.lamport == 1 && second.lamport == 42 && third.lamport == 43)
        #expect([third, first, second].sorted { $0.orderKey < $1.orderKey } == [first, second, third])
        let data = try JSONEncoder().encode(second)
        let decoded = try JSONDecoder().decode(OrderedEvent<String>.self, from: data)
        #expect(decoded == second)
    }
}
