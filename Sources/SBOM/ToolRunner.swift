import Foundation
import Locking

/// Runs the external tools the generator reads from (`swift package`, `dpkg-query`, `pkg-config`) and keeps
/// the time spent in them, so that the generator's own share can be reported.
public final class ToolRunner: Sendable {
    private let spent = LockedState<Double>(0)

    /// Creates a runner.
    public init() {}

    /// Seconds spent waiting for tools so far.
    public var secondsInTools: Double {
        spent.withLock { $0 }
    }

    /// Runs `executable` (a path, or a name looked up on `PATH`) and returns its standard output.
    /// - Throws: ``SBOMError/Code/toolFailed`` with the command and the end of its standard error when it
    ///   cannot start or exits non-zero.
    public func run(_ executable: String, _ arguments: [String], directory: String? = nil) throws(SBOMError) -> [UInt8]
    {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            spent.withLock { $0 += elapsed }
        }
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let command = ([executable] + arguments).joined(separator: " ")
        do {
            try process.run()
        } catch {
            throw SBOMError(.toolFailed, "\(command): cannot start", underlying: error)
        }
        let errorBox = ErrorBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        group.wait()
        guard process.terminationStatus == 0 else {
            let tail = String(decoding: errorBox.data.suffix(2000), as: UTF8.self)
                .split(separator: "\n").suffix(8).joined(separator: "\n")
            throw SBOMError(.toolFailed, "\(command) exited with \(process.terminationStatus):\n\(tail)")
        }
        return [UInt8](output)
    }
}

private final class ErrorBox: @unchecked Sendable {
    // @unchecked Sendable: written by one reader thread before `group.wait()` returns, read after.
    var data = Data()
}
