#!/usr/bin/env bash
# Scale of the advisory data: `seal audit` of Bot4's own SBOM (sbom/bot4.cdx.json) against a signed snapshot
# of RECORDS records (default 1,000,000), timed by /usr/bin/time -v (wall time and maximum RSS):
#   - with the snapshot's package index      goals: < 1 s and < 200 MB
#   - without it (the same records, a manifest that names no index: every record is read and hash-checked,
#     and skimmed unless it names a package of the SBOM)
#                                             goals: < 10 s and < 2 GiB
#   - as an osv.dev-style all.zip of the same records (ZIP64, deflated, signed whole by minisign)
#                                             goals: < 10 s and < 2 GiB
# The snapshot is built from the real committed OSV records (policy/advisories): every one of them as it is
# (so Bot4's packages meet their real advisories), plus synthetic records made from them by changing the id
# and the package names (RECORDS/2 distinct packages, in SwiftURL and Debian:12), in the layout
# `seal advisories update` writes (`<ecosystem folder>/<id>.json`, `package-index.jsonl`, `snapshot.json` with
# per-file SHA-256 and the index's), signed with a throwaway key by the stock minisign. Both audits must agree.
# Prints the numbers and whether each goal is met; exits 1 when a goal of the index path is missed. The
# no-index goals are reported, not enforced.
# Usage: Benchmarks/scripts/advisories-scale.sh [RECORDS]     (SEAL=path/to/seal skips the release build;
# ADVISORIES_SCALE_DIR=DIR keeps the snapshot there and reuses it next time)
set -euo pipefail
cd "$(dirname "$0")/../.."
records="${1:-1000000}"
if [ -z "${SEAL:-}" ]; then
  swift build -c release --product seal >/dev/null
  SEAL="$(swift build -c release --show-bin-path)/seal"
fi
if [ -n "${ADVISORIES_SCALE_DIR:-}" ]; then
  work="$ADVISORIES_SCALE_DIR"   # kept, and its snapshot reused by the next run of the same size
  mkdir -p "$work"
else
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
fi

if [ -f "$work/plain/snapshot.json.minisig" ] && [ "$(cat "$work/records" 2>/dev/null)" = "$records" ]; then
  echo "reusing the snapshot of $records records in $work"
else
rm -rf "$work/indexed" "$work/plain" "$work/records" "$work/all.zip" "$work/all.zip.minisig"
echo "building a snapshot of $records records in $work"
start=$(date +%s)
python3 - "$records" "$work/indexed" policy/advisories <<'PY'
import hashlib, json, os, sys, datetime
count, out, real = int(sys.argv[1]), sys.argv[2], sys.argv[3]
folders = {"SwiftURL": "SwiftURL", "Debian:12": "Debian-12"}
templates = []                       # (bytes, id, export, [(ecosystem, name)])
for sub in ("ghsa", "debian"):
    for name in sorted(os.listdir(os.path.join(real, sub))):
        if name.endswith(".json"):
            raw = open(os.path.join(real, sub, name), "rb").read()
            record = json.loads(raw)
            packages = sorted({(a["package"]["ecosystem"], a["package"]["name"]) for a in record["affected"]})
            export = "SwiftURL" if packages[0][0] == "SwiftURL" else "Debian:12"   # the export it came in
            templates.append((raw, record["id"], export, packages))
files, index, counts = {}, {}, {}

def write(record_bytes, record_id, export, packages):
    relative = folders[export] + "/" + record_id.replace(":", "_") + ".json"
    fd = os.open(os.path.join(out, relative), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    os.write(fd, record_bytes)
    os.close(fd)
    files[relative] = hashlib.sha256(record_bytes).hexdigest()
    counts[folders[export]] = counts.get(folders[export], 0) + 1
    for key in packages:
        index.setdefault(key, []).append(relative)

for folder in folders.values():
    os.makedirs(os.path.join(out, folder), exist_ok=True)
for raw, record_id, export, packages in templates:    # the real records, bytes as committed
    write(raw, record_id, export, packages)
distinct = max(1, count // 2)
for n in range(count - len(templates)):               # synthetic ones: new id, new package names, same shape
    raw, record_id, export, packages = templates[n % len(templates)]
    new_id = "BENCH-%07d" % n
    data = raw.replace(record_id.encode(), new_id.encode())
    package = n % distinct
    renamed = []
    for ecosystem, name in packages:
        if ecosystem == "SwiftURL":
            new_name = "github.com/bench-%04d/package-%07d" % (package // 1000, package)
        else:
            new_name = "bench-source-%07d" % package
        data = data.replace(json.dumps(name).encode(), json.dumps(new_name).encode())
        renamed.append((ecosystem, new_name))
    write(data, new_id, export, renamed)

lines = []
for (ecosystem, name) in sorted(index):
    lines.append(json.dumps({"ecosystem": ecosystem, "name": name, "records": sorted(set(index[(ecosystem, name)]))},
                            separators=(",", ":")))
index_bytes = ("\n".join(lines) + "\n").encode()
open(os.path.join(out, "package-index.jsonl"), "wb").write(index_bytes)
taken = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
manifest = {"taken": taken, "source": "Benchmarks/scripts/advisories-scale.sh from policy/advisories",
            "files": files, "records": counts,
            "index": {"path": "package-index.jsonl", "sha256": hashlib.sha256(index_bytes).hexdigest()}}
open(os.path.join(out, "snapshot.json"), "w").write(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
del manifest["index"]
open(os.path.join(out, "snapshot-plain.json"), "w").write(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
print("records %d, packages in the index %d, index %d bytes" % (len(files), len(index), len(index_bytes)))
PY
# The same record files, hard-linked, under a manifest that names no index.
mv "$work/indexed/snapshot-plain.json" "$work/snapshot-plain.json"
cp -al "$work/indexed" "$work/plain"
rm "$work/plain/package-index.jsonl" "$work/plain/snapshot.json"
mv "$work/snapshot-plain.json" "$work/plain/snapshot.json"
rm -f "$work/k.pub" "$work/k.key"
minisign -G -W -p "$work/k.pub" -s "$work/k.key" >/dev/null
for snapshot in indexed plain; do
  minisign -S -s "$work/k.key" -m "$work/$snapshot/snapshot.json" >/dev/null
done
echo "$records" > "$work/records"
echo "built in $(($(date +%s) - start)) s; $(du -sh "$work/indexed" | cut -f1) of records"
fi

# The same records as one all.zip (file names without the ecosystem folder, as osv.dev's exports), signed.
if [ ! -f "$work/all.zip.minisig" ]; then
  start=$(date +%s)
  python3 - "$work/plain" "$work/all.zip" <<'PY'
import os, sys, zipfile
source, out = sys.argv[1], sys.argv[2]
names = sorted(folder + "/" + name for folder in os.listdir(source) if os.path.isdir(os.path.join(source, folder))
               for name in os.listdir(os.path.join(source, folder)) if name.endswith(".json"))
with zipfile.ZipFile(out + ".part", "w", zipfile.ZIP_DEFLATED) as archive:
    for name in names:
        with open(os.path.join(source, name), "rb") as record:
            archive.writestr(name.split("/", 1)[1], record.read())
os.rename(out + ".part", out)
PY
  minisign -S -s "$work/k.key" -m "$work/all.zip" >/dev/null
  echo "all.zip built in $(($(date +%s) - start)) s: $(du -h "$work/all.zip" | cut -f1)"
fi

# Bot4's own policy, with the benchmark's snapshot and key.
for snapshot in indexed plain zip; do
  target="$work/$snapshot"
  [ "$snapshot" = zip ] && target="$work/all.zip"
  sed -e "s|^path = \"policy/advisories\"|path = \"$target\"|" \
    -e "s|^signature-key = \"policy/advisories.pub\"|signature-key = \"$work/k.pub\"|" \
    policy/audit.toml > "$work/$snapshot.toml"
  grep -q "^path = \"$target\"" "$work/$snapshot.toml" && grep -q "^signature-key = \"$work/k.pub\"" "$work/$snapshot.toml" \
    || { echo "policy/audit.toml: [database] path or signature-key not found where expected" >&2; exit 1; }
done
# An all.zip has no manifest: it is dated by its newest record, here a copy of a committed one, months old.
sed -i 's|^max-age = "P90D"|max-age = "none"|' "$work/zip.toml"
grep -q '^max-age = "none"' "$work/zip.toml" || { echo "policy/audit.toml: [database] max-age not found" >&2; exit 1; }

# run NAME: audits the SBOM with snapshot NAME (as of today, so that both reports are comparable); writes
# "seconds kilobytes cpu-seconds exit-code" to NAME.result.
today="$(date -u +%Y-%m-%d)"
run() {
  local status=0
  /usr/bin/time -v -o "$work/$1.time" "$SEAL" audit sbom/bot4.cdx.json --policy "$work/$1.toml" --format json \
    --as-of "$today" > "$work/$1.json" 2> "$work/$1.err" || status=$?
  if [ "$status" -ne 0 ] && [ "$status" -lt 16 ]; then
    echo "seal audit with the $1 snapshot failed (exit $status):" >&2
    cat "$work/$1.err" >&2
    exit 1
  fi
  (python3 - "$work/$1.time" "$status" <<'PY'
import sys
fields = dict(line.strip().rsplit(": ", 1) for line in open(sys.argv[1]) if ": " in line)
wall = fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")
seconds = sum(float(part) * 60 ** i for i, part in enumerate(reversed(wall)))
cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
print("%.3f %s %.3f %s" % (seconds, fields["Maximum resident set size (kbytes)"], cpu, sys.argv[2]))
PY
  ) > "$work/$1.result"
}

# A warm page cache for both, then the timed runs: the index path's median of three (it is short enough for
# another process on the machine to move one run), the full load once.
run indexed
run plain
run zip
for i in 1 2 3; do
  run indexed
  cat "$work/indexed.result" >> "$work/indexed.results"
done
read -r t_index kb_index cpu_index exit_index < <(sort -n "$work/indexed.results" | sed -n 2p)
rm "$work/indexed.results"
read -r t_plain kb_plain cpu_plain exit_plain < "$work/plain.result"
read -r t_zip kb_zip cpu_zip exit_zip < "$work/zip.result"

python3 - "$work/indexed.json" "$work/plain.json" <<'PY'
import json, sys
a, b = (json.load(open(path)) for path in sys.argv[1:])
if a != b:
    print("the reports with and without the index differ", file=sys.stderr)
    sys.exit(1)
print("the reports with and without the index are identical (%d advisory findings)" % len(a.get("advisories", [])))
PY
# The archive has no manifest (its date is its newest record's): the same findings and exit code.
python3 - "$work/plain.json" "$work/zip.json" "$exit_plain" "$exit_zip" <<'PY'
import json, sys
a, b = (json.load(open(path)) for path in sys.argv[1:3])
if a["advisories"] != b["advisories"] or a["policy"] != b["policy"] or sys.argv[3] != sys.argv[4]:
    print("the reports of the folder and of the all.zip differ", file=sys.stderr)
    sys.exit(1)
print("the folder and the all.zip give the same findings and exit code")
PY

python3 - "$records" "$t_index" "$kb_index" "$cpu_index" "$exit_index" "$t_plain" "$kb_plain" "$cpu_plain" "$exit_plain" \
  "$t_zip" "$kb_zip" "$cpu_zip" "$exit_zip" <<'PY'
import sys
records = int(sys.argv[1])
rows = [("with the package index", *sys.argv[2:6], 1.0, 200 * 10**6),
        ("without (every record)", *sys.argv[6:10], 10.0, 2 * 2**30),
        ("all.zip (every record)", *sys.argv[10:14], 10.0, 2 * 2**30)]
index_ok = True
for name, seconds, kb, cpu, code, goal_s, goal_b in rows:
    seconds, rss, cpu = float(seconds), int(kb) * 1024, float(cpu)
    met = seconds < goal_s and rss < goal_b
    print("%-24s %8.3f s wall  %7.3f s cpu  %8.1f MB max RSS  exit %s   goal < %g s, < %d MB: %s"
          % (name, seconds, cpu, rss / 1e6, code, goal_s, goal_b // 10**6, "met" if met else "NOT met"))
    if name.startswith("with the"):
        index_ok = met
print("records: %d" % records)
sys.exit(0 if index_ok else 1)
PY
