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

    /// A child run by ``ProcessHardening/runDetached(_:_:log:)`` holds none of this process's descriptors
    /// above the three standard ones, even one left without close-on-exec; spawned plainly it holds that one.
    @Test func aDetachedChildInheritsNoStrayDescriptor() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)  // no close-on-exec: a plainly spawned child inherits both ends
        defer { for end in ends { close(end) } }
        let log = "/tmp/bot4-detached-\(getpid()).log"
        defer { unlink(log) }
        /// The descriptors `ls /proc/self/fd` printed to the log (its own directory's among them).
        func listed() throws -> [Int32] {
            let text = try String(contentsOfFile: log, encoding: .utf8)
            unlink(log)
            return text.split(separator: "\n").compactMap { Int32($0) }
        }
        // The control: posix_spawn without the closing action.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] =
            ["/bin/ls", "/proc/self/fd"].map { (text: String) in strdup(text) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        try #require(posix_spawn(&pid, "/bin/ls", &actions, nil, argv, environ) == 0)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let plain = try listed()
        #expect(plain.contains(ends[0]) && plain.contains(ends[1]), "\(plain)")

        #expect(try ProcessHardening.runDetached("/bin/ls", ["/proc/self/fd"], log: log) == 0)
        let detached = try listed()
        #expect(detached.filter { $0 < 3 } == [0, 1, 2])
        #expect(detached.filter { $0 >= 3 }.count <= 1, "only ls's own directory: \(detached)")
        #expect(throws: SpawnError.self) { try ProcessHardening.runDetached("/nonexistent/program", [], log: log) }
    }
}
