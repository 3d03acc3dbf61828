#!/usr/bin/env bash
# Runs every test of the project, installing what the suites need. Called by .ci/run.
#   bash scripts/test.sh                 every suite
#   SUITES="rust python" bash scripts/test.sh   a subset
set -euo pipefail
cd "$(dirname "$0")/.."
SUITES="${SUITES:-all}"
want() { [ "$SUITES" = all ] || [[ " $SUITES " == *" $1 "* ]]; }

if want rust; then
  echo "== rust: cargo test --workspace"
  cargo test --workspace --locked
fi
