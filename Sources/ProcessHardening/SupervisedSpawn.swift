import CProcessControl
import Foundation
import Locking

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts children that die with their supervisor: on Linux each child gets `PR_SET_PDEATHSIG` (SIGKILL)
/// before it runs the program, so a supervisor killed with SIGKILL does not leave it running unsupervised.
///
/// Linux sends the parent-death signal when the *thread* that forked exits, not the process: every child is
/// therefore forked from one dedicated thread that is started on first use and never exits (a Swift
/// concurrency pool thread may exit at any time). The child checks `getppid()` after setting the signal, so a
/// supervisor that died in between is noticed too.
public enum SupervisedSpawn {
    /// The signal a child receives when its supervisor dies.
    public static let parentDeathSignal: Int32 = SIGKILL

    /// Starts `path` (a path, not looked up) with `arguments` and `environment` (C arrays ending in NULL, kept
    /// by the caller until this returns), with `defaultSignals` at their default disposition and no signal
    /// blocked. Blocks until the child has run `execve` or failed to.
    /// - Returns: the child's pid, or the `errno` of the failure (fork, or the child's `execve`).
    public static func spawn(
        path: String,
        arguments: UnsafePointer<UnsafeMutablePointer<CChar>?>,
        environment: UnsafePointer<UnsafeMutablePointer<CChar>?>,
        defaultSignals: [Int32]
    ) -> Result<Int32, SpawnFailure> {
        let job = Job(path: path, arguments: arguments, environment: environment, signals: defaultSignals)
        SpawnThread.shared.run(job)
        return job.result
    }

    /// The `errno` of a failed start.
    public struct SpawnFailure: Error, Sendable {
        /// The error number (`ENOENT`, `EACCES`, …).
        public let number: Int32
        /// The system's text for it.
        public var description: String { String(cString: strerror(number)) }
    }

    /// The first executable `name` on `PATH` (as `posix_spawnp` searches it), or `name` itself when it holds
    /// a `/`; nil when there is none.
    public static func resolve(_ name: String, path: String?) -> String? {
        if name.contains("/") { return name }
        let folders = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false)
        for folder in folders {
            let candidate = (folder.isEmpty ? "." : String(folder)) + "/" + name
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }
}

/// One start, handed to the spawn thread; the pointers stay valid because the caller waits for it.
private final class Job: @unchecked Sendable {
    // @unchecked Sendable: written by the spawn thread before `done` is signalled, read after.
    let path: String
    let arguments: UnsafePointer<UnsafeMutablePointer<CChar>?>
    let environment: UnsafePointer<UnsafeMutablePointer<CChar>?>
    let signals: [Int32]
    var result: Result<Int32, SupervisedSpawn.SpawnFailure> = .failure(.init(number: EINVAL))
    let done = DispatchSemaphore(value: 0)

    init(
        path: String,
        arguments: UnsafePointer<UnsafeMutablePointer<CChar>?>,
        environment: UnsafePointer<UnsafeMutablePointer<CChar>?>,
        signals: [Int32]
    ) {
        self.path = path
        self.arguments = arguments
        self.environment = environment
        self.signals = signals
    }

    /// Forks and executes; runs on the spawn thread.
    func perform() {
        let pid = signals.withUnsafeBufferPointer { signals in
            bot4_spawn_supervised(
                path,
                arguments,
                environment,
                signals.baseAddress,
                Int32(signals.count),
                SupervisedSpawn.parentDeathSignal
            )
        }
        result = pid > 0 ? .success(pid) : .failure(.init(number: errno))
    }
}

/// The thread every child is forked from; it waits for jobs and never exits.
private final class SpawnThread: Sendable {
    static let shared = SpawnThread()
    private let jobs = LockedState<[Job]>([])
    private let ready = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in serve() }
        thread.name = "seal.spawn"
        thread.start()
    }

    /// The thread's body: one job at a time, for ever.
    private func serve() -> Never {
        while true {
            ready.wait()
            guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            job.perform()
            job.done.signal()
        }
    }

    /// Runs `job` on the spawn thread and waits for it.
    func run(_ job: Job) {
        jobs.withLock { $0.append(job) }
        ready.signal()
        job.done.wait()
    }
}
