import Bot4TestSupport
import Foundation

/// The fault-injecting proxy of `Fixtures/fault_proxy.py` in front of a real OpenBao, stopped by its PID.
final class FaultProxy: @unchecked Sendable {
    // @unchecked Sendable: set once at start.
    let process = Process()
    let address: String
    let logFile: URL

    /// Starts the proxy with rules such as `[["path": "secret/data", "action": "malformed", "times": 1]]`.
    init(upstream: String, rules: [[String: Any]], directory: URL) throws {
        let python = try TestEnvironment.requireTool("python")
        let script = TestEnvironment.projectRoot.appendingPathComponent("Tests/VaultTests/Fixtures/fault_proxy.py")
        let portFile = directory.appendingPathComponent("proxy-\(UUID().uuidString).port")
        logFile = directory.appendingPathComponent("proxy-\(UUID().uuidString).log")
        let rulesJSON = String(decoding: try JSONSerialization.data(withJSONObject: rules), as: UTF8.self)
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path, portFile.path, upstream, rulesJSON, logFile.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var port: String?
        for _ in 0..<100 {
            port = try? String(contentsOf: portFile, encoding: .utf8)
            if port != nil { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard let port else { throw OpenBaoServerError("the fault proxy did not start") }
        address = "http://127.0.0.1:\(port)"
    }

    /// The requests seen: `<method> <path> <action>` per line.
    var log: [String] {
        ((try? String(contentsOf: logFile, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Stops the proxy with SIGKILL (a child of the test runner may inherit SIGTERM blocked).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
