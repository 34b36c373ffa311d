import Foundation
import Sodium

/// One child started with `posix_spawnp` from an environment built directly in C memory (never set in
/// `seal`'s own environment), which is zeroed and freed as soon as the child is started.
final class ChildProcess: @unchecked Sendable {
    // @unchecked Sendable: `pid` is set once in init; waiting happens on one dedicated thread.
    let pid: pid_t

    /// The signals `seal exec` forwards; the child gets them back at their default disposition.
    static let forwardedSignals: [Int32] = [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH]

    /// Starts `arguments[0]` (looked up on PATH) with `environment` (plain variables) plus `secrets`.
    /// - Throws: ``CLIError`` naming the command when it cannot be started.
    init(arguments: [String], environment: [String: String], secrets: [(name: String, value: SecureBytes)]) throws {
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
                throw CLIError(message: "out of memory", exitCode: ExecCommand.cannotStart)
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
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in ChildProcess.forwardedSignals + [SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var child: pid_t = 0
        let result = posix_spawnp(&child, arguments[0], nil, &attributes, &argv, &entries)
        guard result == 0 else {
            throw CLIError(
                message: "cannot start \(arguments[0]): \(String(cString: strerror(result)))",
                exitCode: ExecCommand.cannotStart
            )
        }
        pid = child
    }

    /// Waits for the child on a dedicated thread; returns its status as a shell reports it (128 + N on signal N).
    func wait() async -> Int32 {
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
    func send(_ signal: Int32) { kill(pid, signal) }
}
