import Bot4TestSupport
import Foundation
import Testing
import Vault

@testable import SecretsExec

/// The temporary file a `[files]` secret is written through.
@Suite struct SecretFileTests {
    /// `mkstemp` would leave the descriptor inheritable: a child started while the value is written could
    /// keep the secret's file open.
    @Test func theTemporaryFileIsCloseOnExecAndNamedForTheLeftoverRecord() throws {
        let folder = try TestEnvironment.temporaryDirectory("secret-file-temp")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (fd, temp) = try SecretFile.createTemporary(
            for: folder.appendingPathComponent("key").path,
            in: folder.path,
            reference: try SecretReference("secret/bot4/api#key")
        )
        defer {
            close(fd)
            unlink(temp)
        }
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC != 0)
        #expect(temp.hasPrefix(folder.path + "/.seal-exec-"))
        var info = stat()
        #expect(fstat(fd, &info) == 0 && info.st_mode & 0o777 == 0o600)
    }
}
