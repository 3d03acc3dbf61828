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
  echo "== rust: the README's scan of this repository finds nothing (test strings carry leakguard:allow)"
  cargo run --release --locked -q -p leakguard-cli -- scan .
fi

if want node; then
  echo "== node: npm ci, napi build, index.d.ts current, node --test"
  (
    cd bindings/node
    npm ci --no-audit --no-fund --loglevel=error
    npm run build --silent
    # The generated loader and types are committed: they must match what the build generates.
    git diff --exit-code -- index.d.ts index.js
    npm test
  )
fi

if want python; then
  echo "== python: venv, pip install ./bindings/python and test deps, stubtest, pytest (Synapse e2e included)"
  venv=.venv-test
  [ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r bindings/python/tests/requirements.txt
  "$venv/bin/python" -m pip install -q --disable-pip-version-check ./bindings/python
  # The binding's own Rust unit tests (its workspace is separate from the root one). Not --locked: the
  # binding's Cargo.lock follows core's dependencies, which other issues may change.
  cargo test -q --manifest-path bindings/python/Cargo.toml
  # Outside the source tree, so the installed package (with its built _native) is what gets checked.
  (cd "$venv" && bin/python -m mypy.stubtest leakguard._native)
  LEAKGUARD_REQUIRE_ALL=1 "$venv/bin/python" -m pytest bindings/python/tests -q -rxX
fi

if want mail; then
  echo "== mail: leakguard-milter with a real Postfix (installs Postfix from Debian if missing; root)"
  LEAKGUARD_REQUIRE_ALL=1 bash scripts/mail-e2e.sh
fi
