#!/usr/bin/env bash
# Bulk scan speed and memory of leakguard vs betterleaks, kingfisher and gitleaks on one text tree,
# plus whole-process time on one small file vs betterleaks and ripsecrets; a warm-up round, then the
# tools take turns in each round. Needs ../shared/peers
# installed (/opt/peers) and hyperfine. Usage: scripts/bench_scan.sh [TREE] [RUNS]
# Default TREE: built by this script from the CPython 3.11 standard library (.py, site-packages
# excluded) plus /usr/include, about 164 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
TREE="${1:-/tmp/leakguard-bench-tree}"
RUNS="${2:-3}"
P=/opt/peers/bin
LG="$PWD/target/dist/leakguard"
cargo build --profile dist -p leakguard-cli >/dev/null 2>&1
if [ ! -d "$TREE" ]; then
  STD=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
  mkdir -p "$TREE/cpython"
  (cd "$STD" && find . -path ./site-packages -prune -o -name '*.py' -print | while read -r f; do
     mkdir -p "$TREE/cpython/$(dirname "$f")"; cp "$f" "$TREE/cpython/$f"; done)
  cp -r /usr/include "$TREE/include"
fi
echo "tree: $TREE, $(du -sm "$TREE" | cut -f1) MB, $(find "$TREE" -type f | wc -l) files"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p')"
TMPO=$(mktemp -d)
printf '[detection]\nprose = false\n' > "$TMPO/noprose.toml"
run() { # name, command...: one timed run, one line
  local name=$1; shift
  ( cd "$TREE" && /usr/bin/time -f "$name wall=%e s user=%U s sys=%S s maxrss=%M KB" "$@" >"$TMPO/out" 2>"$TMPO/err" ) || true
  tail -1 "$TMPO/err"
}
round() { # every tool once, in turn
  run leakguard   "$LG" scan --format json -q .
  run "leakguard(regex rules only, prose off)" "$LG" scan --format json -q --config "$TMPO/noprose.toml" .
  run betterleaks "$P/betterleaks" fs . --no-banner --no-color -l error --exit-code=0 --jsonl -o "$TMPO/b.jsonl"
  run kingfisher  "$P/kingfisher" scan . --no-validate --no-update-check --git-history none --no-dedup -f jsonl -q
  run gitleaks    "$P/gitleaks" dir . --no-banner --no-color -l error --exit-code 0 -f json -r "$TMPO/g.json"
}
# A warm-up round, not reported: the tree is read into the page cache before any timed run. Then the
# tools take turns in each round, so that a machine getting slower or faster during the benchmark
# weighs on all of them alike.
round >/dev/null
for i in $(seq "$RUNS"); do round; done | tee "$TMPO/runs.txt"
python3 - "$TMPO/runs.txt" <<'PY'
import re, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    m = re.match(r"(.*) wall=([\d.]+) s user=([\d.]+) s sys=([\d.]+) s maxrss=(\d+) KB", line)
    if m:
        runs.setdefault(m.group(1), []).append((float(m.group(2)), float(m.group(3)) + float(m.group(4)), int(m.group(5))))
print("\n| tool | median wall | median user+sys | peak RSS |\n|---|---:|---:|---:|")
for name, v in runs.items():
    print(f"| {name} | {statistics.median(x[0] for x in v):.2f} s | {statistics.median(x[1] for x in v):.2f} s | {min(x[2] for x in v) // 1024}-{max(x[2] for x in v) // 1024} MB |")
peers = [n for n in runs if not n.startswith("leakguard")]
fastest = min(peers, key=lambda n: statistics.median(x[0] for x in runs[n]))
lg = [x[0] for x in runs["leakguard"]]
fp = [x[0] for x in runs[fastest]]
# Round by round, against the fastest peer of that round.
each = [min(runs[n][i][0] for n in peers) / l for i, l in enumerate(lg)]
print(f"\nfastest peer: {fastest}; leakguard (default) is {statistics.median(fp) / statistics.median(lg):.2f}x faster on the medians;"
      f" round by round, against the fastest peer of the round: {', '.join(f'{r:.2f}x' for r in each)}")
PY
# One small file: whole process.
SMALL="$TMPO/settings.py"
printf 'import os\nDEBUG = False\nDATABASE_URL = os.getenv("DATABASE_URL")\nGITHUB_TOKEN = "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"\n' > "$SMALL"
hyperfine -N --warmup 5 --runs 50 -i --export-markdown "$TMPO/small.md" \
  "$LG scan --format json -q $SMALL" \
  "$LG scan --format json -q --config $TMPO/noprose.toml $SMALL" \
  "$P/betterleaks fs $SMALL --no-banner --no-color -l error --exit-code=0 --jsonl -o $TMPO/b2.jsonl" \
  "$P/ripsecrets $SMALL" >/dev/null
cat "$TMPO/small.md"
rm -rf "$TMPO"
