import Audit
import Foundation

/// Feeds arbitrary bytes, as a file, to the advisory database's `all.zip` reader (the `Zip` module's
/// `ZipArchive`, then the OSV parser for every entry). Errors are expected; a crash, a trap, a hang (libFuzzer's
/// `-timeout`), an ASan report or a leak is a bug. FailCases/FuzzZipArchive-data-past-end-of-file.zip is the
/// input that once hung the reader: an entry whose compressed data runs past the end of the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzZipArchive(_ data: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let path = NSTemporaryDirectory() + "fuzz-zip-\(getpid()).zip"
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: count)) else {
        fatalError("cannot write \(path)")
    }
    defer { try? FileManager.default.removeItem(atPath: path) }
    _ = try? AdvisoryDatabase.load(path: path)
    return 0
}
