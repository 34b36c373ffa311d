import NIOCore
import NIOHTTP1

/// One keep-alive HTTP/1.1 connection of a ``LoadRun``: sends one signed order at a time and hands each complete
/// answer, or the loss of the connection, back to the run.
final class OrderConnection: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    /// An order on its way: its index in the schedule and the time it was meant to be sent.
    struct Order {
        var index: Int
        var intended: NIODeadline
    }

    private let run: LoadRun
    private let hostHeader: String
    private let apiKey: String
    private var context: ChannelHandlerContext?
    /// The order sent and not yet answered.
    private(set) var inFlight: Order?
    private var status = HTTPResponseStatus.ok
    private var body = ByteBuffer()
    private var gone = false

    init(run: LoadRun, hostHeader: String, apiKey: String) {
        self.run = run
        self.hostHeader = hostHeader
        self.apiKey = apiKey
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func channelActive(context: ChannelHandlerContext) {
        run.opened(self)
        context.fireChannelActive()
    }

    /// Writes `POST uri` with the API key header; the connection must be idle.
    func send(_ order: Order, uri: String) {
        guard let context, !gone else { return }
        precondition(inFlight == nil, "an order is already in flight on this connection")
        inFlight = order
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: uri)
        head.headers.add(name: "Host", value: hostHeader)
        head.headers.add(name: "X-MBX-APIKEY", value: apiKey)
        head.headers.add(name: "Content-Length", value: "0")
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            guard let order = inFlight else { return }
            inFlight = nil
            run.answered(order, status: status, body: String(buffer: body), on: self)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        lose()
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        lose()
        context.fireChannelInactive()
    }

    /// Closes the connection at the end of the run.
    func close() {
        gone = true
        context?.close(promise: nil)
    }

    private func lose() {
        guard !gone else { return }
        gone = true
        run.lost(self)
    }
}
