import FileSystem
import Foundation
import PQ

/// The database connection of `bot4 serve` and `bot4 migrate`, from the variables the sheet fixes:
/// `BOT4_DATABASE_URL` (a libpq URI or conninfo without the password), and the login either in the
/// environment (`BOT4_DATABASE_USER`, `BOT4_DATABASE_PASSWORD`) or in files named by
/// `BOT4_DATABASE_USER_FILE` and `BOT4_DATABASE_PASSWORD_FILE` (re-read by calling this again, on SIGHUP).
///
/// Errors name the variable or file that is missing or unusable, never a value.
public enum StoreConfiguration {
    /// The URL variable.
    public static let urlVariable = "BOT4_DATABASE_URL"
    /// The user variable.
    public static let userVariable = "BOT4_DATABASE_USER"
    /// The password variable.
    public static let passwordVariable = "BOT4_DATABASE_PASSWORD"

    /// Builds the connection configuration from `environment`.
    /// - Throws: ``TradingStoreError/Code/invalidInput`` naming the missing variable or unreadable file.
    public static func connection(
        from environment: [String: String],
        applicationName: String = "bot4"
    ) throws(TradingStoreError) -> PQConfiguration {
        guard let url = environment[urlVariable], !url.isEmpty else {
            throw TradingStoreError(.invalidInput, "\(urlVariable) is not set")
        }
        let user = try value(userVariable, in: environment)
        let password = try value(passwordVariable, in: environment)
        return PQConfiguration(
            url: url,
            user: user,
            password: PQPassword(password),
            applicationName: applicationName
        )
    }

    /// The variable's value, or the contents of the file its `_FILE` twin names (one trailing newline dropped).
    private static func value(_ name: String, in environment: [String: String]) throws(TradingStoreError) -> String {
        if let value = environment[name], !value.isEmpty { return value }
        guard let path = environment[name + "_FILE"], !path.isEmpty else {
            throw TradingStoreError(.invalidInput, "\(name) is not set (nor \(name)_FILE)")
        }
        let data: [UInt8]
        do {
            data = try BoundedFile.read(path, limit: 64 * 1024)
        } catch {
            throw TradingStoreError(.invalidInput, "\(name)_FILE: \(error)")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\r\n") {
            text.removeLast(1)
        } else if text.hasSuffix("\n") {
            text.removeLast()
        }
        guard !text.isEmpty else { throw TradingStoreError(.invalidInput, "\(name)_FILE: \(path) is empty") }
        return text
    }
}
