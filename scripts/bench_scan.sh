#!/usr/bin/env bash
# Bulk scan speed and memory of leakguard vs betterleaks, kingfisher and gitleaks on one text tree,
# plus whole-process time on one small file vs betterleaks and ripsecrets. Needs ../shared/peers
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
measure() { # name, command...
  local name=$1; shift
  for i in $(seq "$RUNS"); do
    ( cd "$TREE" && /usr/bin/time -f "$name wall=%e s user=%U s sys=%S s maxrss=%M KB" "$@" >"$TMPO/out" 2>/tmp/bench.err ) || true
    tail -1 /tmp/bench.err
  done
}
TMPO=$(mktemp -d)
printf '[detection]\nprose = false\n' > "$TMPO/noprose.toml"
measure leakguard   "$LG" scan --format json -q .
measure "leakguard(regex rules only, prose off)" "$LG" scan --format json -q --config "$TMPO/noprose.toml" .
measure betterleaks "$P/betterleaks" fs . --no-banner --no-color -l error --exit-code=0 --jsonl -o "$TMPO/b.jsonl"
measure kingfisher  "$P/kingfisher" scan . --no-validate --no-update-check --git-history none --no-dedup -f jsonl -q
measure gitleaks    "$P/gitleaks" dir . --no-banner --no-color -l error --exit-code 0 -f json -r "$TMPO/g.json"
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
