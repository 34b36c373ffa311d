import Foundation
import SBOM

/// What a release records about its source: the version stamp, the commit, where the repository lives, the
/// commit's time (the SBOMs' timestamp), and the toolchain.
struct SourceInfo: Sendable {
    /// `--version`, else `git describe --tags --always`.
    let version: String
    /// `git rev-parse HEAD`.
    let commit: String
    /// `git remote get-url origin`, else the checkout's `file://` URL.
    let repository: String
    /// `git log -1 --format=%ct`.
    let commitTime: String
    /// The first line of `swift --version`.
    let toolchain: String

    /// Reads them with `runner`.
    /// - Throws: `SBOMError` when `git` or `swift` fails (not a git checkout, no toolchain).
    static func read(
        _ directory: String,
        runner: ToolRunner,
        version: String?,
        swift: String = "swift"
    )
        throws(SBOMError) -> SourceInfo
    {
        func git(_ arguments: [String]) throws(SBOMError) -> String {
            let bytes = try runner.run("git", ["-C", directory] + arguments)
            return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var described = version ?? ""
        if version == nil { described = try git(["describe", "--tags", "--always"]) }
        let remote = (try? git(["remote", "get-url", "origin"])) ?? ""
        let toolchain = String(decoding: try runner.run(swift, ["--version"]), as: UTF8.self)
        return SourceInfo(
            version: described,
            commit: try git(["rev-parse", "HEAD"]),
            repository: remote.isEmpty ? "file://" + directory : remote,
            commitTime: try git(["log", "-1", "--format=%ct"]),
            toolchain: toolchain.split(separator: "\n").first.map(String.init) ?? toolchain
        )
    }

    /// The progress line's summary.
    static func summary(_ source: SourceInfo) -> String { "version \(source.version), commit \(source.commit)" }
}
