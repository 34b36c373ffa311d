import Bot4TestSupport
import Foundation
import Testing

/// What `seal` does to keep a secret key out of core dumps and a crash from losing a write.
@Suite(.serialized) struct HardeningTests {
    let dir: URL
    init() throws { dir = try TestEnvironment.temporaryDirectory("seal-hardening") }

    private func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// The soft core limit a running process has, from `/proc/PID/limits` ("Max core file size").
    private func coreLimit(of pid: Int32) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8) else { return nil }
        let line = text.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
        return line?.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).first.map(String.init)
    }

    /// Starts `seal ARGS` under a shell that first raises the soft core limit to the hard one, with a
    /// standard input that stays open: the command waits for its password there. Returns the soft core limit
    /// `seal` set on itself while it waited, then lets it finish.
    private func coreLimitWhileWaitingForThePassword(_ arguments: [String]) throws -> (String?, Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let quoted = ([SealCLI.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        process.arguments = ["-c", "ulimit -S -c \"$(ulimit -H -c)\" && exec \(quoted)"]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var limit: String?
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            // Wait until the shell has exec'd seal (its command line is seal's) and seal has hardened itself.
            let cmdline = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/cmdline", encoding: .utf8))
            if cmdline?.hasPrefix(SealCLI.path) == true, let now = coreLimit(of: process.processIdentifier) {
                limit = now
                if now == "0" { break }
            }
            usleep(20_000)
        }
        input.fileHandleForWriting.write(Data("pw\n".utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        return (limit, process.terminationStatus)
    }

    @Test func signAndKeygenDropTheCoreLimitBeforeReadingThePassword() throws {
        // The shell can raise the soft limit here (the hard limit is above 0), so 0 is seal's doing.
        let probe = try ProcessRunner.run("/bin/sh", ["-c", "ulimit -S -c \"$(ulimit -H -c)\"; ulimit -S -c"])
        try #require(probe.out.trimmingCharacters(in: .whitespacesAndNewlines) != "0", "the hard core limit is 0")

        let (keygenLimit, keygenStatus) = try coreLimitWhileWaitingForThePassword(
            ["keygen", "-p", path("k.pub"), "-s", path("k.key"), "--kdf", "interactive"]
        )
        #expect(keygenLimit == "0")
        #expect(keygenStatus == 0)

        try Data("signed\n".utf8).write(to: URL(fileURLWithPath: path("f.txt")))
        let (signLimit, signStatus) = try coreLimitWhileWaitingForThePassword(
            ["sign", "-s", path("k.key"), "-m", path("f.txt")]
        )
        #expect(signLimit == "0")
        #expect(signStatus == 0)
    }

    /// After renaming a key file into place, `seal keygen` syncs the folder, so the rename survives a crash.
    @Test(.enabled(if: TestEnvironment.canRun("strace")))
    func keygenSyncsTheFolderAfterEachRename() throws {
        let strace = try TestEnvironment.requireTool("strace")
        let trace = try ProcessRunner.run(
            strace,
            ["-f", "-e", "trace=rename,renameat,renameat2,link,openat,fsync", "-o", path("trace"), SealCLI.path]
                + ["keygen", "-W", "-p", path("k.pub"), "-s", path("k.key")]
        )
        try #require(trace.status == 0, "\(trace.err)")
        let calls = try String(contentsOfFile: path("trace"), encoding: .utf8).split(separator: "\n").map(String.init)
        for target in ["k.key", "k.pub"] {
            let placed = calls.firstIndex {
                ($0.contains("rename") || $0.contains("link(")) && $0.contains("\(path(target))\"")
            }
            let index = try #require(placed, "no rename or link to \(target) in the trace")
            // The next opening of the folder as a directory, then an fsync of that descriptor.
            let rest = calls[(index + 1)...]
            let open = rest.first {
                $0.contains("openat(") && $0.contains("\"\(dir.path)\"") && $0.contains("O_DIRECTORY")
            }
            let fd = try #require(open?.split(separator: "=").last?.trimmingCharacters(in: .whitespaces))
            #expect(rest.contains { $0.contains("fsync(\(fd))") }, "no fsync of the folder after \(target)")
        }
    }
}
