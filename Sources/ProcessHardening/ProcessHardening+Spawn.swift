#if canImport(Glibc)
import CProcessControl
import Glibc

extension ProcessHardening {
    /// Runs `executable` with `arguments` and waits for it, with standard input from `/dev/null`, standard
    /// output and error appended to `log`, and no other descriptor of this process: not one left without
    /// close-on-exec (a pipe another thread is reading, a listening socket), which a daemon the program leaves
    /// behind would otherwise hold open (glibc's `posix_spawn_file_actions_addclosefrom_np`, 2.34 and later).
    /// posix_spawn(3) and waitpid(2), which do not wait for the program's descriptors to close, as Foundation's
    /// `Process` does.
    /// - Returns: the exit status; 128 plus the signal's number when a signal ended it.
    /// - Throws: ``SpawnError`` with the C library's errno when the program cannot be started.
    public static func runDetached(_ executable: String, _ arguments: [String], log: String) throws(SpawnError) -> Int32
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let closing = bot4_spawn_addclosefrom(&actions, 3)
        guard closing == 0 else { throw SpawnError(executable: executable, errno: closing) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw SpawnError(executable: executable, errno: spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}

/// A program ``ProcessHardening/runDetached(_:_:log:)`` could not start.
public struct SpawnError: Error, CustomStringConvertible, Sendable {
    /// The program.
    public let executable: String
    /// The C library's errno.
    public let errno: Int32

    /// `cannot start PROGRAM: REASON`.
    public var description: String { "cannot start \(executable): \(String(cString: strerror(errno)))" }
}
#endif
