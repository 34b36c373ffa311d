import Foundation
import Locking
import ProcessHardening
import Sodium
import Vault

/// What `seal exec` runs: the secrets map, the command, and the environment both come from.
public struct SecretsExecRequest: Sendable {
    /// The `secrets.toml`.
    public var configPath: String
    /// The command and its arguments.
    public var command: [String]
    /// The environment: the `VAULT_*` configuration, and what the child inherits (without `VAULT_*`/`BAO_*`).
    public var environment: [String: String]

    /// A request.
    public init(configPath: String, command: [String], environment: [String: String]) {
        self.configPath = configPath
        self.command = command
        self.environment = environment
    }
}

/// `seal exec` as one call.
public enum SecretsExec {
    /// Hardens the process, logs in, reads every secret, runs the child under ``ExecSupervisor`` and returns
    /// the exit status: the child's, 128 + N when it died of signal N, ``SupervisorStateMachine/cannotStart``
    /// when it could not be started (what went wrong is said on standard error).
    public static func run(_ request: SecretsExecRequest) async -> Int32 {
        ExecSupervisor.hardenProcess()
        StandardError.ignoreBrokenPipes()
        let supervisor: ExecSupervisor
        do {
            supervisor = try await ExecSupervisor.start(request)
        } catch {
            ExecSupervisor.say(error.description)
            return SupervisorStateMachine.cannotStart
        }
        return await supervisor.supervise()
    }
}

/// The thin async driver of ``SupervisorStateMachine``: it starts and waits for the child, feeds it signals,
/// the clock and the answers of the renewals it asks for, runs the watch loop, and carries out its actions.
public final class ExecSupervisor: Sendable {
    /// The parsed secrets map.
    public let policy: SecretsPolicy
    let client: VaultClient
    let request: SecretsExecRequest
    let machine: LockedState<SupervisorStateMachine>
    private let events: AsyncStream<SupervisorStateMachine.Event>
    let emit: AsyncStream<SupervisorStateMachine.Event>.Continuation
    /// The instant the machine's clock counts from.
    let origin = ContinuousClock.now
    /// The requests and timers in flight, cancelled when supervision ends.
    let inFlight = LockedState<[Int: Task<Void, Never>]>([:])
    /// The timer of the machine's next ``SupervisorStateMachine/Action/wakeUp(at:)``.
    let alarm = LockedState<Task<Void, Never>?>(nil)

    private init(policy: SecretsPolicy, client: VaultClient, request: SecretsExecRequest, secrets: SecretSet) {
        self.policy = policy
        self.client = client
        self.request = request
        machine = LockedState(SupervisorStateMachine(rules: .init(policy), secrets: secrets))
        (events, emit) = AsyncStream.makeStream(of: SupervisorStateMachine.Event.self)
    }

    /// Prints `seal exec: <message>` on standard error, one prefix per line; a failed write is ignored.
    public static func say(_ message: String) {
        for line in message.split(separator: "\n", omittingEmptySubsequences: false) {
            StandardError.write("seal exec: \(line)\n")
        }
    }

    /// No core dumps of the supervisor, which holds the token and the values: the soft core limit goes to 0
    /// and the process is marked not dumpable (``ProcessHardening``). The child inherits the soft limit of 0
    /// (it may raise it itself) and is dumpable again after `execve`.
    public static func hardenProcess() {
        for what in ProcessHardening.disableCoreDumps() {
            say("warning: could not apply \(what); a core dump could hold secrets")
        }
    }

    /// Loads the configuration, logs in and reads every reference; throws before any child exists.
    /// - Throws: ``SecretsExecError`` (configuration or Vault, with the cause as `underlying`).
    public static func start(_ request: SecretsExecRequest) async throws(SecretsExecError) -> ExecSupervisor {
        let path = request.configPath
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SecretsExecError(.configuration, "\(path): cannot read the configuration")
        }
        let policy: SecretsPolicy
        let client: VaultClient
        do throws(VaultError) {
            policy = try SecretsPolicy(toml: String(decoding: data, as: UTF8.self), source: path)
            for line in SecretFile.removeLeftovers(policy.files.map(\.path)) { say(line) }
            let configuration = try VaultConfiguration(policy: policy, environment: request.environment)
            for warning in configuration.warnings { say(warning) }
            client = try VaultClient(configuration: configuration)
        } catch {
            throw SecretsExecError(.configuration, "", underlying: error)
        }
        do {
            say(try await client.login(policy.settings))
            let secrets: SecretSet
            do throws(SecretSet.ResolutionError) {
                secrets = try await SecretSet.read(policy.references, client: client)
            } catch {
                await revoke(error.leases, client: client, why: "not used: the child is not started")
                if SupervisorStateMachine.Rules(policy).revokeToken { await revokeToken(client: client) }
                throw error
            }
            for (path, lease) in secrets.leases.sorted(by: { $0.key < $1.key }) {
                say("read \(path) with a \(lease)")
            }
            return ExecSupervisor(policy: policy, client: client, request: request, secrets: secrets)
        } catch {
            await client.shutdown()
            throw SecretsExecError(.vault, "", underlying: error)
        }
    }

    /// Revokes each lease, saying so; a failure is reported and left to the lease's own expiry.
    static func revoke(_ leases: [SecretLease], client: VaultClient, why: String) async {
        for lease in leases.sorted(by: { $0.id < $1.id }) {
            do {
                try await client.revokeLease(lease.id)
                say("revoked \(lease) (\(why))")
            } catch {
                say("could not revoke \(lease) (\(error.code)); it expires by itself")
            }
        }
    }

    /// Revokes the token `seal exec` logged in with (`auth/token/revoke-self`), saying so.
    static func revokeToken(client: VaultClient) async {
        do {
            try await client.revokeSelf()
            say("revoked the token it logged in with")
        } catch {
            say("could not revoke the token it logged in with (\(error.code)); it expires by itself")
        }
    }

    // MARK: Supervision

    /// Runs the child until it exits for good; returns the exit status for `seal exec`.
    public func supervise() async -> Int32 {
        let signalSources = installSignalForwarding()
        defer { for source in signalSources { source.cancel() } }
        let watch = Task { await self.watchLoop() }
        defer {
            watch.cancel()
            alarm.withLock { $0?.cancel() }
            for task in inFlight.withLock({ $0.values }) { task.cancel() }
        }
        if let status = await perform(machine.withLock { $0.start(now: .zero) }) { return status }
        for await event in events {
            if let status = await perform(machine.withLock { $0.handle(event) }) { return status }
        }
        return SupervisorStateMachine.cannotStart
    }

    /// Carries out `actions` in order (with what they lead to); returns the exit status once the machine stops.
    private func perform(_ actions: [SupervisorStateMachine.Action]) async -> Int32? {
        var queue = actions[...]
        while let action = queue.popFirst() {
            switch action {
            case .spawn(let secrets):
                let event: SupervisorStateMachine.Event
                do throws(SecretsExecError) {
                    event = .started(pid: try spawn(secrets))
                } catch {
                    event = .spawnFailed(error.description)
                }
                queue += machine.withLock { $0.handle(event) }
            case .signal(let pid, let number):
                kill(pid, number)
            case .writeFiles(let secrets):
                do throws(SecretsExecError) {
                    try writeFiles(secrets)
                } catch {
                    ExecSupervisor.say(error.description)
                }
            case .revoke(let leases, let why):
                await ExecSupervisor.revoke(leases, client: client, why: why)
            case .say(let message):
                ExecSupervisor.say(message)
            case .startStopTimer(let pid):
                let emit = self.emit
                Task {
                    try? await Task.sleep(for: .seconds(10))
                    emit.yield(.stopTimerFired(pid: pid))
                }
            case .startSettleTimer(let pid):
                let emit = self.emit
                Task {
                    try? await Task.sleep(for: SupervisorStateMachine.settleTime)
                    emit.yield(.settled(pid: pid))
                }
            case .lookUpToken, .renewToken, .renewLease, .reread:
                ask(action)
            case .wakeUp(let instant):
                wake(at: instant)
            case .stop(let status, let leases, let revokingToken):
                for (path, _) in policy.files { SecretFile.remove(path) }
                await ExecSupervisor.revoke(leases, client: client, why: "the child has exited")
                if revokingToken { await ExecSupervisor.revokeToken(client: client) }
                await client.shutdown()
                return status
            }
        }
        return nil
    }

    /// Writes the files and starts the child with `secrets`; returns its process id.
    private func spawn(_ secrets: SecretSet) throws(SecretsExecError) -> Int32 {
        let values = policy.environment.map { ($0.name, secrets.values[$0.reference]!) }
        try ChildProcess.checkEnvironmentValues(values)
        try writeFiles(secrets)
        var environment = request.environment
        for key in environment.keys where key.hasPrefix("VAULT_") || key.hasPrefix("BAO_") {
            environment[key] = nil
        }
        let child: ChildProcess
        do {
            child = try ChildProcess(arguments: request.command, environment: environment, secrets: values)
        } catch let error as SecretsExecError {
            throw error
        } catch {
            throw SecretsExecError(.cannotStart, "cannot start \(request.command[0])", underlying: error)
        }
        let emit = self.emit
        Task.detached {
            let code = await child.wait()
            emit.yield(.exited(pid: child.pid, status: code))
        }
        return child.pid
    }

    private func writeFiles(_ secrets: SecretSet) throws(SecretsExecError) {
        for (path, reference) in policy.files {
            try SecretFile.write(path, secrets.values[reference]!, reference: reference)
        }
    }

    private func installSignalForwarding() -> [any DispatchSourceSignal] {
        let queue = DispatchQueue(label: "seal.exec.signals")
        return ChildProcess.forwardedSignals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            let emit = self.emit
            source.setEventHandler { emit.yield(.signal(number)) }
            source.resume()
            return source
        }
    }
}
