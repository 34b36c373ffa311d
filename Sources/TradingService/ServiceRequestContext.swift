import Hummingbird
import NIOCore

/// The request context of the service: Hummingbird's core context and the client's address, which the
/// request-weight limits count by.
public struct ServiceRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The client's address, as the connection reports it.
    public let remoteAddress: SocketAddress?

    /// Creates the context of one request on `source`'s connection.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address (a Unix socket's path, or `unknown`): the key of the request-weight limits.
    var client: String { remoteAddress?.ipAddress ?? remoteAddress?.pathname ?? "unknown" }
}
