import Bot4TestSupport
import Foundation

/// A real HTTP server for tests: `python3 -m http.server` on a loopback port the kernel picks, serving a
/// folder. Stopped (by its process id) when the test calls ``stop()``.
final class LocalHTTPServer: @unchecked Sendable {
    // @unchecked Sendable: the fields are set once in init and only read afterwards.
    private let process: Process
    /// `http://127.0.0.1:<port>`.
    let baseURL: String

    /// Starts serving `folder`; waits until the server says which port it took.
    init(serving folder: URL) throws {
        let python = try TestEnvironment.requireTool("python3")
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", folder.path, "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !seen.contains("port ") || !seen.contains(")") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        // "Serving HTTP on 127.0.0.1 port 41235 (http://127.0.0.1:41235/) ..."
        guard let range = seen.range(of: "port "),
            let port = Int(seen[range.upperBound...].prefix { $0.isNumber })
        else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw ServerDidNotStart(output: seen)
        }
        baseURL = "http://127.0.0.1:\(port)"
    }

    /// Stops the server (SIGKILL to its process id: the test runner's blocked SIGTERM is inherited by its
    /// children, so `terminate()` would not stop it) and waits for it to exit. Safe to call twice.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    struct ServerDidNotStart: Error, CustomStringConvertible {
        let output: String
        var description: String { "python3 -m http.server did not report its port: \(output)" }
    }
}
