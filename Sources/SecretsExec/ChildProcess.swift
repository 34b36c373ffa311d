import Foundation
import ProcessHardening
import Sodium

/// One child started by ``SupervisedSpawn`` (it dies with `seal`, even of SIGKILL, on Linux) from an
/// environment built directly in C memory (never set in `seal`'s own environment), which is zeroed and freed
/// as soon as the child is started. The command is looked up on `seal`'s own `PATH`, as `posix_spawnp` does;
/// an executable without a `#!` line runs under `/bin/sh`, as `execvp` runs it.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked Sendable: `pid` is set once in init; waiting happens on one dedicated thread.
    /// The child's process id.
    public let pid: pid_t

    /// Refuses a secret an environment variable cannot carry: one with a NUL byte, which would silently cut
    /// the value short in the child. The error names the variable, never the value.
    /// - Throws: ``SecretsExecError/Code/invalidSecret`` naming the first such variable.
    public static func checkEnvironmentValues(_ secrets: [(name: String, value: SecureBytes)]) throws(SecretsExecError)
    {
        for (name, value) in secrets where value.withUnsafeBytes({ $0.contains(0) }) {
            throw SecretsExecError(
                .invalidSecret,
                "\(name): the secret value contains a NUL byte, which an environment variable cannot carry "
                    + "(map it to a [files] entry instead)"
            )
        }
    }

    /// The signals `seal exec` forwards; the child gets them back at their default disposition.
    public static let forwardedSignals: [Int32] = [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH]

    /// Starts `arguments[0]` (looked up on PATH) with `environment` (plain variables) plus `secrets`.
    /// - Throws: ``SecretsExecError/Code/cannotStart`` naming the command when it cannot be started;
    ///   ``SecretsExecError/Code/invalidSecret`` (see ``checkEnvironmentValues(_:)``) before anything is built.
    public init(
        arguments: [String],
        environment: [String: String],
        secrets: [(name: String, value: SecureBytes)]
    ) throws {
        try ChildProcess.checkEnvironmentValues(secrets)
        var entries: [UnsafeMutablePointer<CChar>?] = []
        defer {
            for entry in entries {
                guard let entry else { continue }
                memset(entry, 0, strlen(entry))
                free(entry)
            }
        }
        let secretNames = Set(secrets.map(\.name))
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where !secretNames.contains(name) {
            entries.append(strdup("\(name)=\(value)"))
        }
        for (name, value) in secrets {
            let nameBytes = Array(name.utf8) + [UInt8(ascii: "=")]
            let size = nameBytes.count + value.count + 1
            guard let buffer = malloc(size)?.assumingMemoryBound(to: UInt8.self) else {
                throw SecretsExecError(.cannotStart, "out of memory")
            }
            nameBytes.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: nameBytes.count) }
            value.withUnsafeBytes { raw in
                if let base = raw.baseAddress {
                    (buffer + nameBytes.count).update(from: base.assumingMemoryBound(to: UInt8.self), count: raw.count)
                }
            }
            buffer[size - 1] = 0
            entries.append(UnsafeMutableRawPointer(buffer).assumingMemoryBound(to: CChar.self))
        }
        entries.append(nil)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }

        guard let path = SupervisedSpawn.resolve(arguments[0], path: ProcessInfo.processInfo.environment["PATH"])
        else {
            throw SecretsExecError(.cannotStart, "cannot start \(arguments[0]): not found on PATH")
        }
        let started = argv.withUnsafeBufferPointer { argv in
            entries.withUnsafeBufferPointer { entries in
                SupervisedSpawn.spawn(
                    path: path,
                    arguments: argv.baseAddress!,
                    environment: entries.baseAddress!,
                    defaultSignals: ChildProcess.forwardedSignals + [SIGPIPE, SIGCHLD]
                )
            }
        }
        let child: Int32
        switch started {
        case .success(let pid): child = pid
        case .failure(let failure):
            throw SecretsExecError(.cannotStart, "cannot start \(arguments[0]): \(failure.description)")
        }
        pid = child
    }

    /// Waits for the child on a dedicated thread; returns its status as a shell reports it (128 + N on signal N).
    public func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let pid = self.pid
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                let low = status & 0x7F
                continuation.resume(returning: low == 0 ? (status >> 8) & 0xFF : 128 + low)
            }
        }
    }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) { kill(pid, signal) }
}
