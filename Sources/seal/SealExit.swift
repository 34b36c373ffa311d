import ArgumentParser
import Digest
import FileSystem
import Foundation
import Minisign
import Sodium
import Vault

/// The exit codes of the canonical sheet, and the mapping from failures to them.
enum SealExit {
    /// The verdict is negative (a signature does not verify).
    static let negative = ExitCode(1)
    /// Usage or bad input: a malformed file, a wrong password.
    static let badInput = ExitCode(2)
    /// The environment failed: a file cannot be read or written.
    static let environment = ExitCode(3)

    /// Prints `seal: <message>` on standard error.
    static func report(_ message: String) {
        FileHandle.standardError.write(Data("seal: \(message)\n".utf8))
    }

    /// Runs `body`, turning the project's errors into a message and the sheet's exit code.
    static func mapping<R>(_ body: () async throws -> R) async throws -> R {
        do {
            return try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as MinisignError {
            report(error.message)
            throw error.code == .io ? environment : badInput
        } catch let error as DigestError {
            report(error.message)
            throw environment
        } catch let error as AtomicFile.WriteError {
            report(error.description)
            throw error.alreadyExists ? badInput : environment
        } catch let error as SodiumError {
            report(error.description)
            throw environment
        } catch let error as VaultError {
            report(error.description)
            throw [.configuration, .badRequest, .notFound, .unsupportedMount].contains(error.code)
                ? badInput : environment
        } catch let error as CLIError {
            report(error.message)
            throw error.exitCode
        }
    }
}

/// A failure detected by the command line layer itself.
struct CLIError: Error {
    let message: String
    let exitCode: ExitCode

    static func usage(_ message: String) -> CLIError { CLIError(message: message, exitCode: SealExit.badInput) }
    static func io(_ message: String) -> CLIError { CLIError(message: message, exitCode: SealExit.environment) }
}

/// Reads a whole (small) file, mapping failure to an I/O error that names it.
func readSmallFile(_ path: String, what: String, limit: Int = 1 << 20) throws -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw CLIError.io("\(path): cannot open \(what): \(String(cString: strerror(errno)))")
    }
    defer { try? handle.close() }
    let data: Data
    do {
        data = try handle.read(upToCount: limit + 1) ?? Data()
    } catch {
        throw CLIError.io("\(path): cannot read \(what)")
    }
    guard data.count <= limit else { throw CLIError.usage("\(path): \(what) is larger than \(limit) bytes") }
    return [UInt8](data)
}
