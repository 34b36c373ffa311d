import Foundation
import TOMLPrecheck
import Vault

extension ExecSupervisor {
    /// Carries out one request of the machine in its own task and feeds the answer back as an event.
    func ask(_ action: SupervisorStateMachine.Action) {
        let client = self.client
        let emit = self.emit
        // Registered under the lock before it can finish, removed by itself when it has answered.
        inFlight.withLock { tasks in
            let id = (tasks.keys.max() ?? 0) + 1
            tasks[id] = Task {
                if let event = await ExecSupervisor.answer(action, client: client) { emit.yield(event) }
                self.inFlight.withLock { $0[id] = nil }
            }
        }
    }

    /// The server's answer to a request, as the event the machine expects.
    static func answer(
        _ action: SupervisorStateMachine.Action,
        client: VaultClient
    ) async -> SupervisorStateMachine.Event? {
        switch action {
        case .lookUpToken:
            do {
                let info = try await client.lookupSelf()
                return .tokenLookedUp(ttl: info.ttl, creationTTL: info.creationTTL, renewable: info.renewable)
            } catch {
                return .tokenLookupFailed(error.code, retryable: error.code.isTransient)
            }
        case .renewToken(let increment):
            do {
                let auth = try await client.renewSelf(increment: increment)
                return .tokenRenewed(ttl: auth.leaseDuration, renewable: auth.renewable)
            } catch {
                return .tokenRenewFailed(error.code, retryable: error.code.isTransient)
            }
        case .renewLease(let path, let lease, let increment):
            do {
                let renewed = try await client.renewLease(lease.id, increment: increment)
                return .leaseRenewed(path: path, ttl: renewed.leaseDuration, renewable: renewed.renewable)
            } catch {
                return .leaseRenewFailed(path: path, code: error.code, retryable: error.code.isTransient)
            }
        case .reread(let path):
            do {
                return .credentialsRead(try await client.readSecret(path))
            } catch {
                return .rereadFailed(
                    path: path,
                    code: error.code,
                    retryable: error.code.isTransient,
                    message: error.description
                )
            }
        default:
            return nil
        }
    }

    /// Arms the one timer that sends the machine ``SupervisorStateMachine/Event/tick(now:)`` at `instant`.
    func wake(at instant: Duration) {
        let origin = self.origin
        let emit = self.emit
        let deadline = origin + min(instant, .seconds(DurationText.maximumSeconds))
        let timer = Task {
            try? await Task.sleep(until: deadline, clock: .continuous)
            if Task.isCancelled { return }
            emit.yield(.tick(now: ContinuousClock.now - origin))
        }
        alarm.withLock { armed in
            armed?.cancel()
            armed = timer
        }
    }

    /// Polls the secrets every `[watch] interval` (±10% jitter) and reports changes, losses and recoveries.
    func watchLoop() async {
        let interval = Self.seconds(policy.watch.interval)
        guard interval > 0 else { return }
        var outage = false
        var lost = false
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int64(interval * Double.random(in: 0.9...1.1) * 1000)))
            if Task.isCancelled { return }
            do {
                let current = machine.withLock { $0.secrets }
                let next = try await SecretSet.read(policy.references, client: client, reusing: current)
                if outage || lost {
                    outage = false
                    lost = false
                    emit.yield(.recovered("the secrets are readable again"))
                }
                // Dynamic secrets are reused, not polled: their changes come from their lease loops.
                let latest = machine.withLock { $0.secrets }
                let changed = next.fingerprints.keys.sorted().filter {
                    next.leases[$0] == nil && next.fingerprints[$0] != latest.fingerprints[$0]
                }
                if !changed.isEmpty {
                    let versions = changed.map { id in next.versions[id].map { "\(id) (version \($0))" } ?? id }
                    emit.yield(.secretChanged(next, what: versions.joined(separator: ", ")))
                }
            } catch {
                let codes = error.failures.map(\.error.code)
                let transient = codes.allSatisfy(\.isTransient)
                if transient {
                    if !outage {
                        ExecSupervisor.say("the server is unavailable (\(codes.first!)); the child keeps running")
                    }
                    outage = true
                } else if !lost {
                    lost = true
                    emit.yield(.lost("a secret can no longer be read:\n\(error)"))
                }
            }
        }
    }

    /// Seconds of a `Duration`.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
