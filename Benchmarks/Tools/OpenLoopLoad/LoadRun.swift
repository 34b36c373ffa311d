import Digest
import Foundation
import Histogram
import NIOCore
import NIOHTTP1
import NIOPosix

/// One open-loop run, confined to its event loop: opens the connections, sends order i at its intended time
/// start + i/R on an idle connection (or queues it, first in first out, until one frees), and measures each answer
/// from the intended time, so that time spent waiting for a connection counts (no coordinated omission).
///
/// The run ends when every scheduled order is answered, or 10 s after the last intended send time, or when no
/// connection is left. An order still unanswered at that point is recorded with the time it has waited so far, so
/// that a backlog shows in the percentiles; it is neither answered nor a failure.
final class LoadRun {
    /// How long answers are awaited after the last intended send time.
    static let drain = TimeAmount.seconds(10)

    private let options: LoadOptions
    private let eventLoop: any EventLoop
    private let promise: EventLoopPromise<LoadSummary>
    private var summary = LoadSummary()
    private var latencies = Histogram<UInt64>()

    private var connections: [OrderConnection] = []
    private var idle: [OrderConnection] = []
    private var waiting = CircularBuffer<Int>()
    private var settled = 0
    private var start: NIODeadline?
    private var next = 0
    private var timer: Scheduled<Void>?
    private var finished = false

    /// A run of `options` on `eventLoop`; call ``run()`` on that loop.
    init(options: LoadOptions, eventLoop: any EventLoop) {
        self.options = options
        self.eventLoop = eventLoop
        self.promise = eventLoop.makePromise()
        self.summary.intended = options.intended
    }

    /// Opens the connections, runs the schedule and completes with the summary.
    func run() -> EventLoopFuture<LoadSummary> {
        eventLoop.preconditionInEventLoop()
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        let hostHeader = "\(options.host):\(options.port)"
        let apiKey = options.apiKey
        let bootstrap = ClientBootstrap(group: eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(
                        OrderConnection(run: bound.value, hostHeader: hostHeader, apiKey: apiKey)
                    )
                }
            }
        for _ in 0..<options.connections {
            bootstrap.connect(host: options.host, port: options.port).assumeIsolated().whenFailure { _ in
                self.summary.socketErrors += 1
                self.settled += 1
                self.beginWhenSettled()
            }
        }
        return promise.futureResult
    }

    /// A connection is open and idle (from its `channelActive`).
    func opened(_ connection: OrderConnection) {
        guard !finished else {
            connection.close()
            return
        }
        connections.append(connection)
        idle.append(connection)
        settled += 1
        beginWhenSettled()
    }

    /// A connection failed or was closed by the peer; its order in flight, if any, stays unanswered.
    func lost(_ connection: OrderConnection) {
        guard !finished else { return }
        summary.socketErrors += 1
        connections.removeAll { $0 === connection }
        idle.removeAll { $0 === connection }
        if connections.isEmpty {
            if settled == options.connections { finish() }
        } else if start != nil && next == options.intended && waiting.isEmpty && connections.count == idle.count {
            finish()
        }
    }

    /// The complete answer to `order` on `connection`: records its latency, collects its clientOrderId, and gives
    /// the connection the next waiting order or marks it idle.
    func answered(
        _ order: OrderConnection.Order,
        status: HTTPResponseStatus,
        body: String,
        on connection: OrderConnection
    ) {
        guard !finished else { return }
        record(order, at: .now())
        if status == .ok, let id = Self.clientOrderID(in: body) {
            summary.answeredIDs.append(id)
        } else {
            summary.failures += 1
            if summary.failures <= 3 {
                FileHandle.standardError.write(
                    Data("non-2xx or unexpected answer: \(status.code) \(body.prefix(300))\n".utf8)
                )
            }
        }
        if let index = waiting.popFirst() {
            send(index, on: connection)
        } else {
            idle.append(connection)
            if next == options.intended && connections.count == idle.count { finish() }
        }
    }

    private func beginWhenSettled() {
        guard settled == options.connections, start == nil, !finished else { return }
        guard !connections.isEmpty else { return finish() }
        start = .now()
        emitDue()
    }

    /// Sends (or queues) every order whose intended time has come, then sleeps until the next one is due.
    private func emitDue() {
        guard !finished, let start else { return }
        let now = NIODeadline.now()
        while next < options.intended, intendedTime(of: next, from: start) <= now {
            if let connection = idle.popLast() {
                send(next, on: connection)
            } else {
                waiting.append(next)
            }
            next += 1
        }
        let isolated = eventLoop.assumeIsolated()
        if next < options.intended {
            timer = isolated.scheduleTask(deadline: intendedTime(of: next, from: start)) { self.emitDue() }
        } else if waiting.isEmpty && connections.count == idle.count {
            finish()
        } else {
            let end = start + .nanoseconds(Int64((options.seconds * 1e9).rounded())) + Self.drain
            timer = isolated.scheduleTask(deadline: end) { self.finish() }
        }
    }

    private func intendedTime(of index: Int, from start: NIODeadline) -> NIODeadline {
        start + .nanoseconds(Int64((Double(index) * 1e9 / options.rate).rounded()))
    }

    private func send(_ index: Int, on connection: OrderConnection) {
        guard let start else { return }
        let milliseconds = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        let query =
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=IOC&quantity=0.00100&price=25000.00"
            + "&newOrderRespType=ACK&newClientOrderId=\(options.tag)o\(index)&timestamp=\(milliseconds)"
        let signature = Self.hex(HMACSHA256.mac(key: options.secret, message: Array(query.utf8)))
        connection.send(
            OrderConnection.Order(index: index, intended: intendedTime(of: index, from: start)),
            uri: "/api/v3/order?\(query)&signature=\(signature)"
        )
        summary.sent += 1
    }

    private func record(_ order: OrderConnection.Order, at now: NIODeadline) {
        let microseconds = Swift.max(0, (now - order.intended).nanoseconds / 1000)
        _ = latencies.record(UInt64(microseconds))
    }

    /// Ends the run: records what is still unanswered, closes the connections and completes the promise.
    private func finish() {
        guard !finished else { return }
        finished = true
        timer?.cancel()
        let now = NIODeadline.now()
        if let start {
            for connection in connections {
                if let order = connection.inFlight { record(order, at: now) }
            }
            for index in waiting {
                record(OrderConnection.Order(index: index, intended: intendedTime(of: index, from: start)), at: now)
            }
            let elapsed = Double((now - start).nanoseconds) / 1e9
            summary.seconds = Swift.max(options.seconds, elapsed)
        }
        for connection in connections { connection.close() }
        if latencies.totalCount > 0 {
            summary.p50 = Double(latencies.valueAtPercentile(50)) / 1000
            summary.p99 = Double(latencies.valueAtPercentile(99)) / 1000
            summary.p999 = Double(latencies.valueAtPercentile(99.9)) / 1000
            summary.max = Double(latencies.max) / 1000
        }
        promise.succeed(summary)
    }

    /// The value of the first `"clientOrderId":"…"` in `body`, if any.
    static func clientOrderID(in body: String) -> String? {
        guard let key = body.range(of: "\"clientOrderId\":\"") else { return nil }
        let rest = body[key.upperBound...]
        guard let end = rest.firstIndex(of: "\""), end > rest.startIndex else { return nil }
        return String(rest[..<end])
    }

    private static let digits = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
