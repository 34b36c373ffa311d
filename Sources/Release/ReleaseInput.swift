import FileSystem

/// Release inputs (keys, signatures, password files, configurations) read whole through
/// `FileSystem.BoundedFile`, each with the limit of its kind.
public enum ReleaseInput {
    /// Reads `path`, at most `limit` bytes; `what` names it in the message ("the secret key").
    /// - Throws: ``ReleaseError`` with the `FileReadError` as its `underlying` error: code `badInput` for a
    ///   file larger than `limit` or a folder, `io` when it cannot be opened or read. The message is `what`;
    ///   the description adds the path (and the limit) from the underlying error.
    public static func read(_ path: String, what: String, limit: Int) throws(ReleaseError) -> [UInt8] {
        do {
            return try BoundedFile.read(path, limit: limit)
        } catch {
            let code: ReleaseError.Code = error.code == .tooLarge || error.code == .notAFile ? .badInput : .io
            throw ReleaseError(code, what, underlying: error)
        }
    }

    /// The first `count` bytes of `path` (fewer when it is shorter), to tell a file's kind by its magic number.
    /// - Throws: ``ReleaseError`` with code `io` and the `FileReadError` as its `underlying` error.
    public static func prefix(_ path: String, count: Int) throws(ReleaseError) -> [UInt8] {
        do {
            return try BoundedFile.prefix(path, count: count)
        } catch {
            throw ReleaseError(.io, "reading the start of the file", underlying: error)
        }
    }
}
