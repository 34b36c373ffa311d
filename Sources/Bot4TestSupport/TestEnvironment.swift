import Foundation

/// What tests need to know about the machine they run on: where the project is, where the built products
/// are, and whether the real peers (minisign, signify, the Python checkers, OpenBao, PostgreSQL) are present.
///
/// A test that needs a peer calls ``requireTool(_:)``: when the tool is missing it is skipped loudly on a
/// developer's machine, and in CI (`CI=true`) the missing tool is a failure, never a silent skip.
public enum TestEnvironment {
    /// The project root (the folder with `Package.swift`), found from this source file's path.
    public static let projectRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path),
                FileManager.default.fileExists(atPath: url.appendingPathComponent("Sources").path)
            {
                return url
            }
        }
        fatalError("cannot find the project root above \(#filePath)")
    }()

    /// Whether this run is CI's (`CI=true`), where every capability-gated test must run.
    public static var isCI: Bool {
        let value = ProcessInfo.processInfo.environment["CI"]?.lowercased()
        return value == "true" || value == "1"
    }

    /// The folder with the built executables (`seal`, `bot4`), next to the test bundle.
    public static let productsDirectory: URL = {
        if let override = ProcessInfo.processInfo.environment["BOT4_PRODUCTS_DIR"] {
            return URL(fileURLWithPath: override)
        }
        // The test bundle is `<products>/Bot4PackageTests.xctest`; on Linux `Bundle.main` is the xctest runner.
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        let arg0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = arg0.deletingLastPathComponent()
        if dir.lastPathComponent == "MacOS" { dir = dir.deletingLastPathComponent().deletingLastPathComponent() }
        if dir.path.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir
    }()

    /// The path of a built executable product, such as `seal`.
    public static func product(_ name: String) -> String {
        productsDirectory.appendingPathComponent(name).path
    }

    /// The project's Python venv made by `scripts/setup` (`.venv/`), or `BOT4_VENV`.
    public static var venv: URL {
        if let override = ProcessInfo.processInfo.environment["BOT4_VENV"] {
            return URL(fileURLWithPath: override)
        }
        return projectRoot.appendingPathComponent(".venv")
    }

    /// The venv's Python interpreter.
    public static var python: String { venv.appendingPathComponent("bin/python").path }

    /// Finds an executable by name in the venv's `bin`, then on `PATH`.
    public static func which(_ name: String) -> String? {
        let venvTool = venv.appendingPathComponent("bin/\(name)").path
        if FileManager.default.isExecutableFile(atPath: venvTool) { return venvTool }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        for dir in ["/usr/sbin", "/sbin", "/usr/lib/postgresql/15/bin"] {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Whether a capability-gated test can run. Prints a loud `SKIPPED` line when it cannot; in CI a missing
    /// tool is reported as ``MissingTool`` by ``requireTool(_:)`` instead.
    public static func has(_ tool: String) -> Bool {
        if tool == "python" { return FileManager.default.isExecutableFile(atPath: python) }
        return which(tool) != nil
    }

    /// Returns the tool's path; throws ``MissingTool`` when it is absent. Tests guard with
    /// `.enabled(if: TestEnvironment.canRun("minisign"))` and then call this, so that on CI a missing peer fails.
    public static func requireTool(_ tool: String) throws -> String {
        if tool == "python" {
            guard has("python") else { throw MissingTool(tool: tool) }
            return python
        }
        guard let path = which(tool) else { throw MissingTool(tool: tool) }
        return path
    }

    /// For `.enabled(if:)`: true when the tool exists, and always true in CI (so that a missing tool fails
    /// the test there instead of skipping it). Prints a loud line when a test is skipped for want of it.
    public static func canRun(_ tool: String) -> Bool {
        if isCI || has(tool) { return true }
        FileHandle.standardError.write(
            Data("SKIPPED (capability): \(tool) is not installed; run scripts/setup. CI runs these tests.\n".utf8)
        )
        return false
    }

    /// A fresh temporary folder, removed by the caller (or left for inspection on failure).
    public static func temporaryDirectory(_ label: String = "bot4-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A peer tool that a test needs is not installed.
public struct MissingTool: Error, CustomStringConvertible {
    /// The tool's name.
    public let tool: String
    /// Says what is missing and how to get it.
    public var description: String { "\(tool) is not installed (scripts/setup installs it)" }
}
