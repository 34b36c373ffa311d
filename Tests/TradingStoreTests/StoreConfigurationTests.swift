import Bot4TestSupport
import Foundation
import PQ
import Testing
import TradingStore

/// The sheet's database variables, in the environment or in files; errors name the variable, never a value.
struct StoreConfigurationTests {
    static let url = "postgresql://127.0.0.1:5432/bot4?sslmode=verify-full"
    static let secret = "s3cret-\(UUID().uuidString)"

    @Test func theLoginComesFromTheEnvironment() throws {
        let configuration = try StoreConfiguration.connection(from: [
            "BOT4_DATABASE_URL": Self.url, "BOT4_DATABASE_USER": "v-bot4-1", "BOT4_DATABASE_PASSWORD": Self.secret,
        ])
        #expect(configuration.url == Self.url)
        #expect(configuration.user == "v-bot4-1")
        #expect(configuration.password?.isEmpty == false)
        #expect(!String(describing: configuration).contains(Self.secret))
    }

    @Test func theLoginComesFromFiles() throws {
        let directory = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let userFile = directory.appendingPathComponent("user")
        let passwordFile = directory.appendingPathComponent("password")
        try Data("v-bot4-2\n".utf8).write(to: userFile)
        try Data(Self.secret.utf8).write(to: passwordFile)
        let configuration = try StoreConfiguration.connection(from: [
            "BOT4_DATABASE_URL": Self.url, "BOT4_DATABASE_USER_FILE": userFile.path,
            "BOT4_DATABASE_PASSWORD_FILE": passwordFile.path,
        ])
        #expect(configuration.user == "v-bot4-2")
        let missing = #expect(throws: TradingStoreError.self) {
            try StoreConfiguration.connection(from: [
                "BOT4_DATABASE_URL": Self.url, "BOT4_DATABASE_USER_FILE": userFile.path,
                "BOT4_DATABASE_PASSWORD_FILE": directory.appendingPathComponent("absent").path,
            ])
        }
        #expect(missing?.message.contains("BOT4_DATABASE_PASSWORD_FILE") == true)
    }

    @Test(arguments: [
        (["BOT4_DATABASE_USER": "u", "BOT4_DATABASE_PASSWORD": secret], "BOT4_DATABASE_URL"),
        (["BOT4_DATABASE_URL": url, "BOT4_DATABASE_PASSWORD": secret], "BOT4_DATABASE_USER"),
        (["BOT4_DATABASE_URL": url, "BOT4_DATABASE_USER": "u"], "BOT4_DATABASE_PASSWORD"),
    ])
    func aMissingVariableIsNamedAndNoValueShown(environment: [String: String], missing: String) {
        let error = #expect(throws: TradingStoreError.self) { try StoreConfiguration.connection(from: environment) }
        #expect(error?.message.contains(missing) == true)
        #expect(error?.message.contains(Self.secret) == false)
    }
}
