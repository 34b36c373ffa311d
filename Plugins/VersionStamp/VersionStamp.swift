import Foundation
import PackagePlugin

/// Stamps the target it is applied to with the version of the checkout it is built from.
///
/// Before every build it runs `git describe --tags --always` in the package folder and writes
/// `BuildVersion+Stamp.swift` with that one string (`unknown` outside a git checkout or without `git`). The
/// file is rewritten only when the string changes, so an unchanged checkout recompiles nothing, and it holds
/// no clock: two builds of one commit get the same bytes.
@main
struct VersionStamp: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "Stamp")
        let file = output.appending(path: "BuildVersion+Stamp.swift")
        // $1: the package folder, $2: the generated file. Only characters git puts into a describe string
        // survive, so the stamp cannot break the Swift literal it lands in.
        let script = """
            version=$(git -C "$1" describe --tags --always 2>/dev/null | tr -cd 'A-Za-z0-9._+-')
            [ -n "$version" ] || version=unknown
            mkdir -p "$(dirname "$2")"
            next="$2.next"
            printf '%s\\n' \
              '// Generated before each build by the VersionStamp plugin (git describe --tags --always).' \
              'extension BuildVersion {' \
              '    /// The version this binary was built from.' \
              "    static let stamp = \\"$version\\"" \
              '}' > "$next"
            if cmp -s "$next" "$2"; then rm -f "$next"; else mv -f "$next" "$2"; fi
            """
        return [
            .prebuildCommand(
                displayName: "Stamping \(target.name) with git describe",
                executable: URL(filePath: "/bin/sh"),
                arguments: ["-c", script, "version-stamp", context.package.directoryURL.path, file.path],
                outputFilesDirectory: output
            )
        ]
    }
}
