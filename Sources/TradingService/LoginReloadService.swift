import Logging
import ServiceLifecycle
import TradingStore
import UnixSignals

/// Re-reads the database login on SIGHUP, as `seal exec` signals a new lease delivered as files
/// (`BOT4_DATABASE_USER_FILE`, `BOT4_DATABASE_PASSWORD_FILE`): connections opened afterwards use the new
/// user and password while those lent at that moment finish with the old ones (``PQConnectionPool``).
///
/// A login that cannot be read keeps the current one and is logged by variable name, never by value.
struct LoginReloadService: Service {
    let desk: TradingDesk
    let environment: [String: String]
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            do {
                let configuration = try StoreConfiguration.connection(from: environment, applicationName: "bot4-serve")
                desk.pool.updateConfiguration(configuration)
                logger.notice("SIGHUP: the database login was re-read; new connections use it")
            } catch {
                logger.error("SIGHUP: the database login was not re-read, the current one stays: \(error.message)")
            }
        }
    }
}
