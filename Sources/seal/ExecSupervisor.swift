import ArgumentParser
import Foundation
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

    /// No core dumps of the supervisor, which holds the token and the values (`RLIMIT_CORE` = 0; the child
    /// gets the default limit back only if it raises it itself).
    static func hardenProcess() {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_CORE.rawValue), &limit)
        limit.rlim_cur = 0
        setrlimit(Int32(RLIMIT_CORE.rawValue), &limit)
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
            let secrets = try await SecretSet.read(policy.references, client: client)
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
        let background = [
            Task { await self.renewTokenLoop() },
            Task { await self.watchLoop() },
        ]
        defer { for task in background { task.cancel() } }
        var status: Int32 = ExecCommand.cannotStart.rawValue
        do {
            try spawn()
        } catch {
            ExecSupervisor.say((error as? CLIError)?.message ?? String(describing: error))
            removeFiles()
            await client.shutdown()
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
                    state.withLock { $0.secrets = next }
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
            case .changed(let next, let what):
                switch policy.watch.onChange {
                case .restart:
                    ExecSupervisor.say("\(what) changed: restarting the child")
                    pending = next
                    stopChild()
                case .signal:
                    state.withLock { $0.secrets = next }
                    do {
                        try writeFiles()
                    } catch {
                        ExecSupervisor.say(String(describing: error))
                    }
                    ExecSupervisor.say("\(what) changed: files rewritten, signal \(policy.watch.signal) sent")
                    state.withLock { $0.child }?.send(policy.watch.signal)
                }
            case .lost(let reason):
                switch policy.watch.onLoss {
                case .stop:
                    ExecSupervisor.say("\(reason): stopping the child (on_loss = \"stop\")")
                    stopping = true
                    pending = nil
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
        await client.shutdown()
        return status
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

    /// Renews the token at 2/3 of its TTL plus a third of a 10–20% grace (the Go lifetime watcher's schedule).
    private func renewTokenLoop() async {
        guard var info = try? await client.lookupSelf(), info.ttl > 0, info.renewable else { return }
        var failures = 0
        while !Task.isCancelled {
            let sleep = ExecSupervisor.renewalDelay(ttl: info.ttl)
            try? await Task.sleep(for: .milliseconds(Int64(sleep * 1000)))
            if Task.isCancelled { return }
            do {
                let auth = try await client.renewSelf(increment: info.ttl)
                failures = 0
                if auth.leaseDuration < info.ttl / 2 {
                    ExecSupervisor.say("the token is near its max TTL (\(auth.leaseDuration)s left)")
                }
                info = try await client.lookupSelf()
                guard info.ttl > 0 else { return }
            } catch  where error.code == .invalidToken || error.code == .permissionDenied {
                emit.yield(.lost("the token can no longer be renewed (\(error.code))"))
                return
            } catch {
                failures += 1
                ExecSupervisor.say("token renewal failed (\(error.code)); retrying")
                try? await Task.sleep(for: .seconds(min(300, 10 << min(failures, 5))))
            }
        }
    }

    /// `2/3·ttl + grace/3` with grace uniform in [10%, 20%] of the TTL, in seconds.
    static func renewalDelay(ttl: Int) -> Double {
        let grace = Double(ttl) * Double.random(in: 0.1...0.2)
        return Double(ttl) * 2 / 3 + grace / 3
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
                let next = try await SecretSet.read(policy.references, client: client)
                if outage || state.withLock({ $0.lost }) {
                    outage = false
                    state.withLock { $0.lost = false }
                    emit.yield(.recovered("the secrets are readable again"))
                }
                let current = state.withLock { $0.secrets }
                let changed = next.fingerprints.keys.sorted().filter {
                    next.fingerprints[$0] != current.fingerprints[$0]
                }
                if !changed.isEmpty {
                    let versions = changed.map { id in next.versions[id].map { "\(id) (version \($0))" } ?? id }
                    emit.yield(.changed(next, versions.joined(separator: ", ")))
                }
            } catch {
                let codes = error.failures.map(\.error.code)
                let transient = codes.allSatisfy {
                    [.unreachable, .sealed, .timeout, .server, .rateLimited].contains($0)
                }
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
