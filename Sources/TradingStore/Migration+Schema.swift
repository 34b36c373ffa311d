extension Migration {
    /// The store's migrations, in order. Never edit an applied one: add the next version.
    ///
    /// Amounts are `NUMERIC` (exact decimals of any scale), not integers scaled by a fixed power of ten:
    /// - Binance's precisions differ per asset and symbol (up to 8 decimals, and some assets more), so a
    ///   single scale would either lose digits or overflow `BIGINT` (a 1e-18 scale caps amounts near 9.2);
    /// - values cross the boundary as decimal strings, exactly as the REST API writes them, with no
    ///   conversion to get wrong;
    /// - balance changes are done in SQL (`free = free - $1`), where `NUMERIC` arithmetic is exact and the
    ///   `CHECK (free >= 0)` constraints make an overdraft impossible even with several instances.
    /// The cost, slower arithmetic than `BIGINT`, is negligible beside a durable commit.
    public static let all: [Migration] = [
        Migration(
            version: 1,
            name: "accounts, balances, orders, fills, event log, idempotency keys",
            sql: """
                CREATE TABLE accounts (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    api_key TEXT NOT NULL UNIQUE,
                    funded BOOLEAN NOT NULL DEFAULT false,
                    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
                );
                CREATE TABLE balances (
                    account_id BIGINT NOT NULL REFERENCES accounts (id),
                    asset TEXT NOT NULL,
                    free NUMERIC NOT NULL DEFAULT 0 CONSTRAINT balances_free_not_negative CHECK (free >= 0),
                    locked NUMERIC NOT NULL DEFAULT 0 CONSTRAINT balances_locked_not_negative CHECK (locked >= 0),
                    PRIMARY KEY (account_id, asset)
                );
                CREATE TABLE orders (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    account_id BIGINT NOT NULL REFERENCES accounts (id),
                    symbol TEXT NOT NULL,
                    client_order_id TEXT NOT NULL,
                    side TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
                    type TEXT NOT NULL,
                    time_in_force TEXT,
                    price NUMERIC CHECK (price >= 0),
                    orig_qty NUMERIC NOT NULL CHECK (orig_qty >= 0),
                    executed_qty NUMERIC NOT NULL DEFAULT 0 CHECK (executed_qty >= 0),
                    cummulative_quote_qty NUMERIC NOT NULL DEFAULT 0 CHECK (cummulative_quote_qty >= 0),
                    status TEXT NOT NULL,
                    created_ms BIGINT NOT NULL,
                    updated_ms BIGINT NOT NULL
                );
                CREATE INDEX orders_by_client_id ON orders (account_id, symbol, client_order_id);
                CREATE INDEX orders_open ON orders (account_id, symbol) WHERE status IN ('NEW', 'PARTIALLY_FILLED');
                CREATE TABLE fills (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    symbol TEXT NOT NULL,
                    order_id BIGINT NOT NULL REFERENCES orders (id),
                    account_id BIGINT NOT NULL REFERENCES accounts (id),
                    price NUMERIC NOT NULL CHECK (price > 0),
                    qty NUMERIC NOT NULL CHECK (qty > 0),
                    quote_qty NUMERIC NOT NULL CHECK (quote_qty >= 0),
                    commission NUMERIC NOT NULL CHECK (commission >= 0),
                    commission_asset TEXT NOT NULL,
                    is_buyer BOOLEAN NOT NULL,
                    is_maker BOOLEAN NOT NULL,
                    time_ms BIGINT NOT NULL
                );
                CREATE INDEX fills_by_account ON fills (account_id, symbol, id);
                CREATE TABLE events (
                    symbol TEXT NOT NULL,
                    seq BIGINT NOT NULL CHECK (seq >= 1),
                    type TEXT NOT NULL,
                    payload BYTEA NOT NULL,
                    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                    PRIMARY KEY (symbol, seq)
                );
                CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'the event log is append-only' USING ERRCODE = 'restrict_violation';
                END
                $$;
                CREATE TRIGGER events_no_update_or_delete BEFORE UPDATE OR DELETE ON events
                    FOR EACH ROW EXECUTE FUNCTION events_append_only();
                CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
                    FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();
                CREATE TABLE idempotency_keys (
                    account_id BIGINT NOT NULL REFERENCES accounts (id),
                    client_order_id TEXT NOT NULL,
                    order_id BIGINT,
                    created_ms BIGINT NOT NULL,
                    PRIMARY KEY (account_id, client_order_id)
                );
                """
        ),
        Migration(
            version: 2,
            name: "what an order was placed with: quote order quantity, stop price, iceberg quantity, STP mode",
            sql: """
                ALTER TABLE orders
                    ADD COLUMN orig_quote_order_qty NUMERIC CHECK (orig_quote_order_qty >= 0),
                    ADD COLUMN stop_price NUMERIC CHECK (stop_price >= 0),
                    ADD COLUMN iceberg_qty NUMERIC CHECK (iceberg_qty >= 0),
                    ADD COLUMN stp_mode TEXT;
                """
        ),
    ]
}
