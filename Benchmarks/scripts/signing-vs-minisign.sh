#!/usr/bin/env bash
# Times seal against its peers in the same run, on the same 1 GiB file (page cache warm):
#   sign and verify:  seal sign / seal verify   vs  minisign -S / minisign -V   (goal: seal/minisign <= 1.0)
#   hashing:          seal checksums --no-sha512 vs sha256sum and openssl dgst -sha256 (goal: >= 0.95x openssl)
# Medians of RUNS (default 5) runs by hyperfine; prints each median and the ratios.
# Usage: Benchmarks/scripts/signing-vs-minisign.sh [SIZE_MIB]
set -euo pipefail
cd "$(dirname "$0")/../.."
size_mib="${1:-1024}"
runs="${RUNS:-5}"
swift build -c release --product seal >/dev/null
seal="$(swift build -c release --show-bin-path)/seal"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
head -c "$((size_mib << 20))" /dev/urandom > "$work/blob"
minisign -G -W -p "$work/k.pub" -s "$work/k.key" >/dev/null
minisign -S -s "$work/k.key" -m "$work/blob" -x "$work/peer.minisig" >/dev/null
"$seal" sign -s "$work/k.key" -m "$work/blob" -x "$work/ours.minisig"
mkdir -p "$work/out"

hyperfine -N --runs "$runs" --warmup 1 --export-json "$work/h.json" \
  -n "seal sign" "$seal sign -s $work/k.key -m $work/blob -x $work/ours.minisig" \
  -n "minisign sign" "minisign -S -s $work/k.key -m $work/blob -x $work/peer.minisig" \
  -n "seal verify" "$seal verify -q -p $work/k.pub -m $work/blob -x $work/ours.minisig" \
  -n "minisign verify" "minisign -V -q -p $work/k.pub -m $work/blob -x $work/peer.minisig" \
  -n "seal checksums (sha256)" "$seal checksums --no-sha512 --output $work/out $work/blob" \
  -n "sha256sum" "sha256sum $work/blob" \
  -n "openssl dgst -sha256" "openssl dgst -sha256 $work/blob" >/dev/null

python3 - "$work/h.json" "$size_mib" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))["results"]
results = {r["command"]: r["median"] for r in data}
cpu = {r["command"]: r["user"] + r["system"] for r in data}   # mean CPU seconds: robust when the machine is busy
mib = int(sys.argv[2])
for name, median in results.items():
    print(f"{name:28s} median {median:8.3f} s   {mib / median:8.1f} MiB/s   cpu {cpu[name]:7.3f} s")
print()
print(f"cpu sign:   seal/minisign {cpu['seal sign'] / cpu['minisign sign']:.3f}   cpu verify: seal/minisign {cpu['seal verify'] / cpu['minisign verify']:.3f}")
print(f"sign:    seal/minisign time ratio  {results['seal sign'] / results['minisign sign']:.3f}  (goal <= 1.0)")
print(f"verify:  seal/minisign time ratio  {results['seal verify'] / results['minisign verify']:.3f}  (goal <= 1.0)")
print(f"hashing: seal throughput / openssl {results['openssl dgst -sha256'] / results['seal checksums (sha256)']:.3f}  (goal >= 0.95)")
print(f"hashing: seal throughput / sha256sum {results['sha256sum'] / results['seal checksums (sha256)']:.3f}")
PY
