#!/usr/bin/env bash
# `bot4 serve` against pgbench, in the same run on the same throwaway PostgreSQL 15 cluster (fsync and
# synchronous_commit on, the defaults): signed POST /api/v3/order with wrk (closed loop, HMAC-SHA256 signing
# in Lua: serve-vs-pgbench.lua) at 1, 8 and 64 connections, `--rate-limits off`, each order a BUY LIMIT IOC that
# passes every filter and never rests; then pgbench's single-row INSERT into an order-shaped table with a unique
# key at 1, 8 and 64 clients. Reports orders/s and p50/p99/p99.9 of each, and serve's rate over pgbench's.
#
# CPU per order at each wrk level: utime+stime of the serve process and of the PostgreSQL cluster (the postmaster,
# including the children it has reaped, plus its live children) from /proc before and after the run, divided by
# the orders answered in it.
#
# Open loop: after the closed-loop levels, OpenLoopLoad (Benchmarks/Tools/OpenLoopLoad) sends the same orders at a
# fixed rate, half the highest closed-loop serve rate, for SECONDS_PER_RUN over 64 keep-alive connections; an
# order that finds no idle connection waits in a queue, and every latency counts from the order's intended send
# time (no coordinated omission). It reports the achieved rate, p50/p99/p99.9/max and CPU per order, and whether
# p99.9 is under 10 ms (the goal; reported, not enforced). Orders still unanswered 10 s after the last intended
# send are counted in the percentiles with the time they waited and reported as unanswered.
#
# Validity: every order wrk or OpenLoopLoad saw answered (200 with a clientOrderId) must be in the orders table,
# once; any other answer (non-2xx) or socket error makes the run INVALID. A warm-up run (2 s, 8 connections) is
# checked the same way and not reported.
#
# Usage (from anywhere, as root: PostgreSQL runs as the postgres user through runuser):
#   Benchmarks/scripts/serve-vs-pgbench.sh              (builds bot4 with -c release if BOT4 is unset, and
#                                                        OpenLoopLoad from Benchmarks/ if OPENLOOP is unset)
#   BOT4=.build/release/bot4 OPENLOOP=Benchmarks/.build/release/OpenLoopLoad SECONDS_PER_RUN=10 \
#     Benchmarks/scripts/serve-vs-pgbench.sh
# Exit codes: 0 measured (tables printed, whether or not the p99.9 goal is met); 1 failed or INVALID (a step
# failed, a non-2xx answer, a socket error, an answered order missing from the table); 3 a tool is missing (wrk,
# lua-luaossl, pgbench, PostgreSQL 15, runuser, curl, python3, getconf; scripts/setup installs them) or not run
# as root.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${SECONDS_PER_RUN:-10}"
levels=(1 8 64)

missing() { echo "serve-vs-pgbench: missing: $1 (scripts/setup installs it)" >&2; exit 3; }
for tool in wrk pgbench psql pg_config runuser curl python3 getconf; do command -v "$tool" >/dev/null || missing "$tool"; done
[ -f /usr/share/lua/5.1/openssl/hmac.lua ] || missing "lua-luaossl"
[ "$(id -u)" -eq 0 ] || { echo "serve-vs-pgbench: run as root (initdb and postgres run as postgres)" >&2; exit 3; }
pgbin="$(pg_config --bindir)"
[ -x "$pgbin/initdb" ] && [ -x "$pgbin/pg_ctl" ] || missing "PostgreSQL server binaries in $pgbin"
"$pgbin/postgres" --version | grep -q ' 15\.' || missing "PostgreSQL 15 (found $("$pgbin/postgres" --version))"

fail() { echo "serve-vs-pgbench: $*" >&2; exit 1; }
if [ -z "${BOT4:-}" ]; then
  (cd "$root" && swift build -c release --product bot4 >/dev/null) || fail "swift build -c release failed"
  BOT4="$root/.build/release/bot4"
fi
[ -x "$BOT4" ] || fail "no bot4 binary at $BOT4"
if [ -z "${OPENLOOP:-}" ]; then
  swift build -c release --package-path "$root/Benchmarks" --product OpenLoopLoad >/dev/null \
    || fail "swift build -c release --product OpenLoopLoad failed"
  OPENLOOP="$(swift build -c release --package-path "$root/Benchmarks" --show-bin-path)/OpenLoopLoad"
fi
[ -x "$OPENLOOP" ] || fail "no OpenLoopLoad binary at $OPENLOOP"
clk_tck="$(getconf CLK_TCK)"

work="$(mktemp -d)"
chown postgres "$work"
pg_started=0
serve_pid=""
cleanup() {
  if [ -n "$serve_pid" ]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  if [ "$pg_started" = 1 ]; then runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pg_port="$(free_port)"
runuser -u postgres -- "$pgbin/initdb" -D "$work/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 \
  >"$work/initdb.log" 2>&1 || fail "initdb failed: $(tail -5 "$work/initdb.log")"
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/data" -l "$work/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $work -c max_connections=200" start >/dev/null \
  || fail "PostgreSQL did not start: $(tail -5 "$work/server.log")"
pg_started=1
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }
psql_ -d postgres -c "CREATE DATABASE bot4bench" || fail "createdb failed"
settings="$(psql_ -d bot4bench -At -c "SELECT current_setting('fsync') || ' ' || current_setting('synchronous_commit')")"
[ "$settings" = "on on" ] || fail "fsync/synchronous_commit are not on: $settings"

export BOT4_DATABASE_URL="postgresql://127.0.0.1:$pg_port/bot4bench?sslmode=disable"
export BOT4_DATABASE_USER=postgres
export BOT4_DATABASE_PASSWORD="trust-auth-$RANDOM"   # the throwaway cluster trusts loopback logins
export BOT4_API_KEY=bench-key
BOT4_API_HMAC_SECRET="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
export BOT4_API_HMAC_SECRET
"$BOT4" migrate >"$work/migrate.log" 2>&1 || fail "bot4 migrate failed: $(cat "$work/migrate.log")"

serve_port="$(free_port)"
echo '{"BTCUSDT":"26000.00"}' >"$work/prices.json"
"$BOT4" serve --listen "127.0.0.1:$serve_port" --rate-limits off \
  --exchange-info "$root/Tests/TradingVenueTests/Fixtures/binance-spot-exchangeInfo-2023-09-08.subset.json" \
  --reference-prices "$work/prices.json" >"$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 300); do
  curl -fs "http://127.0.0.1:$serve_port/api/v3/ping" >/dev/null 2>&1 && break
  kill -0 "$serve_pid" 2>/dev/null || fail "bot4 serve stopped: $(cat "$work/serve.log")"
  sleep 0.1
done
curl -fs "http://127.0.0.1:$serve_port/api/v3/ping" >/dev/null || fail "bot4 serve did not answer"

psql_ -d bot4bench <<'SQL' || fail "creating the pgbench table failed"
CREATE TABLE bench_orders (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT NOT NULL,
    symbol TEXT NOT NULL,
    client_order_id TEXT NOT NULL,
    side TEXT NOT NULL,
    type TEXT NOT NULL,
    time_in_force TEXT,
    price NUMERIC,
    orig_qty NUMERIC NOT NULL,
    executed_qty NUMERIC NOT NULL,
    cummulative_quote_qty NUMERIC NOT NULL,
    status TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    UNIQUE (account_id, symbol, client_order_id)
);
CREATE TABLE bench_answered (client_order_id TEXT NOT NULL);
SQL
cat >"$work/insert.sql" <<'SQL'
INSERT INTO bench_orders (account_id, symbol, client_order_id, side, type, time_in_force, price, orig_qty,
    executed_qty, cummulative_quote_qty, status, created_ms)
VALUES (1, 'BTCUSDT', 'pg' || :client_id || '-' || txid_current(), 'BUY', 'LIMIT', 'IOC', 25000.00, 0.001, 0, 0,
    'EXPIRED', (extract(epoch FROM clock_timestamp()) * 1000)::bigint);
SQL
chown postgres "$work/insert.sql"

# p50 p99 p99.9 (ms) of the latencies (µs), one a line, in file $1.
percentiles() {
  sort -n "$1" | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "- - -"; exit }
    split("50 99 99.9", p, " ")
    for (i = 1; i <= 3; i++) { r = int((p[i] / 100) * NR + 0.999999); if (r < 1) r = 1; if (r > NR) r = NR
      printf "%s%.3f", (i > 1 ? " " : ""), v[r] / 1000 }
    print "" }'
}

# utime+stime (clock ticks) of process $1 from /proc/$1/stat (0 if it is gone); with $2 = children, also the
# cutime+cstime of the children it has reaped. The fields are read after the last ')', since the command name
# in parentheses may hold spaces: field 14 (utime) is then the 12th.
proc_ticks() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || { echo 0; return; }
  local -a f
  read -r -a f <<<"${stat##*)}"
  if [ "${2:-}" = children ]; then echo $((f[11] + f[12] + f[13] + f[14])); else echo $((f[11] + f[12])); fi
}

# CPU ticks of the PostgreSQL cluster: the postmaster (first line of postmaster.pid) with its reaped children,
# plus every live process whose parent (field 4) is the postmaster.
pg_ticks() {
  local postmaster total stat pid line
  local -a f
  read -r postmaster <"$work/data/postmaster.pid"
  total="$(proc_ticks "$postmaster" children)"
  for stat in /proc/[0-9]*/stat; do
    pid="${stat#/proc/}"; pid="${pid%/stat}"
    [ "$pid" = "$postmaster" ] && continue
    read -r line 2>/dev/null <"$stat" || continue
    read -r -a f <<<"${line##*)}"
    [ "${f[1]}" = "$postmaster" ] && total=$((total + f[11] + f[12]))
  done
  echo "$total"
}

# "serve_ticks pg_ticks" now.
cpu_ticks() { echo "$(proc_ticks "$serve_pid") $(pg_ticks)"; }

# ms of CPU per order: ticks before $1, after $2, over $3 orders.
ms_per_order() {
  awk -v a="$1" -v b="$2" -v n="$3" -v hz="$clk_tck" 'BEGIN { printf "%.3f", (n > 0 ? (b - a) * 1000 / hz / n : 0) }'
}

# Checks the answered ids in file $1 (expected $2 lines, ids starting with $3) against the orders table: each
# loaded once, each in the table, as many stored as answered; $4 names the run in messages.
check_answered() {
  local file="$1" expected="$2" prefix="$3" what="$4"
  local answered
  answered="$(wc -l <"$file")"
  [ "$answered" -eq "$expected" ] || fail "INVALID: $what counted $expected answers but collected $answered ids"
  [ "$answered" -gt 0 ] || fail "INVALID: no order answered ($what)"
  chmod a+r "$file"
  local check
  check="$(psql_ -d bot4bench -At <<SQL
TRUNCATE bench_answered;
\copy bench_answered FROM '$file'
SELECT (SELECT count(*) FROM bench_answered),
       (SELECT count(DISTINCT client_order_id) FROM bench_answered),
       (SELECT count(*) FROM bench_answered a
          WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.client_order_id = a.client_order_id
                            AND o.symbol = 'BTCUSDT')),
       (SELECT count(*) FROM orders WHERE client_order_id LIKE '$prefix' || '%');
SQL
)" || fail "checking the answered orders failed"
  local total distinct absent stored
  IFS='|' read -r total distinct absent stored <<<"$check"
  [ "$total" -eq "$answered" ] && [ "$distinct" -eq "$answered" ] \
    || fail "INVALID: $answered answered ids, $distinct distinct, $total loaded ($what)"
  [ "$absent" -eq 0 ] || fail "INVALID: $absent answered orders are not in the orders table ($what)"
  [ "$stored" -ge "$answered" ] || fail "INVALID: $stored orders stored for $answered answered ($what)"
}

# wrk at $1 connections for $2 seconds, orders tagged $3; prints "orders/s p50 p99 p99.9 serve_cpu pg_cpu" (ms,
# CPU in ms per order).
run_wrk() {
  local conns="$1" secs="$2" tag="$3" threads=2
  [ "$conns" -lt 2 ] && threads=1
  local cpu_before cpu_after
  cpu_before="$(cpu_ticks)"
  BENCH_API_KEY="$BOT4_API_KEY" BENCH_API_SECRET="$BOT4_API_HMAC_SECRET" BENCH_TAG="$tag" \
    BENCH_ANSWERED="$work/answered-$tag" BENCH_RESULT="$work/result-$tag" \
    wrk -t"$threads" -c"$conns" -d"${secs}s" -s "$root/Benchmarks/scripts/serve-vs-pgbench.lua" \
    "http://127.0.0.1:$serve_port" >"$work/wrk-$tag.log" 2>&1 || fail "wrk failed: $(cat "$work/wrk-$tag.log")"
  cpu_after="$(cpu_ticks)"
  local requests duration p50 p99 p999 failures socket
  read -r requests duration p50 p99 p999 failures socket <"$work/result-$tag" || fail "wrk wrote no result"
  [ "$failures" -eq 0 ] || fail "INVALID: $failures non-2xx answers at $conns connections: $(head -5 "$work/wrk-$tag.log")"
  [ "$socket" -eq 0 ] || fail "INVALID: $socket socket errors at $conns connections"
  check_answered "$work/answered-$tag" "$requests" "${tag}t" "wrk at $conns connections"
  local s_before p_before s_after p_after
  read -r s_before p_before <<<"$cpu_before"
  read -r s_after p_after <<<"$cpu_after"
  awk -v r="$requests" -v d="$duration" -v a="$p50" -v b="$p99" -v c="$p999" \
    -v s="$(ms_per_order "$s_before" "$s_after" "$requests")" -v p="$(ms_per_order "$p_before" "$p_after" "$requests")" \
    'BEGIN { printf "%.0f %.3f %.3f %.3f %s %s\n", r / d, a / 1000, b / 1000, c / 1000, s, p }'
}

# OpenLoopLoad at $1 orders/s for $2 seconds over 64 connections, orders tagged $3; prints "intended answered
# achieved p50 p99 p99.9 max serve_cpu pg_cpu" (rates in orders/s, latencies in ms, CPU in ms per order).
run_open() {
  local rate="$1" secs="$2" tag="$3"
  local cpu_before cpu_after
  cpu_before="$(cpu_ticks)"
  BENCH_API_KEY="$BOT4_API_KEY" BENCH_API_SECRET="$BOT4_API_HMAC_SECRET" BENCH_TAG="$tag" \
    BENCH_ANSWERED="$work/answered-$tag" BENCH_RESULT="$work/result-$tag" \
    "$OPENLOOP" --host 127.0.0.1 --port "$serve_port" --rate "$rate" --seconds "$secs" --connections 64 \
    >"$work/open-$tag.log" 2>&1 || fail "OpenLoopLoad failed: $(cat "$work/open-$tag.log")"
  cpu_after="$(cpu_ticks)"
  local intended sent answered failures socket duration achieved p50 p99 p999 max
  read -r intended sent answered failures socket duration achieved p50 p99 p999 max <"$work/result-$tag" \
    || fail "OpenLoopLoad wrote no result"
  [ "$failures" -eq 0 ] || fail "INVALID: $failures non-2xx answers in the open-loop run: $(head -5 "$work/open-$tag.log")"
  [ "$socket" -eq 0 ] || fail "INVALID: $socket socket errors in the open-loop run"
  check_answered "$work/answered-$tag" "$answered" "${tag}o" "the open-loop run"
  local s_before p_before s_after p_after
  read -r s_before p_before <<<"$cpu_before"
  read -r s_after p_after <<<"$cpu_after"
  echo "$intended $answered $achieved $p50 $p99 $p999 $max $(ms_per_order "$s_before" "$s_after" "$answered")" \
    "$(ms_per_order "$p_before" "$p_after" "$answered")"
}

# pgbench at $1 clients for $2 seconds; prints "tps p50 p99 p99.9" (ms).
run_pgbench() {
  local clients="$1" secs="$2" jobs=2
  [ "$clients" -lt 2 ] && jobs=1
  rm -f "$work"/pgb.*
  (cd "$work" && runuser -u postgres -- pgbench -n -h 127.0.0.1 -p "$pg_port" -U postgres -M prepared \
    -c "$clients" -j "$jobs" -T "$secs" -f "$work/insert.sql" -l --log-prefix="$work/pgb" bot4bench \
    >"$work/pgbench-$clients.log" 2>&1) || fail "pgbench failed: $(tail -5 "$work/pgbench-$clients.log")"
  grep -q 'number of failed transactions: [1-9]' "$work/pgbench-$clients.log" \
    && fail "INVALID: pgbench transactions failed: $(grep 'failed' "$work/pgbench-$clients.log")"
  local tps
  tps="$(awk '/^tps = / { print $3; exit }' "$work/pgbench-$clients.log")"
  [ -n "$tps" ] || fail "pgbench printed no tps: $(cat "$work/pgbench-$clients.log")"
  cat "$work"/pgb.* | awk '{ print $3 }' >"$work/pgb-latencies"
  printf '%.0f %s\n' "$tps" "$(percentiles "$work/pgb-latencies")"
}

run_wrk 8 2 warm >/dev/null
declare -A serve pg
for level in "${levels[@]}"; do
  serve[$level]="$(run_wrk "$level" "$seconds" "c$level")"
  pg[$level]="$(run_pgbench "$level" "$seconds")"
done

peak=0
for level in "${levels[@]}"; do
  read -r s_rate _ <<<"${serve[$level]}"
  [ "$s_rate" -gt "$peak" ] && peak="$s_rate"
done
half=$((peak / 2))
[ "$half" -ge 1 ] || half=1
open="$(run_open "$half" "$seconds" open)"

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "bot4 serve (signed POST /api/v3/order, IOC, durable, --rate-limits off) vs pgbench single-row INSERT"
echo "same PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') cluster, fsync on, synchronous_commit on;"
echo "${seconds} s per level, closed loop; $(nproc) CPUs ($cpu), client and servers on one machine"
echo
echo "| conns | serve orders/s | p50 ms | p99 ms | p99.9 ms | serve CPU ms/order | PostgreSQL CPU ms/order" \
  "| pgbench TPS | p50 ms | p99 ms | p99.9 ms | serve/pgbench |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for level in "${levels[@]}"; do
  read -r s_rate s50 s99 s999 s_cpu p_cpu <<<"${serve[$level]}"
  read -r p_rate p50 p99 p999 <<<"${pg[$level]}"
  ratio="$(awk -v a="$s_rate" -v b="$p_rate" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
  echo "| $level | $s_rate | $s50 | $s99 | $s999 | $s_cpu | $p_cpu | $p_rate | $p50 | $p99 | $p999 | ${ratio}x |"
done
echo
read -r o_intended o_answered o_rate o50 o99 o999 omax o_scpu o_pcpu <<<"$open"
echo "open loop (OpenLoopLoad, fixed rate, latency from the intended send time): half the peak of $peak orders/s," \
  "${seconds} s, 64 connections"
echo
echo "| target orders/s | achieved orders/s | p50 ms | p99 ms | p99.9 ms | max ms | serve CPU ms/order | PostgreSQL CPU ms/order |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
echo "| $half | $o_rate | $o50 | $o99 | $o999 | $omax | $o_scpu | $o_pcpu |"
echo
unanswered=$((o_intended - o_answered))
[ "$unanswered" -eq 0 ] \
  || echo "unanswered: $unanswered of $o_intended orders had no answer 10 s after the last intended send (counted" \
    "in the percentiles with the time they waited)"
verdict="$(awk -v v="$o999" 'BEGIN { print (v < 10 ? "met" : "not met") }')"
echo "open-loop p99.9 at half the peak: $o999 ms (goal < 10 ms: $verdict)"
echo
echo "valid: every answered order found in the orders table; no non-2xx answer, no socket error"
