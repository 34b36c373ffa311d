#!/usr/bin/env bash
# One read, three digests: times ArtifactDigests.compute (SHA-256, SHA-512 and minisign's BLAKE2b-512 prehash
# in parallel over one read) against, in the same run on the same file (page cache warm):
#   - `openssl dgst -sha512` alone                     goal: parallel <= 1.4x this
#   - the three one after another (our own hashes, each its own read)   goal: parallel <= 0.6x this
#   - the stock tools one after another (openssl sha256, openssl sha512, b2sum), for reference
# It first checks that the parallel digests equal openssl's and b2sum's. Medians of RUNS (default 5) runs by
# hyperfine. Usage: Benchmarks/scripts/artifact-digests.sh [SIZE_MIB]   (default 1024; CI short mode: 256)
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib="${1:-1024}"
runs="${RUNS:-5}"
swift build -c release --product ArtifactDigests >/dev/null
tool="$(swift build -c release --show-bin-path)/ArtifactDigests"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
head -c "$((size_mib << 20))" /dev/urandom > "$work/blob"

read -r s256 s512 b2 < <("$tool" parallel "$work/blob")
[ "$s256" = "$(openssl dgst -sha256 -r "$work/blob" | cut -d' ' -f1)" ] || { echo "SHA-256 differs from openssl" >&2; exit 1; }
[ "$s512" = "$(openssl dgst -sha512 -r "$work/blob" | cut -d' ' -f1)" ] || { echo "SHA-512 differs from openssl" >&2; exit 1; }
[ "$b2" = "$(b2sum "$work/blob" | cut -d' ' -f1)" ] || { echo "BLAKE2b-512 differs from b2sum" >&2; exit 1; }
echo "digests agree with openssl and b2sum"

hyperfine -N --runs "$runs" --warmup 1 --export-json "$work/h.json" \
  -n "parallel (one read)" "$tool parallel $work/blob" \
  -n "openssl dgst -sha512" "openssl dgst -sha512 $work/blob" \
  -n "sequential (ours)" "$tool sequential $work/blob" \
  -n "stock tools in sequence" "sh -c 'openssl dgst -sha256 $work/blob; openssl dgst -sha512 $work/blob; b2sum $work/blob'" \
  >/dev/null

python3 - "$work/h.json" "$size_mib" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))["results"]
median = {r["command"]: r["median"] for r in data}
cpu = {r["command"]: r["user"] + r["system"] for r in data}
mib = int(sys.argv[2])
for name, m in median.items():
    print(f"{name:26s} median {m:8.3f} s   {mib / m:8.1f} MiB/s   cpu {cpu[name]:7.3f} s")
p = median["parallel (one read)"]
print(f"parallel / openssl sha512 alone     {p / median['openssl dgst -sha512']:.3f}  (goal <= 1.4)")
print(f"parallel / ours in sequence         {p / median['sequential (ours)']:.3f}  (goal <= 0.6)")
print(f"parallel / stock tools in sequence  {p / median['stock tools in sequence']:.3f}")
PY
