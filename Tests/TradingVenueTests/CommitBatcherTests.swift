import Testing
import TradingVenue

/// The group-commit state machine without I/O.
@Suite struct CommitBatcherTests {
    func batch(_ action: CommitBatcher<Int>.Action) -> [Int]? {
        if case .commit(let items) = action { return items }
        return nil
    }

    @Test func theFirstItemCommitsAloneAtOnce() {
        var batcher = CommitBatcher<Int>()
        #expect(batch(batcher.submit(1)) == [1])
        #expect(batcher.isCommitting)
    }

    @Test func itemsArrivingDuringACommitGoTogetherIntoTheNextOne() {
        var batcher = CommitBatcher<Int>()
        _ = batcher.submit(1)
        for item in 2...5 {
            guard case .wait = batcher.submit(item) else {
                Issue.record("item \(item) should wait for the commit in flight")
                return
            }
        }
        #expect(batcher.waiting == [2, 3, 4, 5])
        #expect(batch(batcher.commitFinished()) == [2, 3, 4, 5])
        #expect(batcher.isCommitting)
        guard case .idle = batcher.commitFinished() else {
            Issue.record("nothing waits: the batcher should be idle")
            return
        }
        #expect(!batcher.isCommitting)
        #expect(batch(batcher.submit(6)) == [6])
    }

    @Test func aBatchTakesAtMostTheMaximumInArrivalOrder() {
        var batcher = CommitBatcher<Int>(maximumBatch: 3)
        _ = batcher.submit(0)
        for item in 1...7 { _ = batcher.submit(item) }
        #expect(batch(batcher.commitFinished()) == [1, 2, 3])
        #expect(batch(batcher.commitFinished()) == [4, 5, 6])
        #expect(batch(batcher.commitFinished()) == [7])
    }

    @Test func aZeroMaximumStillCommitsOneAtATime() {
        var batcher = CommitBatcher<Int>(maximumBatch: 0)
        #expect(batcher.maximumBatch == 1)
        _ = batcher.submit(1)
        _ = batcher.submit(2)
        _ = batcher.submit(3)
        #expect(batch(batcher.commitFinished()) == [2])
    }
}
