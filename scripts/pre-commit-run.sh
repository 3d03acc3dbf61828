#!/bin/sh
# Runs leakguard for the pre-commit framework's `language: script` hooks (.pre-commit-hooks.yaml):
# builds it once from this checkout (pre-commit keeps a clone per pinned rev), then runs it.
# The workspace root is a virtual manifest, which `language: rust` (cargo install --path .) cannot use.
set -e
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/target/release/leakguard"
if [ ! -x "$bin" ]; then
  if ! command -v cargo >/dev/null 2>&1; then
    if [ "$LEAKGUARD_SKIP" = 1 ]; then exit 0; fi
    echo "leakguard: blocked, cannot scan: cargo is needed to build leakguard once (or use the leakguard-system hook; to bypass: LEAKGUARD_SKIP=1, or --no-verify)" >&2
    exit 1
  fi
  echo "leakguard: building leakguard once for pre-commit (cargo build --release)..." >&2
  cargo build --release --quiet --locked -p leakguard-cli --manifest-path "$here/Cargo.toml" >&2
fi
exec "$bin" "$@"
