import ArgumentParser
import Foundation
import TradingService

/// `bot4 serve`: the Binance-shaped REST service.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve Binance's spot REST API over the simulated venue, orders durable in PostgreSQL.",
        discussion: """
            Configuration from the environment (as seal exec --config policy/secrets.toml delivers it): \
            BOT4_DATABASE_URL; BOT4_DATABASE_USER and BOT4_DATABASE_PASSWORD (or their _FILE variants); \
            BOT4_API_KEY and BOT4_API_HMAC_SECRET; optionally BOT4_API_ED25519_KEY with \
            BOT4_API_ED25519_PUBLIC_KEY_FILE. A missing variable stops the service before it listens, named; no \
            value is ever printed. The database must be migrated (bot4 migrate). SIGTERM or SIGINT: stop \
            accepting, finish the requests in flight, exit 0. SIGHUP: re-read the database login (the _FILE \
            variables); new connections use it.

            Exit codes: 0 stopped by a signal; 2 bad input (usage, a malformed --listen, exchangeInfo or \
            reference prices file); 3 the environment failed (a missing variable, an unreadable file, the \
            database unreachable or not migrated, the address in use).
            """
    )

    @Option(name: .customLong("listen"), help: "HOST:PORT to listen on (port 0: any free port).")
    var listen: String

    @Option(name: .customLong("exchange-info"), help: "The exchangeInfo JSON whose symbols and filters are served.")
    var exchangeInfo: String

    @Option(
        name: .customLong("reference-prices"),
        help: "JSON {\"BTCUSDT\":\"26000.00\"}: each symbol's average price for the filters."
    )
    var referencePrices: String?

    @Option(
        name: .customLong("idempotency-window"),
        help: "How long a newClientOrderId stays taken (s, m, h or d; default 24h)."
    )
    var idempotencyWindow = "24h"

    @Option(
        name: .customLong("rate-limits"),
        help: "exchange: enforce the exchangeInfo's rateLimits (the default); off: none, for benchmarks."
    )
    var rateLimits = "exchange"

    func run() async throws {
        do {
            let request = ServeRequest(
                listen: listen,
                exchangeInfoPath: exchangeInfo,
                referencePricesPath: referencePrices,
                idempotencyWindow: try ServeRequest.window(idempotencyWindow),
                enforceRateLimits: try ServeRequest.rateLimits(rateLimits),
                environment: ProcessInfo.processInfo.environment
            )
            try await TradingService.run(request) { port in
                FileHandle.standardError.write(Data("bot4 serve: listening on port \(port)\n".utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("bot4 serve: \(error)\n".utf8))
            throw error.code == .invalidInput ? Bot4Exit.badInput : Bot4Exit.environment
        }
    }
}
