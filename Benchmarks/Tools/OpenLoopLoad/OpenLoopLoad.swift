import Foundation
import NIOCore
import NIOPosix

/// An open-loop, fixed-rate load generator for `bot4 serve`: signed `POST /api/v3/order` at R orders per second
/// for S seconds over C keep-alive connections, each latency measured from the order's intended send time.
///
/// Usage: see ``LoadOptions/usage``. Exits 0 after writing BENCH_ANSWERED and BENCH_RESULT (whatever the answers
/// were: the caller judges them), 1 on a usage error, 2 when a file cannot be written.
@main
struct OpenLoopLoad {
    static func main() {
        let options: LoadOptions
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["--help"] || arguments == ["-h"] {
            print(LoadOptions.usage)
            return
        }
        do {
            options = try LoadOptions.parse(arguments: arguments, environment: ProcessInfo.processInfo.environment)
        } catch {
            fail(1, "OpenLoopLoad: \(error.message)\n\(LoadOptions.usage)")
        }

        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let summary: LoadSummary
        do {
            summary = try loop.flatSubmit { LoadRun(options: options, eventLoop: loop).run() }.wait()
        } catch {
            fail(2, "OpenLoopLoad: the run failed: \(error)")
        }
        try? group.syncShutdownGracefully()

        let ids = summary.answeredIDs.map { $0 + "\n" }.joined()
        do {
            try Data(ids.utf8).write(to: URL(filePath: options.answeredPath))
        } catch {
            fail(2, "OpenLoopLoad: cannot write BENCH_ANSWERED (\(options.answeredPath)): \(error)")
        }
        do {
            try Data((summary.resultLine + "\n").utf8).write(to: URL(filePath: options.resultPath))
        } catch {
            fail(2, "OpenLoopLoad: cannot write BENCH_RESULT (\(options.resultPath)): \(error)")
        }
    }

    static func fail(_ code: Int32, _ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(code)
    }
}
