#!/usr/bin/env bash
# Instructions per operation of each trading-core component, counted by callgrind, against
# Thresholds/callgrind/TradingCoreII.tsv (component, instructions per op). Each component runs N and 2N
# operations of a fixed workload (Tools/TradingCoreIIWorkload) and the difference is divided by N, so process
# start and set-up cancel out. SWIFT_DETERMINISTIC_HASHING=1 and `setarch -R` make the counts repeatable.
# UPDATE=1 rewrites the thresholds. Exit: 0 within tolerance, 1 a regression, 2 an input or tool missing.
set -euo pipefail
cd "$(dirname "$0")/.."
tolerance_percent=3
n=${CALLGRIND_OPS:-50000}
thresholds=Thresholds/callgrind/TradingCoreII.tsv
command -v valgrind >/dev/null || { echo "callgrind-gate: valgrind is not installed" >&2; exit 2; }
[ -f "$thresholds" ] || { echo "callgrind-gate: $thresholds is missing" >&2; exit 2; }
swift build -c release --product TradingCoreIIWorkload >/dev/null
binary=.build/release/TradingCoreIIWorkload
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

count() { # component operations -> total instructions
  SWIFT_DETERMINISTIC_HASHING=1 setarch "$(uname -m)" -R valgrind --tool=callgrind \
    --callgrind-out-file="$work/out" "$binary" "$1" "$2" >/dev/null 2>&1
  awk '/^summary:/ { print $2 }' "$work/out"
}

status=0
updated="$work/updated.tsv"
while IFS=$'\t' read -r component threshold; do
  [ -z "$component" ] || [ "${component:0:1}" = "#" ] && { echo "$component${threshold:+	$threshold}" >> "$updated"; continue; }
  once=$(count "$component" "$n")
  twice=$(count "$component" "$((2 * n))")
  per_op=$(( (twice - once + n / 2) / n ))
  echo -e "$component\t$per_op" >> "$updated"
  allowed=$(( threshold + (threshold * tolerance_percent + 99) / 100 ))
  if [ "${UPDATE:-}" = 1 ]; then
    echo "callgrind-gate: $component $per_op instructions/op (was $threshold)"
  elif [ "$per_op" -gt "$allowed" ]; then
    echo "REGRESSION $component: $per_op instructions/op (threshold $threshold, allowed $allowed with +$tolerance_percent%)"
    status=1
  else
    echo "ok         $component: $per_op instructions/op (threshold $threshold, allowed $allowed)"
  fi
done < "$thresholds"
if [ "${UPDATE:-}" = 1 ]; then cp "$updated" "$thresholds"; echo "callgrind-gate: updated $thresholds"; fi
exit "$status"
