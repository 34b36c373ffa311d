import Bot4TestSupport
import Foundation
import Release
import Testing

/// Reading `SHA256SUMS`/`SHA512SUMS` back: what `sha256sum` writes in text and binary mode reads to its
/// entries, and a line of another shape is reported by number.
@Suite struct ChecksumManifestReadingTests {
    @Test func readsWhatSha256sumWritesInBothModes() throws {
        let directory = try TestEnvironment.temporaryDirectory("manifest-read")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("one".utf8).write(to: directory.appendingPathComponent("a file"))
        try Data("two".utf8).write(to: directory.appendingPathComponent("b"))
        let tool = try TestEnvironment.requireTool("sha256sum")
        let text = try ProcessRunner.run(tool, ["a file", "b"], directory: directory)
        let binary = try ProcessRunner.run(tool, ["--binary", "a file", "b"], directory: directory)
        for output in [text, binary] {
            let (lines, malformed) = ChecksumManifest.read(Array(output.stdout), digestLength: 64)
            #expect(malformed.isEmpty)
            #expect(lines.map(\.name) == ["a file", "b"])
            #expect(lines.first?.hex == output.out.prefix(64).lowercased())
        }
    }

    @Test func namesMalformedLinesByNumber() {
        let hex = String(repeating: "ab", count: 32)
        let manifest = "\(hex)  ok\n\(hex)\nnot-hex  name\n\(hex.dropLast())  short\n\n\(hex.uppercased()) *upper\n"
        let (lines, malformed) = ChecksumManifest.read(Array(manifest.utf8), digestLength: 64)
        #expect(lines.map(\.name) == ["ok", "upper"])
        #expect(lines.map(\.number) == [1, 6])
        #expect(lines.last?.hex == hex)
        #expect(malformed == [2, 3, 4])
        #expect(ChecksumManifest.read(Array(manifest.utf8), digestLength: 128).lines.isEmpty)
    }
}
