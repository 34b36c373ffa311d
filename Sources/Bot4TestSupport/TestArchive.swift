import Foundation

/// Zip archives and folder contents for tests that feed an archive to the code under test.
public enum TestArchive {
    /// Zips every file of `folder` flat, as osv.dev's exports are (Python's zipfile, deflate), creating the
    /// archive's folder.
    public static func zip(folder: String, to archive: URL) throws {
        try FileManager.default.createDirectory(
            at: archive.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        let script = """
            import os, sys, zipfile
            with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
                for name in sorted(os.listdir(sys.argv[1])):
                    z.write(os.path.join(sys.argv[1], name), name)
            """
        let result = try ProcessRunner.run(
            try TestEnvironment.requireTool("python3"),
            ["-c", script, folder, archive.path]
        )
        guard result.status == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Every file under `folder` with its bytes, to compare a folder before and after.
    public static func tree(_ folder: String) -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while let relative = enumerator?.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: folder + "/" + relative) { out[relative] = data }
        }
        return out
    }
}
