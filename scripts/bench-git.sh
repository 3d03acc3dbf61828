#!/bin/bash
# Benchmarks of issue 4 (BENCHMARKS.md, "Git hooks and history"): pre-commit on a 10-file staged
# change, and a history scan of a >= 5,000-commit repository, leakguard against gitleaks, betterleaks
# and kingfisher in the same hyperfine runs. Needs hyperfine and the peers in /opt/peers/bin.
# Usage: scripts/bench-git.sh [WORKDIR]   (default /tmp/leakguard-bench-git)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/leakguard-bench-git}
LG=${LEAKGUARD:-$here/target/release/leakguard}
P=/opt/peers/bin
PY=${PYTHON:-/root/.pyenv/versions/3.11.7/bin/python3}
mkdir -p "$work"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

# 1. The history repository: CPython's stdlib committed file by file, then 3,500 edits, 4 planted tokens.
if [ ! -d "$work/history/.git" ]; then
  "$PY" "$here/scripts/make-history-repo.py" "$work/history" > "$work/history.json"
fi
echo "history repo: $(git -C "$work/history" rev-list --count --all) commits, $(du -sh "$work/history/.git" | cut -f1) packed"

# 2. The pre-commit repository: a clone of it with a staged change of 10 files (20 lines of real text
#    added to each; one added line carries a GitHub token, so every tool must exit 1).
rm -rf "$work/precommit"
git clone -q "$work/history" "$work/precommit"
(
  cd "$work/precommit"
  git config user.name Bench && git config user.email bench@example.org
  i=0
  for f in $(git ls-files '*.py' | awk 'NR % 97 == 0' | head -10); do
    src=$(git ls-files '*.py' | awk -v n=$((i * 13 + 5)) 'NR == n')
    sed -n '1,20p' "$src" >> "$f"
    i=$((i + 1))
  done
  echo 'DEPLOY = "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"' >> "$f"
  git add -A
  echo "pre-commit change: $(git diff --cached --numstat | wc -l) files, $(git diff --cached --numstat | awk '{s+=$1} END {print s}') added lines"
)

cd "$work/precommit"
echo "== check: every tool finds the staged token (exit code 1 / 200)"
set +e
"$LG" git pre-commit >/dev/null 2>&1; echo "leakguard exit $?"
"$P/gitleaks" git --pre-commit --staged --no-banner -l error --redact . >/dev/null 2>&1; echo "gitleaks exit $?"
"$P/betterleaks" git --staged --no-banner -l error . >/dev/null 2>&1; echo "betterleaks exit $?"
"$P/kingfisher" scan . --staged --no-validate --no-update-check -q >/dev/null 2>&1; echo "kingfisher exit $?"
set -e
hyperfine -N -i -w 3 -r 30 --export-markdown "$work/precommit.md" --export-json "$work/precommit.json" \
  -n leakguard "$LG git pre-commit" \
  -n gitleaks "$P/gitleaks git --pre-commit --staged --no-banner -l error --redact ." \
  -n betterleaks "$P/betterleaks git --staged --no-banner -l error ." \
  -n kingfisher "$P/kingfisher scan . --staged --no-validate --no-update-check -q"

cd "$work/history"
echo "== history: findings per tool (planted: 4 tokens, 2 of them deleted later)"
set +e
"$LG" git history -q -f json --show-secrets > "$work/lg.json"; echo "leakguard exit $?"  # clear secrets only to check the planted ones
"$P/gitleaks" git --no-banner -l error --exit-code 0 -f json -r "$work/gl.json" . ; echo "gitleaks exit $?"
"$P/betterleaks" git --no-banner -l error --exit-code=0 -o "$work/bl.json" . ; echo "betterleaks exit $?"
"$P/kingfisher" scan . --git-history full --no-validate --no-update-check -f json -q -o "$work/kf.json"; echo "kingfisher exit $?"
set -e
cd "$work"
"$PY" - <<'PY'
import json
planted = [p["token_prefix"] for p in json.load(open("history.json"))["planted"]]
def load(name):
    try:
        text = open(name).read()
    except OSError:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return [json.loads(l) for l in text.splitlines() if l.strip()]
for tool, f in [("leakguard", "lg.json"), ("gitleaks", "gl.json"), ("betterleaks", "bl.json"), ("kingfisher", "kf.json")]:
    d = load(f)
    if d is None:
        print(f"{tool}: no report"); continue
    blob = json.dumps(d)
    n = len(d) if isinstance(d, list) else len(d.get("findings", d))
    print(f"{tool}: {n} findings; planted tokens found: {sum(1 for p in planted if p in blob)}/{len(planted)} (by prefix in the report)")
PY
cd "$work/history"
hyperfine -i -w 1 -r 3 --export-markdown "$work/history.md" --export-json "$work/history-times.json" \
  -n leakguard "$LG git history -q -f json > /dev/null" \
  -n gitleaks "$P/gitleaks git --no-banner -l error --exit-code 0 -f json -r $work/gl-t.json ." \
  -n betterleaks "$P/betterleaks git --no-banner -l error --exit-code=0 -o $work/bl-t.json ." \
  -n kingfisher "$P/kingfisher scan . --git-history full --no-validate --no-update-check -f json -q -o $work/kf-t.json"
