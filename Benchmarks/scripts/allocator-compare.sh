#!/usr/bin/env bash
# Runs TradingCoreIIBenchmarks twice, with glibc malloc (A) and with Debian's mimalloc preloaded (B, through
# scripts/with-allocator), and prints the per-operation wall-clock p50/p99/p99.9 of both side by side. The
# benchmark processes inherit LD_PRELOAD; MIMALLOC_VERBOSE=1 in run B prints mimalloc's options, which the script
# checks to confirm mimalloc was active. BOT4_BENCH_SHORT=1 for a quick run. Exit 2 if mimalloc is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(cd .. && pwd)
glibc=$(mktemp -d)
mimalloc=$(mktemp -d)
trap 'rm -rf "$glibc" "$mimalloc"' EXIT
run() { # allocator output-dir
  "$root/scripts/with-allocator" --allocator "$1" ${2:+--verbose} -- \
    swift package --allow-writing-to-directory "$3" benchmark --target TradingCoreIIBenchmarks \
    --format histogramEncoded --path "$3" --no-progress
}
run glibc "" "$glibc" >/dev/null
run mimalloc verbose "$mimalloc" > "$mimalloc/log.txt" 2>&1
grep -q "mimalloc: option" "$mimalloc/log.txt" || { echo "allocator-compare: mimalloc did not load" >&2; exit 2; }
swift build -c release --product P999Gate >/dev/null
echo "A = glibc malloc, B = mimalloc ($(dpkg-query -W -f '${Version}' libmimalloc2.0)); ns per operation"
.build/release/P999Gate compare --results "$glibc" --against "$mimalloc" \
  --thresholds Thresholds/p999/TradingCoreIIBenchmarks.json

# Whole processes, timed by hyperfine over 10 runs each, in the same run: the components that allocate
# (vector clocks and stamped events use dictionaries and strings) and two that do not, as controls.
if command -v hyperfine >/dev/null; then
  swift build -c release --product TradingCoreIIWorkload >/dev/null
  workload="$PWD/.build/release/TradingCoreIIWorkload"
  library=$(dpkg -L libmimalloc2.0 | grep -m1 '/libmimalloc\.so\.2$')
  for job in "vector-clock 300000" "event-stamper 1000000" "idempotency-cache 1000000" "replay-guard 1000000" \
      "object-pool 20000000" "shared-object-pool 20000000"; do
    hyperfine -N --runs 10 --warmup 1 --style basic \
      -n "glibc $job" "$workload $job" \
      -n "mimalloc $job" "env LD_PRELOAD=$library $workload $job" 2>&1 | grep -E "Time|±|faster|glibc|mimalloc" || true
  done
fi
