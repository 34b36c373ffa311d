import FileSystem
import Foundation
import Sodium
import Vault

/// The `[files]` of `seal exec`: values written 0600 before the child starts, removed after it exits; each
/// with an ownership record so that the next start removes what a killed run left (``removeLeftovers(_:)``).
public enum SecretFile {
    /// Writes `value` to `path` with mode 0600 through a temporary file and rename, never a partial file;
    /// creates a missing folder with mode 0700. `reference` names the value in messages (never the value).
    /// - Throws: ``SecretsExecError/Code/secretFile`` naming the path and the reference.
    public static func write(_ path: String, _ value: SecureBytes, reference: SecretReference) throws(SecretsExecError)
    {
        let folder = (path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700]
                )
            } catch {
                throw SecretsExecError(
                    .secretFile,
                    "[files] \(path) (\(reference)): cannot create \(folder)",
                    underlying: error
                )
            }
        }
        let (fd, temp) = try createTemporary(for: path, in: folder, reference: reference)
        guard writeRecord(for: path, fd: fd, temporaryName: (temp as NSString).lastPathComponent) else {
            close(fd)
            unlink(temp)
            throw SecretsExecError(.secretFile, "[files] \(path) (\(reference)): cannot write its record in \(folder)")
        }
        let ok = value.withUnsafeBytes { raw -> Bool in
            var written = 0
            while written < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += n
            }
            return fchmod(fd, 0o600) == 0 && fsync(fd) == 0
        }
        guard ok, rename(temp, path) == 0 else {
            close(fd)
            unlink(temp)
            unlink(recordPath(of: path))
            throw SecretsExecError(.secretFile, "[files] \(path) (\(reference)): cannot write it")
        }
        // The final record adds the change time and size the file has now; should it fail, the first record
        // still names the inode.
        _ = writeRecord(for: path, fd: fd, temporaryName: (temp as NSString).lastPathComponent, final: true)
        close(fd)
    }

    /// Creates the temporary file `folder/.seal-exec-…` for `path`, close-on-exec from its first instant (a
    /// child started meanwhile cannot inherit it); returns the open descriptor and the file's path.
    static func createTemporary(
        for path: String,
        in folder: String,
        reference: SecretReference
    ) throws(SecretsExecError) -> (fd: Int32, path: String) {
        do {
            return try AtomicFile.createTemporary(in: folder, prefix: ".seal-exec-", for: path)
        } catch {
            throw SecretsExecError(
                .secretFile,
                "[files] \(path) (\(reference)): cannot create a file in \(folder)",
                underlying: error
            )
        }
    }

    /// Removes `path` and its ownership record, if they are there.
    public static func remove(_ path: String) {
        unlink(path)
        unlink(recordPath(of: path))
    }
}
