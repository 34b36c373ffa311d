extension PostgresServer {
    /// The environment `bot4 migrate` and `bot4 serve` read: `BOT4_DATABASE_URL` of `database`, the superuser
    /// as `BOT4_DATABASE_USER`/`BOT4_DATABASE_PASSWORD`, and `apiKey` as `BOT4_API_KEY`.
    public func bot4Environment(database: String, apiKey: String = "migrate-test-key") -> [String: String] {
        [
            "BOT4_DATABASE_URL": url(database: database),
            "BOT4_DATABASE_USER": "postgres",
            "BOT4_DATABASE_PASSWORD": superuserPassword,
            "BOT4_API_KEY": apiKey,
        ]
    }
}
