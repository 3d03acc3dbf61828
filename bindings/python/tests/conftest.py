"""Shared fixtures. The Synapse homeservers start once per session, in parallel, only when a test needs them."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Dict, Iterator

import pytest

HERE = Path(__file__).resolve().parent
sys_path_entry = str(HERE)
import sys  # noqa: E402

if sys_path_entry not in sys.path:
    sys.path.insert(0, sys_path_entry)

# Secrets the current rules catch, written for these tests.
GITHUB_TOKEN = "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"


def require(module: str) -> None:
    """Skips when an optional test dependency is missing, unless LEAKGUARD_REQUIRE_ALL=1 (set by scripts/test.sh)."""
    if importlib.util.find_spec(module) is None:
        if os.environ.get("LEAKGUARD_REQUIRE_ALL") == "1":
            pytest.fail(f"{module} is not installed and LEAKGUARD_REQUIRE_ALL=1")
        pytest.skip(f"{module} is not installed")


@pytest.fixture(scope="session")
def homeservers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, object]]:
    require("synapse")
    from matrix_server import Homeserver

    base = tmp_path_factory.mktemp("synapse")
    servers = {
        "block": Homeserver(base / "block", {"mode": "block", "block_at": "medium"}),
        "rewrite": Homeserver(base / "rewrite", {"mode": "rewrite"}),
    }
    try:
        for hs in servers.values():
            hs.start()
        for hs in servers.values():
            hs.wait()
        yield servers  # type: ignore[misc]
    finally:
        for hs in servers.values():
            hs.stop()
