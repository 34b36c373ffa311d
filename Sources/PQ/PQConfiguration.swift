/// How to reach and log in to PostgreSQL: a libpq URI or conninfo string without the password, and the login
/// given separately.
///
/// The URL is passed to libpq as it is (so every libpq parameter works: `sslmode`, `sslrootcert`, `host` as a
/// socket folder, several hosts with `target_session_attrs`); the user and password are separate keywords
/// after it, so they override anything in the URL and the password never sits in a string that could be
/// logged. A URL that carries a password itself is refused.
public struct PQConfiguration: Sendable, CustomStringConvertible {
    /// A libpq URI (`postgresql://host:5432/bot4?sslmode=verify-full`) or conninfo (`host=… dbname=…`).
    public var url: String
    /// The login's user name; `nil` leaves it to the URL or libpq's defaults.
    public var user: String?
    /// The login's password; `nil` leaves it to libpq (a `.pgpass` file, or none).
    public var password: PQPassword?
    /// Reported to the server as `application_name`.
    public var applicationName: String
    /// libpq's `connect_timeout` in seconds, used unless the URL sets one.
    public var connectTimeoutSeconds: Int
    /// How long a connection that failed to open waits before the next attempt.
    public var backoff: PQConnectionStateMachine.Backoff

    /// Creates a configuration.
    public init(
        url: String,
        user: String? = nil,
        password: PQPassword? = nil,
        applicationName: String = "bot4",
        connectTimeoutSeconds: Int = 10,
        backoff: PQConnectionStateMachine.Backoff = .init()
    ) {
        self.url = url
        self.user = user
        self.password = password
        self.applicationName = applicationName
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.backoff = backoff
    }

    /// The URL and user; the password only as whether there is one.
    public var description: String {
        "\(url) (user: \(user ?? "default"), password: \(password == nil ? "none" : "given"))"
    }
}
