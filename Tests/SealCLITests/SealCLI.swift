import Bot4TestSupport
import Foundation

/// Runs the built `seal` executable.
enum SealCLI {
    static var path: String { TestEnvironment.product("seal") }

    @discardableResult
    static func run(_ arguments: [String], input: String? = nil, in directory: URL? = nil) throws -> ProcessResult {
        try ProcessRunner.run(path, arguments, input: input.map { Data($0.utf8) }, directory: directory)
    }
}
