import Testing

@testable import ProcessHardening

#if canImport(Glibc)
import Glibc
#endif

/// The hardening `seal exec` applies to itself, checked on this process (and undone after).
@Suite(.serialized)
struct ProcessHardeningTests {
    @Test func marksTheProcessNotDumpableAndZeroesTheCoreLimit() {
        var saved = rlimit()
        getrlimit(Int32(RLIMIT_CORE.rawValue), &saved)
        defer {
            setrlimit(Int32(RLIMIT_CORE.rawValue), &saved)
            ProcessHardening.restoreDumpable()
        }
        ProcessHardening.restoreDumpable()
        #expect(ProcessHardening.isDumpable)
        let failed = ProcessHardening.disableCoreDumps()
        #expect(failed.isEmpty, "not applied: \(failed)")
        #expect(!ProcessHardening.isDumpable)
        #expect(ProcessHardening.coreLimit == 0)
    }
}
