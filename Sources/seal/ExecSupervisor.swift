import ArgumentParser
import Foundation
import ProcessHardening
import Sodium
import Synchronization
import Vault

/// The supervisor behind `seal exec`: authenticates, resolves, starts, forwards signals, renews, watches.
final class ExecSupervisor: Sendable {
    let policy: SecretsPolicy
    let client: VaultClient
    let command: [String]
    private let state: Mutex<State>
    private let events: AsyncStream<Event>
    private let emit: AsyncStream<Event>.Continuation

    private struct State: @unchecked Sendable {
        // @unchecked Sendable: lives only inside the Mutex.
        var secrets: SecretSet
        var child: ChildProcess?
        var lost = false
    }

    private enum Event: Sendable {
        case exited(pid: pid_t, status: Int32)
        case changed(SecretSet, String)
        case leaseReplaced(VaultSecret)
        case lost(String)
        case recovered(String)
        case stopTimeout(pid: pid_t)
    }

    private init(policy: SecretsPolicy, client: VaultClient, command: [String], secrets: SecretSet) {
        self.policy = policy
        self.client = client
        self.command = command
        state = Mutex(State(secrets: secrets))
        (events, emit) = AsyncStream.makeStream(of: Event.self)
    }

    /// Prints `seal exec: <message>` on standard error.
    static func say(_ message: String) {
        for line in message.split(separator: "\n", omittingEmptySubsequences: false) {
            FileHandle.standardError.write(Data("seal exec: \(line)\n".utf8))
        }
    }

    /// No core dumps of the supervisor, which holds the token and the values: the soft core limit goes to 0
    /// and the process is marked not dumpable (``ProcessHardening``). The child inherits the soft limit of 0
    /// (it may raise it itself) and is dumpable again after `execve`.
    static func hardenProcess() {
        for what in ProcessHardening.disableCoreDumps() {
            say("warning: could not apply \(what); a core dump could hold secrets")
        }
    }

    /// Loads the configuration, authenticates and reads every reference; throws before any child exists.
    static func start(configPath: String, command: [String]) async throws -> ExecSupervisor {
        guard let data = FileManager.default.contents(atPath: configPath) else {
            throw VaultError(.configuration, "\(configPath): cannot read the configuration")
        }
        let policy = try SecretsPolicy(toml: String(decoding: data, as: UTF8.self), source: configPath)
        var configuration = try VaultConfiguration(environment: ProcessInfo.processInfo.environment)
        for warning in configuration.warnings { say(warning) }
        if let address = policy.settings.address { configuration.address = address }
        if let namespace = policy.settings.namespace { configuration.namespace = namespace }
        if policy.settings.auth == .approle { configuration.token = nil }
        let client = try VaultClient(configuration: configuration)
        do {
            try await authenticate(client, policy: policy)
            let secrets: SecretSet
            do {
                secrets = try await SecretSet.read(policy.references, client: client)
            } catch {
                await revoke(error.leases, client: client, why: "not used: the child is not started")
                throw error
            }
            for (path, lease) in secrets.leases.sorted(by: { $0.key < $1.key }) {
                say("read \(path) with a \(lease)")
            }
            return ExecSupervisor(policy: policy, client: client, command: command, secrets: secrets)
        } catch {
            await client.shutdown()
            throw error
        }
    }

    private static func authenticate(_ client: VaultClient, policy: SecretsPolicy) async throws {
        switch policy.settings.auth {
        case .token:
            guard client.token != nil else {
                throw VaultError(.configuration, "auth = \"token\" but VAULT_TOKEN is not set")
            }
            let info = try await client.lookupSelf()
            say("authenticated with a token (\(info))")
        case .approle:
            let roleID = try readTrimmed(policy.settings.roleIDFile!, what: "role_id_file")
            let secretFile = try readSecureTrimmed(policy.settings.secretIDFile!, what: "secret_id_file")
            let secretID: SecureBytes
            if policy.settings.secretIDWrapped {
                secretID = try await client.unwrapSecretID(
                    wrappingToken: secretFile,
                    mount: policy.settings.appRoleMount
                )
            } else {
                secretID = secretFile
            }
            let auth = try await client.loginAppRole(
                roleID: roleID,
                secretID: secretID,
                mount: policy.settings.appRoleMount
            )
            say("logged in with AppRole (\(auth))")
        }
    }

    private static func readTrimmed(_ path: String, what: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw VaultError(.configuration, "[vault] \(what) \(path): cannot read it")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func readSecureTrimmed(_ path: String, what: String) throws -> SecureBytes {
        guard var bytes = FileManager.default.contents(atPath: path).map(Array.init) else {
            throw VaultError(.configuration, "[vault] \(what) \(path): cannot read it")
        }
        while let last = bytes.last, last == 0x0A || last == 0x0D || last == 0x20 { bytes.removeLast() }
        return try SecureBytes(consuming: &bytes)
    }

    // MARK: Supervision

    /// Runs the child until it exits for good; returns the exit status for `seal exec`.
    func supervise() async -> Int32 {
        let signalSources = installSignalForwarding()
        defer { for source in signalSources { source.cancel() } }
        let leased = state.withLock { $0.secrets.secretsWithLeases }
        let background =
            [
                Task { await self.renewTokenLoop() },
                Task { await self.watchLoop() },
            ] + leased.map { secret in Task { await self.leaseLoop(secret) } }
        defer { for task in background { task.cancel() } }
        var status: Int32 = ExecCommand.cannotStart.rawValue
        do {
            try spawn()
        } catch {
            ExecSupervisor.say((error as? CLIError)?.message ?? String(describing: error))
            removeFiles()
            await finish()
            return ExecCommand.cannotStart.rawValue
        }
        var pending: SecretSet?
        var stopping = false
        loop: for await event in events {
            switch event {
            case .exited(let pid, let code):
                guard pid == state.withLock({ $0.child?.pid }) else { continue }
                state.withLock { $0.child = nil }
                if let next = pending, !stopping {
                    pending = nil
                    let previous = state.withLock { s in
                        defer { s.secrets = next }
                        return s.secrets
                    }
                    await retire(previous, keeping: next)
                    do {
                        try spawn()
                        ExecSupervisor.say("restarted the child with the new secret versions")
                        continue
                    } catch {
                        ExecSupervisor.say((error as? CLIError)?.message ?? String(describing: error))
                        status = ExecCommand.cannotStart.rawValue
                        break loop
                    }
                }
                status = code
                break loop
            case .changed(let read, let what):
                // A poll reuses the leases it saw; keep any newer lease that arrived since.
                let next = read.keepingLeases(of: pending ?? state.withLock { $0.secrets })
                apply(next, what: "\(what) changed", pending: &pending)
            case .leaseReplaced(let secret):
                do {
                    let next = try (pending ?? state.withLock { $0.secrets }).replacing(secret)
                    apply(next, what: "\(secret.path) has new credentials (\(secret.lease!))", pending: &pending)
                } catch {
                    await ExecSupervisor.revoke(error.leases, client: client, why: "unusable")
                    emit.yield(.lost("\(secret.path): the new credentials are unusable:\n\(error)"))
                }
            case .lost(let reason):
                switch policy.watch.onLoss {
                case .stop:
                    ExecSupervisor.say("\(reason): stopping the child (on_loss = \"stop\")")
                    stopping = true
                    if let unused = pending {
                        pending = nil
                        await retire(unused, keeping: state.withLock { $0.secrets })
                    }
                    stopChild()
                case .keep:
                    ExecSupervisor.say("\(reason): the child keeps its current secrets (on_loss = \"keep\")")
                }
            case .recovered(let what):
                ExecSupervisor.say(what)
            case .stopTimeout(let pid):
                if let child = state.withLock({ $0.child }), child.pid == pid {
                    ExecSupervisor.say("the child did not stop within 10 s: SIGKILL")
                    child.send(SIGKILL)
                }
            }
        }
        removeFiles()
        await finish()
        return status
    }

    /// Installs a changed set: restarts the child with it, or rewrites the files and signals the child.
    private func apply(_ next: SecretSet, what: String, pending: inout SecretSet?) {
        switch policy.watch.onChange {
        case .restart:
            ExecSupervisor.say("\(what): restarting the child")
            pending = next
            stopChild()
        case .signal:
            // Leases dropped here are not revoked: the child may still use them until it handles the signal,
            // and a replaced lease is near its max TTL anyway.
            state.withLock { $0.secrets = next }
            do {
                try writeFiles()
            } catch {
                ExecSupervisor.say(String(describing: error))
            }
            ExecSupervisor.say("\(what): files rewritten, signal \(policy.watch.signal) sent")
            state.withLock { $0.child }?.send(policy.watch.signal)
        }
    }

    /// Revokes the leases of `previous` that `next` does not hold (their child has exited, or none used them).
    private func retire(_ previous: SecretSet, keeping next: SecretSet) async {
        guard policy.watch.revokeOnExit else { return }
        let kept = Set(next.leases.values.map(\.id))
        let old = previous.leases.values.filter { !kept.contains($0.id) }
        await ExecSupervisor.revoke(old, client: client, why: "replaced")
    }

    /// Revokes the leases still held (unless `[watch] revoke_on_exit = false`) and closes the client.
    private func finish() async {
        if policy.watch.revokeOnExit {
            let leases = state.withLock { Array($0.secrets.leases.values) }
            await ExecSupervisor.revoke(leases, client: client, why: "the child has exited")
        }
        await client.shutdown()
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

    private func spawn() throws {
        try writeFiles()
        let secrets = state.withLock { $0.secrets }
        var environment = ProcessInfo.processInfo.environment
        for key in environment.keys where key.hasPrefix("VAULT_") || key.hasPrefix("BAO_") {
            environment[key] = nil
        }
        let values = policy.environment.map { ($0.name, secrets.values[$0.reference]!) }
        let child = try ChildProcess(arguments: command, environment: environment, secrets: values)
        state.withLock { $0.child = child }
        let emit = self.emit
        Task.detached {
            let code = await child.wait()
            emit.yield(.exited(pid: child.pid, status: code))
        }
    }

    private func stopChild() {
        guard let child = state.withLock({ $0.child }) else { return }
        child.send(SIGTERM)
        let emit = self.emit
        Task {
            try? await Task.sleep(for: .seconds(10))
            emit.yield(.stopTimeout(pid: child.pid))
        }
    }

    private func installSignalForwarding() -> [any DispatchSourceSignal] {
        let queue = DispatchQueue(label: "seal.exec.signals")
        return ChildProcess.forwardedSignals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in
                self?.state.withLock { $0.child }?.send(number)
            }
            source.resume()
            return source
        }
    }

    // MARK: Files

    private func writeFiles() throws {
        let secrets = state.withLock { $0.secrets }
        for (path, reference) in policy.files {
            try ExecSupervisor.writeSecretFile(path, secrets.values[reference]!, reference: reference)
        }
    }

    private func removeFiles() {
        for (path, _) in policy.files { unlink(path) }
    }

    /// Writes a value to `path` with mode 0600 through a temporary file and rename, never a partial file.
    static func writeSecretFile(_ path: String, _ value: SecureBytes, reference: SecretReference) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(
                atPath: folder,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        }
        var template = Array("\(folder)/.seal-exec-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw VaultError(.configuration, "[files] \(path) (\(reference)): cannot create a file in \(folder)")
        }
        let temp = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let ok = value.withUnsafeBytes { raw -> Bool in
            var written = 0
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += n
            }
            return fchmod(fd, 0o600) == 0 && fsync(fd) == 0
        }
        close(fd)
        guard ok, rename(temp, path) == 0 else {
            unlink(temp)
            throw VaultError(.configuration, "[files] \(path) (\(reference)): cannot write it")
        }
    }

    // MARK: Renewal and watching

    /// Renews the token at 2/3 of its TTL plus a third of a 10–20% grace (the Go lifetime watcher's schedule),
    /// asking each time for the TTL it was created with (asking for what is left would shrink it to nothing).
    private func renewTokenLoop() async {
        guard let first = try? await client.lookupSelf(), first.ttl > 0, first.renewable else { return }
        let increment = max(first.creationTTL, first.ttl)
        let clock = ContinuousClock()
        var expiry = clock.now + .seconds(first.ttl)
        var wait = ExecSupervisor.renewalDelay(ttl: first.ttl)
        var failures = 0
        while !Task.isCancelled {
            await ExecSupervisor.pause(seconds: wait)
            if Task.isCancelled { return }
            do {
                let auth = try await client.renewSelf(increment: increment)
                failures = 0
                guard auth.leaseDuration > 0 else { return }
                expiry = clock.now + .seconds(auth.leaseDuration)
                wait = ExecSupervisor.renewalDelay(ttl: auth.leaseDuration)
                if auth.leaseDuration < increment {
                    ExecSupervisor.say("the token is near its max TTL (\(auth.leaseDuration)s left)")
                }
            } catch  where error.code == .invalidToken || error.code == .permissionDenied {
                emit.yield(.lost("the token can no longer be renewed (\(error.code))"))
                return
            } catch {
                failures += 1
                let left = Self.secondsLeft(expiry)
                guard left > 0 else {
                    emit.yield(.lost("the token expired while its renewal kept failing (\(error.code))"))
                    return
                }
                ExecSupervisor.say("token renewal failed (\(error.code)); retrying")
                wait = max(1, min(Double(10 << min(failures, 5)), Double(left) / 4))
            }
        }
    }

    /// `2/3·ttl + grace/3` with grace uniform in [10%, 20%] of the TTL, in seconds.
    static func renewalDelay(ttl: Int) -> Double {
        let grace = Double(ttl) * Double.random(in: 0.1...0.2)
        return Double(ttl) * 2 / 3 + grace / 3
    }

    /// Keeps the credentials of a dynamic secret alive: renews its lease at 2/3 of its TTL (with the token
    /// loop's jitter) while a renewal grants the full TTL again; once the lease is capped by its max TTL, is
    /// not renewable, or is refused, reads new credentials at 2/3 of what is left and hands them over
    /// (restart or signal, as for a change). An unreadable secret is a loss.
    private func leaseLoop(_ first: VaultSecret) async {
        var secret = first
        var failures = 0
        let clock = ContinuousClock()
        while !Task.isCancelled, let lease = secret.lease {
            let path = secret.path
            let full = lease.duration
            var expiry = clock.now + .seconds(lease.duration)
            var renewing = lease.renewable && full > 0
            while renewing, !Task.isCancelled {
                await ExecSupervisor.pause(seconds: ExecSupervisor.renewalDelay(ttl: Self.secondsLeft(expiry)))
                if Task.isCancelled { return }
                do {
                    let renewed = try await client.renewLease(lease.id, increment: full)
                    failures = 0
                    expiry = clock.now + .seconds(renewed.leaseDuration)
                    if !renewed.renewable || renewed.leaseDuration < full {
                        renewing = false
                        ExecSupervisor.say("\(path): the lease reaches its max TTL in \(renewed.leaseDuration)s")
                    }
                } catch  where error.code.isTransient {
                    failures += 1
                    ExecSupervisor.say("\(path): lease renewal failed (\(error.code)); retrying")
                    let left = Self.secondsLeft(expiry)
                    if left <= 0 { renewing = false }
                    await ExecSupervisor.pause(seconds: min(Double(10 << min(failures, 5)), Double(left) / 4))
                } catch {
                    renewing = false
                    expiry = clock.now
                    ExecSupervisor.say("\(path): the lease can no longer be renewed (\(error.code))")
                }
            }
            let left = Self.secondsLeft(expiry)
            if left > 0 { await ExecSupervisor.pause(seconds: ExecSupervisor.renewalDelay(ttl: left)) }
            while !Task.isCancelled {
                do {
                    let next = try await client.readSecret(path)
                    failures = 0
                    emit.yield(.leaseReplaced(next))
                    secret = next
                    break
                } catch  where error.code.isTransient {
                    failures += 1
                    ExecSupervisor.say("\(path): reading new credentials failed (\(error.code)); retrying")
                    await ExecSupervisor.pause(seconds: Double(min(60, 1 << min(failures, 6))))
                } catch {
                    emit.yield(.lost("\(path): new credentials cannot be read (\(error))"))
                    return
                }
            }
        }
    }

    /// Whole seconds until `instant` (0 when past).
    private static func secondsLeft(_ instant: ContinuousClock.Instant) -> Int {
        max(0, Int((instant - ContinuousClock().now).components.seconds))
    }

    /// Sleeps, returning early when the task is cancelled.
    private static func pause(seconds: Double) async {
        try? await Task.sleep(for: .milliseconds(Int64(max(0, seconds) * 1000)))
    }

    /// Polls the secrets every `[watch] interval` (±10% jitter) and reports changes, losses and recoveries.
    private func watchLoop() async {
        let interval = VaultDurationSeconds.of(policy.watch.interval)
        guard interval > 0 else { return }
        var outage = false
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int64(interval * Double.random(in: 0.9...1.1) * 1000)))
            if Task.isCancelled { return }
            do {
                let current = state.withLock { $0.secrets }
                let next = try await SecretSet.read(policy.references, client: client, reusing: current)
                if outage || state.withLock({ $0.lost }) {
                    outage = false
                    state.withLock { $0.lost = false }
                    emit.yield(.recovered("the secrets are readable again"))
                }
                // Dynamic secrets are reused, not polled: their changes come from their lease loops.
                let latest = state.withLock { $0.secrets }
                let changed = next.fingerprints.keys.sorted().filter {
                    next.leases[$0] == nil && next.fingerprints[$0] != latest.fingerprints[$0]
                }
                if !changed.isEmpty {
                    let versions = changed.map { id in next.versions[id].map { "\(id) (version \($0))" } ?? id }
                    emit.yield(.changed(next, versions.joined(separator: ", ")))
                }
            } catch {
                let codes = error.failures.map(\.error.code)
                let transient = codes.allSatisfy(\.isTransient)
                if transient {
                    if !outage {
                        ExecSupervisor.say("the server is unavailable (\(codes.first!)); the child keeps running")
                    }
                    outage = true
                } else if !state.withLock({ $0.lost }) {
                    state.withLock { $0.lost = true }
                    emit.yield(.lost("a secret can no longer be read:\n\(error)"))
                }
            }
        }
    }
}

/// Seconds of a `Duration`.
enum VaultDurationSeconds {
    static func of(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
