/// What one run of ``OpenLoopLoad`` does: where it sends, how fast, for how long, over how many connections, and
/// the credentials, client order id prefix and output files, read from the command line and the environment.
struct LoadOptions: Sendable {
    /// The command line and environment the generator expects.
    static let usage = """
        usage: OpenLoopLoad --port P --rate R --seconds S [--host H] [--connections C]
          --host H         the service's address (default 127.0.0.1)
          --port P         the service's port
          --rate R         orders per second, sent at fixed intervals (request i at start + i/R)
          --seconds S      how long orders are sent; answers are awaited up to 10 s longer
          --connections C  keep-alive HTTP/1.1 connections opened up front (default 64)
        environment: BENCH_API_KEY, BENCH_API_SECRET (the HMAC-SHA256 key), BENCH_TAG (client order id prefix),
          BENCH_ANSWERED (file: each answered clientOrderId on its own line), BENCH_RESULT (file: one line,
          intended sent answered failures socket_errors seconds achieved_rate p50_ms p99_ms p99.9_ms max_ms)
        """

    /// The most orders one run schedules (rate × seconds), so that a typo cannot exhaust memory.
    static let maximumIntended = 50_000_000

    var host = "127.0.0.1"
    var port = 0
    var rate = 0.0
    var seconds = 0.0
    var connections = 64
    var apiKey = ""
    /// The HMAC-SHA256 key: the UTF-8 bytes of BENCH_API_SECRET, as Binance signs. Never printed.
    var secret: [UInt8] = []
    var tag = ""
    var answeredPath = ""
    var resultPath = ""

    /// How many orders the run schedules: every i ≥ 0 with i/R < S.
    var intended: Int { Int((rate * seconds).rounded(.up)) }

    /// The options of `arguments` (without the program name) and `environment`; a `UsageError` names the argument
    /// or variable that is missing or malformed.
    static func parse(arguments: [String], environment: [String: String]) throws(UsageError) -> LoadOptions {
        var options = LoadOptions()
        var seen: Set<String> = []
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard ["--host", "--port", "--rate", "--seconds", "--connections"].contains(flag) else {
                throw UsageError("unknown argument '\(flag)'")
            }
            guard let value = rest.popFirst() else { throw UsageError("\(flag) needs a value") }
            guard seen.insert(flag).inserted else { throw UsageError("\(flag) is given twice") }
            switch flag {
            case "--host":
                guard !value.isEmpty else { throw UsageError("--host: empty") }
                options.host = value
            case "--port":
                guard let port = Int(value), (1...65_535).contains(port) else {
                    throw UsageError("--port: expected 1-65535, got '\(value)'")
                }
                options.port = port
            case "--rate":
                guard let rate = Double(value), rate.isFinite, rate > 0 else {
                    throw UsageError("--rate: expected a positive number of requests per second, got '\(value)'")
                }
                options.rate = rate
            case "--seconds":
                guard let seconds = Double(value), seconds.isFinite, seconds > 0 else {
                    throw UsageError("--seconds: expected a positive number, got '\(value)'")
                }
                options.seconds = seconds
            default:
                guard let connections = Int(value), (1...10_000).contains(connections) else {
                    throw UsageError("--connections: expected 1-10000, got '\(value)'")
                }
                options.connections = connections
            }
        }
        for required in ["--port", "--rate", "--seconds"] where !seen.contains(required) {
            throw UsageError("\(required) is required")
        }
        guard options.intended <= maximumIntended else {
            throw UsageError(
                "--rate × --seconds: at most \(maximumIntended) orders per run, asked for \(options.intended)"
            )
        }
        func variable(_ name: String) throws(UsageError) -> String {
            guard let value = environment[name], !value.isEmpty else { throw UsageError("\(name) is not set") }
            return value
        }
        options.apiKey = try variable("BENCH_API_KEY")
        options.secret = Array(try variable("BENCH_API_SECRET").utf8)
        options.tag = try variable("BENCH_TAG")
        options.answeredPath = try variable("BENCH_ANSWERED")
        options.resultPath = try variable("BENCH_RESULT")
        return options
    }
}

/// A command line or environment the generator cannot run with; the message names the argument or variable.
struct UsageError: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
