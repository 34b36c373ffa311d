#!/usr/bin/env bash
# The trading core's latency gates (issue 8). Two parts, both against committed thresholds:
#  1. instructions per operation of each component, counted by callgrind (deterministic: exact on one
#     toolchain, tolerance 3%) -- scripts/callgrind-gate.sh;
#  2. p99 and p99.9 per operation from the HDR histograms of TradingCoreIIBenchmarks
#     (`--format histogramEncoded`, read with hdrhistogram-swift by the P999Gate tool): malloc counts exactly
#     (deterministic), wall-clock with the wide tolerances in Thresholds/p999/TradingCoreIIBenchmarks.json so
#     that scheduling noise on a shared machine does not flap the gate.
# BOT4_BENCH_SHORT=1 is the CI mode (fewer samples). UPDATE=1 rewrites the thresholds from this run instead.
# Exit: 0 within thresholds, 1 a regression, 2 a missing or malformed input.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=check
[ "${UPDATE:-}" = 1 ] && mode=update

scripts/callgrind-gate.sh

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
swift package --allow-writing-to-directory "$results" benchmark --target TradingCoreIIBenchmarks \
  --format histogramEncoded --path "$results" --no-progress >/dev/null
swift build -c release --product P999Gate >/dev/null
.build/release/P999Gate "$mode" --results "$results" --thresholds Thresholds/p999/TradingCoreIIBenchmarks.json \
  ${MERGE_MAX:+--merge-max}
