import PQ
import Testing

/// The reconnect decisions, driven by events and instants only (no I/O, no clock).
struct PQConnectionStateMachineTests {
    let start = ContinuousClock.now
    let backoff = PQConnectionStateMachine.Backoff(initial: .milliseconds(100), maximum: .milliseconds(350))

    @Test func firstUseConnectsThenUses() {
        var machine = PQConnectionStateMachine(backoff: backoff)
        #expect(machine.operationRequested(now: start) == .connect)
        #expect(machine.connectSucceeded() == .use)
        #expect(machine.state == .connected)
        #expect(machine.operationRequested(now: start) == .use)
    }

    @Test func lostConnectionReconnectsAtOnce() {
        var machine = PQConnectionStateMachine(backoff: backoff)
        _ = machine.operationRequested(now: start)
        _ = machine.connectSucceeded()
        #expect(machine.connectionLost(now: start) == .discardHandle)
        #expect(machine.state == .disconnected(failures: 0, retryAt: start))
        #expect(machine.operationRequested(now: start) == .connect)
        #expect(machine.connectSucceeded() == .use)
    }

    @Test func failedOpensBackOffAndFailFastMeanwhile() {
        var machine = PQConnectionStateMachine(backoff: backoff)
        _ = machine.operationRequested(now: start)
        _ = machine.connectFailed(now: start)
        let firstRetry = start + .milliseconds(100)
        #expect(machine.state == .disconnected(failures: 1, retryAt: firstRetry))
        #expect(machine.operationRequested(now: start + .milliseconds(50)) == .failFast(retryAt: firstRetry))
        #expect(machine.operationRequested(now: firstRetry) == .connect)
        _ = machine.connectFailed(now: firstRetry)
        #expect(machine.state == .disconnected(failures: 2, retryAt: firstRetry + .milliseconds(200)))
        _ = machine.connectFailed(now: firstRetry)
        // 400 ms would exceed the maximum: capped.
        #expect(machine.state == .disconnected(failures: 3, retryAt: firstRetry + .milliseconds(350)))
        #expect(machine.operationRequested(now: firstRetry + .milliseconds(350)) == .connect)
        #expect(machine.connectSucceeded() == .use)
        #expect(machine.state == .connected)
    }

    @Test func backoffDoublesUpToTheMaximum() {
        #expect(backoff.delay(afterFailures: 0) == .milliseconds(100))
        #expect(backoff.delay(afterFailures: 1) == .milliseconds(100))
        #expect(backoff.delay(afterFailures: 2) == .milliseconds(200))
        #expect(backoff.delay(afterFailures: 3) == .milliseconds(350))
        #expect(backoff.delay(afterFailures: 60) == .milliseconds(350))
    }

    @Test func closedRefusesEverythingAndDropsAConnectInFlight() {
        var machine = PQConnectionStateMachine(backoff: backoff)
        _ = machine.operationRequested(now: start)
        _ = machine.connectSucceeded()
        #expect(machine.close() == .discardHandle)
        #expect(machine.operationRequested(now: start) == .refuse)
        #expect(machine.connectionLost(now: start) == .none)
        #expect(machine.connectSucceeded() == .discardHandle)
        #expect(machine.state == .closed)
        var idle = PQConnectionStateMachine(backoff: backoff)
        #expect(idle.close() == .none)
        #expect(idle.operationRequested(now: start) == .refuse)
    }

    @Test func lossWhileNotConnectedChangesNothing() {
        var machine = PQConnectionStateMachine(backoff: backoff)
        #expect(machine.connectionLost(now: start) == .none)
        #expect(machine.state == .idle)
    }
}
