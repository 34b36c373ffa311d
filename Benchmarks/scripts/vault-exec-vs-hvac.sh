#!/usr/bin/env bash
# `seal exec` reading 20 KV v2 secrets and starting `true`, against hvac (PyPI) reading the same 20 secrets
# in one Python process (the whole process, as a user would run it), and against the floor: the same 20 GETs
# over one keep-alive connection by one `curl` invocation. All three against one real OpenBao dev server on
# loopback, in the same run; medians of RUNS (default 10, at least 5) runs with hyperfine, and the ratios.
#
# Usage: Benchmarks/scripts/vault-exec-vs-hvac.sh            (builds seal in release mode if SEAL is unset)
#        SEAL=.build/release/seal RUNS=20 Benchmarks/scripts/vault-exec-vs-hvac.sh
# Goal (issue 4): seal exec >= 3x faster than hvac, within 10x of the curl floor.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
runs="${RUNS:-10}"
[ "$runs" -ge 5 ] || { echo "RUNS must be at least 5" >&2; exit 2; }
if [ "${BOT4_BENCH_SHORT:-0}" = "1" ]; then runs=5; fi
python="$root/.venv/bin/python"
bao="$root/.venv/bin/bao"
for tool in hyperfine curl "$python" "$bao"; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (scripts/setup installs it)" >&2; exit 3; }
done
if [ -z "${SEAL:-}" ]; then
  (cd "$root" && swift build -c release --product seal >/dev/null)
  SEAL="$root/.build/release/seal"
fi

work="$(mktemp -d)"
port="$("$python" -c 'import socket
for _ in range(100):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close()
    t = socket.socket()
    try:
        t.bind(("127.0.0.1", p + 1)); t.close(); print(p); break
    except OSError: t.close()')"
token="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
"$bao" server -dev -dev-listen-address="127.0.0.1:$port" -dev-root-token-id="$token" -dev-no-store-token \
  >"$work/server.log" 2>&1 &
server_pid=$!
cleanup() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export VAULT_ADDR="http://127.0.0.1:$port" VAULT_TOKEN="$token"
for _ in $(seq 100); do
  curl -fs "$VAULT_ADDR/v1/sys/health" >/dev/null 2>&1 && break
  sleep 0.1
done

config="$work/secrets.toml"
urls=()
{
  echo "[env]"
  for i in $(seq -w 1 20); do
    curl -fs -H "X-Vault-Token: $token" -X POST -d "{\"data\":{\"value\":\"bench-value-$i-$RANDOM\"}}" \
      "$VAULT_ADDR/v1/secret/data/bench/s$i" >/dev/null
    echo "BENCH_SECRET_$i = \"secret/bench/s$i#value\""
    urls+=("$VAULT_ADDR/v1/secret/data/bench/s$i")
  done
  echo
  echo "[watch]"
  echo 'interval = "0s"'
} >"$config"

cat >"$work/hvac_read.py" <<'PY'
import os, hvac
client = hvac.Client(url=os.environ["VAULT_ADDR"], token=os.environ["VAULT_TOKEN"])
for i in range(1, 21):
    r = client.secrets.kv.v2.read_secret_version(path=f"bench/s{i:02d}", mount_point="secret",
                                                 raise_on_deleted_version=True)
    assert r["data"]["data"]["value"]
PY
curl_args=(-fs -H "X-Vault-Token:$token")
for u in "${urls[@]}"; do curl_args+=(-o /dev/null "$u"); done

# Sanity: every contender really reads the 20 secrets.
"$SEAL" exec --config "$config" -- /bin/sh -c 'test -n "$BENCH_SECRET_01" && test -n "$BENCH_SECRET_20"' 2>"$work/sanity.err" || { grep -E "crashed|Fatal|^ *[0-9]+ " "$work/sanity.err" | head -30 >&2; exit 1; }
"$python" "$work/hvac_read.py"
curl "${curl_args[@]}"

hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/result.json" \
  -n "seal exec (20 secrets + true)" "$SEAL exec --config $config -- true" \
  -n "hvac (20 reads, one process)" "$python $work/hvac_read.py" \
  -n "curl (20 GETs, keep-alive)" "curl ${curl_args[*]}" >"$work/hyperfine.txt" 2>&1 \
  || { cat "$work/hyperfine.txt" >&2; exit 1; }

"$python" - "$work/result.json" "$runs" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
med = {r["command"]: statistics.median(r["times"]) for r in results}
names = list(med)
seal, hvac, floor = (med[n] for n in names)
print(f"runs per command: {sys.argv[2]} (medians, wall clock)")
for n in names:
    print(f"  {n:32s} {med[n] * 1000:8.1f} ms")
print(f"  hvac / seal exec  = {hvac / seal:5.2f}x   (goal >= 3x)")
print(f"  seal exec / curl  = {seal / floor:5.2f}x   (goal <= 10x)")
PY
