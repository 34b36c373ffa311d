import Foundation
import Locking

/// Runs a command to completion and captures what it printed: how tests drive `seal`, `bot4` and peers.
public struct ProcessResult: Sendable {
    /// The exit status (or 128 + signal).
    public let status: Int32
    /// Standard output.
    public let stdout: Data
    /// Standard error.
    public let stderr: Data
    /// Standard output as UTF-8 text.
    public var out: String { String(decoding: stdout, as: UTF8.self) }
    /// Standard error as UTF-8 text.
    public var err: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs processes for tests.
public enum ProcessRunner {
    /// Runs `executable` with `arguments`, feeding `input` on standard input, in `directory`.
    /// The environment is the test's own plus `environment`.
    @discardableResult
    public static func run(
        _ executable: String,
        _ arguments: [String],
        input: Data? = nil,
        directory: URL? = nil,
        environment: [String: String] = [:],
        replaceEnvironment: Bool = false
    ) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = replaceEnvironment ? [:] : ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let outPipe = Pipe()
        let errPipe = Pipe()
        let inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        try process.run()
        // Drain both pipes concurrently so a chatty child cannot block on a full pipe.
        let outBox = DataBox()
        let errBox = DataBox()
        let group = DispatchGroup()
        for (pipe, box) in [(outPipe, outBox), (errPipe, errBox)] {
            group.enter()
            DispatchQueue.global().async {
                box.set(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        if let input { inPipe.fileHandleForWriting.write(input) }
        try? inPipe.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        let status =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return ProcessResult(status: status, stdout: outBox.get(), stderr: errBox.get())
    }
}

/// A lock-protected Data slot for the pipe readers.
private final class DataBox: Sendable {
    private let data = LockedState(Data())
    func set(_ value: Data) { data.withLock { $0 = value } }
    func get() -> Data { data.withLock { $0 } }
}
