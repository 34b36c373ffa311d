import Logging
import ServiceLifecycle

/// `bot4 serve` as one call: read the configuration, open the desk, serve until SIGTERM or SIGINT.
public enum TradingService {
    /// Runs the service described by `request`.
    /// - Parameter onListening: called with the bound port once the server accepts connections.
    /// - Throws: ``ServiceError``: ``ServiceError/Code/invalidInput`` for a bad flag or file (exit code 2),
    ///   ``ServiceError/Code/environment`` for a missing variable, an unreadable file, the database or the
    ///   socket (exit code 3). Nothing listens before the configuration and the database are checked.
    public static func run(
        _ request: ServeRequest,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws(ServiceError) {
        let configuration = try ServiceConfiguration(request)
        let desk = try await TradingDesk(configuration: configuration)
        try await TradingServer(desk: desk).run(reloadingLoginFrom: request.environment, onListening: onListening)
    }
}
