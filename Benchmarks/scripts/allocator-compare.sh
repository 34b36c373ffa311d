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
