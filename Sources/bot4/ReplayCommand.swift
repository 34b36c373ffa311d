import ArgumentParser
import FileSystem
import Foundation
import JSON
import TradingCore
import TradingVenue

/// `bot4 replay`: a tape of real trades through the core and the simulated venue, in memory; prints the fills
/// and the decision latency percentiles (``TapeReplay``).
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a trade tape through the core and the simulated venue: fills and latency percentiles.",
        discussion: """
            Each trade of the tape becomes the resting order that made it (GTC LIMIT on the maker's side) and \
            the order that took it (IOC LIMIT on the other side, same price), decided in order by the venue's \
            path (timing, the symbol's filters with the venue's average price, STP, matching, ledger) with the \
            tape's time as the server's clock, in memory: nothing is written to PostgreSQL and no balance is \
            checked. A quantity finer than the symbol's LOT_SIZE step is rounded down to it; orders the filters \
            refuse are counted by Binance's code and message. Tape: trade_id,price,qty,time_ms,is_buyer_maker \
            with a header line (the project's market data).

            Example:
              bot4 replay --tape BTCUSDT-trades.csv --exchange-info exchangeInfo.json --symbol BTCUSDT

            Exit codes: 0 replayed; 2 bad input (a malformed tape names its line; an unknown symbol; a malformed \
            or unreadable exchangeInfo); 3 the tape cannot be read.
            """
    )

    @Option(name: .long, help: "Trade tape CSV (trade_id,price,qty,time_ms,is_buyer_maker).")
    var tape: String
    @Option(name: .customLong("exchange-info"), help: "The exchangeInfo JSON file, as Binance serves it.")
    var exchangeInfo: String
    @Option(help: "The tape's symbol.") var symbol: String = "BTCUSDT"
    @Option(help: "text (default) or json.") var format: String = "text"

    func run() throws {
        guard format == "text" || format == "json" else { throw Bot4Exit.badInput("--format must be text or json") }
        let info = try ExchangeInfo.load(exchangeInfo)
        guard let rules = info.symbol(symbol) else {
            throw Bot4Exit.badInput("--symbol: \(symbol) is not in \(exchangeInfo)")
        }
        let bytes: [UInt8]
        do {
            bytes = try BoundedFile.read(tape, limit: 1 << 30)
        } catch {
            FileHandle.standardError.write(Data("bot4: \(tape): \(error.reason)\n".utf8))
            throw Bot4Exit.environment
        }
        let trades: [TradeTape.Trade]
        do {
            trades = try TradeTape.load(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw Bot4Exit.badInput("\(tape): \(error.message)")
        }
        let report = TapeReplay.run(trades, intake: OrderIntake(symbol: rules, exchangeFilters: info.exchangeFilters))
        print(format == "json" ? json(report) : text(report))
    }

    private func text(_ report: TapeReplayReport) -> String {
        let refused = report.rejections.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        let latency = report.decisionLatency
        return """
            \(report.symbol): \(report.tapeTrades) trades on the tape, \(report.skippedTrades) skipped (zero at \
            the LOT_SIZE step), \(report.roundedQuantities) quantities rounded down to it
            orders \(report.orders): accepted \(report.accepted), refused \(report.orders - report.accepted)\
            \(refused.isEmpty ? "" : " (\(refused.joined(separator: "; ")))")
            fills \(report.fills) (\(report.fillsAsOnTape) at the tape's price and quantity), volume \
            \(report.baseVolume) base, \(report.quoteVolume) quote
            average price \(report.averagePrice.map { "\($0)" } ?? "none"), last price \
            \(report.lastPrice.map { "\($0)" } ?? "none")
            decision latency µs: p50 \(micros(latency.p50)), p99 \(micros(latency.p99)), p99.9 \
            \(micros(latency.p999)), max \(micros(latency.max)) (\(latency.count) decisions, \
            \(Int(report.ordersPerSecond.rounded())) orders/s)
            """
    }

    private func json(_ report: TapeReplayReport) -> String {
        let latency = report.decisionLatency
        func optional(_ value: FixedDecimal?) -> JSONValue { value.map { .string($0.description) } ?? .null }
        let latencyMembers: [(String, JSONValue)] = [
            ("count", .integer(latency.count)), ("p50", .number(micros(latency.p50))),
            ("p99", .number(micros(latency.p99))), ("p999", .number(micros(latency.p999))),
            ("max", .number(micros(latency.max))),
        ]
        let rejections: [(String, JSONValue)] = report.rejections.sorted { $0.key < $1.key }.map {
            ($0.key, .integer($0.value))
        }
        var members: [(String, JSONValue)] = [
            ("symbol", .string(report.symbol)), ("tapeTrades", .integer(report.tapeTrades)),
            ("skippedTrades", .integer(report.skippedTrades)),
            ("roundedQuantities", .integer(report.roundedQuantities)),
            ("orders", .integer(report.orders)), ("accepted", .integer(report.accepted)),
            ("rejections", .object(rejections)),
        ]
        members += [
            ("fills", .integer(report.fills)), ("fillsAsOnTape", .integer(report.fillsAsOnTape)),
            ("baseVolume", .string(report.baseVolume.description)),
            ("quoteVolume", .string(report.quoteVolume.description)),
            ("averagePrice", optional(report.averagePrice)), ("lastPrice", optional(report.lastPrice)),
            ("firstTradeMs", report.firstTradeMs.map { .number(String($0)) } ?? .null),
            ("lastTradeMs", report.lastTradeMs.map { .number(String($0)) } ?? .null),
            ("decisionLatencyMicros", .object(latencyMembers)),
            ("ordersPerSecond", .integer(Int(report.ordersPerSecond.rounded()))),
        ]
        let document = JSONValue.object(members)
        return String(decoding: JSONWriter.compactBytes(document, memberOrder: .asGiven), as: UTF8.self)
    }

    /// A duration in µs with one decimal.
    private func micros(_ duration: Duration) -> String {
        let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        return String(format: "%.1f", Double(nanoseconds) / 1_000)
    }
}
