import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Puts a fully written staging folder in the place of a snapshot folder.
///
/// On Linux both names are exchanged in one `renameat2(RENAME_EXCHANGE)` (looked up at run time: Swift's
/// Glibc module does not declare it), so a reader sees the old folder or the new one, never neither; the old
/// one is then removed. Where the call is missing, the old folder is first renamed aside and put back if the
/// second rename fails.
enum SnapshotSwap {
    private typealias RenameAt2 =
        @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    private static let renameExchange: UInt32 = 1 << 1

    /// Replaces `destination` (which may not exist yet) with `staging`.
    /// - Throws: ``AuditError/Code/io`` naming the folders; `destination` is then as it was.
    static func replace(destination: String, with staging: String) throws(AuditError) {
        guard FileManager.default.fileExists(atPath: destination) else {
            guard rename(staging, destination) == 0 else { throw failure(destination, errno) }
            return
        }
        if let exchange = exchangeFunction() {
            guard exchange(AT_FDCWD, staging, AT_FDCWD, destination, renameExchange) == 0 else {
                throw failure(destination, errno)
            }
            try? FileManager.default.removeItem(atPath: staging)
            return
        }
        let aside = staging + ".previous"
        guard rename(destination, aside) == 0 else { throw failure(destination, errno) }
        guard rename(staging, destination) == 0 else {
            let code = errno
            _ = rename(aside, destination)
            throw failure(destination, code)
        }
        try? FileManager.default.removeItem(atPath: aside)
    }

    private static func exchangeFunction() -> RenameAt2? {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
        #else
        return nil
        #endif
    }

    private static func failure(_ destination: String, _ code: Int32) -> AuditError {
        AuditError(.io, "\(destination): cannot put the new snapshot in place: \(String(cString: strerror(code)))")
    }
}
