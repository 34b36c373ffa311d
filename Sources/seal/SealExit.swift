import ArgumentParser
import Audit
import Digest
import FileSystem
import Foundation
import Minisign
import Provenance
import Release
import SBOM
import Sodium
import Vault

/// The one exit-code table of `seal` (the canonical sheet's), and the one mapping from failures to it.
enum SealExit {
    /// Success; the verdict is positive.
    static let success = ExitCode(0)
    /// The verdict is negative: a signature does not verify, a gate refuses.
    static let negative = ExitCode(1)
    /// Usage or bad input: a bad flag, a malformed file or configuration, a wrong password.
    static let badInput = ExitCode(2)
    /// The environment failed: a file cannot be read or written, a server cannot be reached, the advisory
    /// database is unusable or too old.
    static let environment = ExitCode(3)
    /// `seal exec` could not start the child.
    static let cannotStart = ExitCode(125)

    /// `seal audit` findings: 16 plus the bitset (advisories 1, licences 2, sources 4, bans 8).
    static func findings(_ bits: Int32) -> ExitCode { ExitCode(16 + bits) }

    /// The table as the sheet has it: code and meaning, for the top-level help.
    static let table: [(code: String, meaning: String)] = [
        ("0", "success; the verdict is positive"),
        ("1", "the verdict is negative: a signature does not verify, a gate refuses"),
        ("2", "usage or bad input: a bad flag, a malformed file or configuration, a wrong password"),
        (
            "3",
            "the environment failed: a file cannot be read or written, a server cannot be reached, the advisory "
                + "database is unusable or too old"
        ),
        ("16-31", "seal audit findings: 16 plus a bitset: advisories 1, licences 2, sources 4, bans 8"),
        (
            "125",
            "seal exec could not start the child (configuration, authentication or a missing secret); otherwise "
                + "seal exec exits with the child's status, 128 + N when the child died of signal N"
        ),
    ]

    /// ``table`` as help text: the code, then its meaning wrapped to 78 columns under itself.
    static var helpText: String {
        var lines = ["Exit codes:"]
        for (code, meaning) in table {
            var line = "  " + code.padding(toLength: 6, withPad: " ", startingAt: 0)
            for word in meaning.split(separator: " ") {
                if line.count + 1 + word.count > 78 {
                    lines.append(line)
                    line = String(repeating: " ", count: 8)
                }
                line += (line.hasSuffix(" ") ? "" : " ") + word
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Prints `seal: <message>` on standard error.
    static func report(_ message: String) {
        FileHandle.standardError.write(Data("seal: \(message)\n".utf8))
    }

    /// The message to print and the exit code for a failure (nil message for an `ExitCode` already decided);
    /// nil for an error of no known kind, which is left to ArgumentParser.
    static func outcome(of error: any Error) -> (message: String?, code: ExitCode)? {
        switch error {
        case let error as ExitCode:
            return (nil, error)
        case let error as MinisignError:
            return (error.description, error.code == .io ? environment : badInput)
        case let error as DigestError:
            return (error.message, environment)
        case let error as AtomicFile.WriteError:
            return (error.description, error.alreadyExists ? badInput : environment)
        case let error as SodiumError:
            return (error.description, environment)
        case let error as VaultError:
            let bad: [VaultError.Code] = [.configuration, .badRequest, .notFound, .unsupportedMount]
            return (error.description, bad.contains(error.code) ? badInput : environment)
        case let error as AuditError:
            let environmental: [AuditError.Code] = [.databaseUnusable, .databaseTooOld, .io]
            return (error.description, environmental.contains(error.code) ? environment : badInput)
        case let error as SBOMError:
            let environmental: [SBOMError.Code] = [.io, .toolFailed, .missingCheckout]
            return (error.description, environmental.contains(error.code) ? environment : badInput)
        case let error as ProvenanceError:
            return (error.description, [.signerFailed, .io].contains(error.code) ? environment : badInput)
        case let error as ReleaseError:
            switch error.code {
            case .negative: return (error.description, negative)
            case .io: return (error.description, environment)
            default: return (error.description, badInput)
            }
        case let error as CLIError:
            return (error.message, error.exitCode)
        default:
            return nil
        }
    }

    /// Runs `body`, turning the project's errors into a message on standard error and the table's exit code.
    static func mapping<R>(_ body: () async throws -> R) async throws -> R {
        do {
            return try await body()
        } catch {
            guard let (message, code) = outcome(of: error) else { throw error }
            if let message { report(message) }
            throw code
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
