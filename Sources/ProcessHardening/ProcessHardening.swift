#if canImport(Glibc)
import CProcessControl
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps a process that holds secrets from leaving them in a core dump: the soft `RLIMIT_CORE` goes to 0,
/// and on Linux the process is marked not dumpable (`PR_SET_DUMPABLE` 0), which also refuses `ptrace`
/// attach and `/proc/<pid>/mem` reads by other processes of the same user. `execve` resets the dumpable flag
/// for a child the process starts; the soft core limit is inherited, and the child may raise it again up to
/// the hard limit.
public enum ProcessHardening {
    /// Applies both settings; returns what could not be applied (empty when all was).
    @discardableResult
    public static func disableCoreDumps() -> [String] {
        var failed: [String] = []
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_CORE.rawValue), &limit) == 0 {
            limit.rlim_cur = 0
            if setrlimit(Int32(RLIMIT_CORE.rawValue), &limit) != 0 { failed.append("RLIMIT_CORE") }
        } else {
            failed.append("RLIMIT_CORE")
        }
        #if os(Linux)
        if bot4_set_dumpable(0) != 0 { failed.append("PR_SET_DUMPABLE") }
        #endif
        return failed
    }

    /// Whether the process may dump core (`PR_GET_DUMPABLE`; on other systems, whether the soft core limit
    /// is above 0).
    public static var isDumpable: Bool {
        #if os(Linux)
        return bot4_get_dumpable() != 0
        #else
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_CORE.rawValue), &limit)
        return limit.rlim_cur != 0
        #endif
    }

    /// The soft core-file size limit, in bytes.
    public static var coreLimit: UInt64 {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_CORE.rawValue), &limit)
        return UInt64(limit.rlim_cur)
    }

    /// Marks the process dumpable again (tests restore the state they changed).
    public static func restoreDumpable() {
        #if os(Linux)
        _ = bot4_set_dumpable(1)
        #endif
    }
}
