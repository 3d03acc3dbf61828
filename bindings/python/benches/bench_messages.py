"""Per-message latency through Python: leakguard vs detect-secrets and CredSweeper, same messages, same run.

    .venv-test/bin/python bindings/python/benches/bench_messages.py [--peers-python /opt/peers/venv/bin/python]

Each tool runs in its own subprocess (the peers live in their own venv) on the messages of messages.py;
each call is timed alone with perf_counter_ns (timer overhead included, about 0.1 us); the first round is
a warm-up. "cpu us" is the thread's CPU time over all timed calls divided by their number (a mean that
preemption by other processes does not inflate). Prints median and p99 per tool, and checks leakguard's result (every secret message blocked,
no other).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from messages import messages  # noqa: E402
from timing import percentile, time_calls  # noqa: E402


def timed(fn: Callable[[str], Any], msgs: List[str], rounds: int) -> Dict[str, Any]:
    samples, cpu = time_calls(fn, msgs, rounds)
    return {
        "cpu_us_per_call": cpu / len(samples) / 1000.0,
        "calls": len(samples),
        "median_us": statistics.median(samples) / 1000.0,
        "p99_us": percentile(samples, 99) / 1000.0,
        "mean_us": statistics.fmean(samples) / 1000.0,
    }


def run_tool(tool: str, rounds: int) -> Dict[str, Any]:
    data = messages()
    msgs = [m for m, _ in data]
    if tool == "leakguard.check":
        import leakguard

        s = leakguard.Scanner()
        verdicts = [s.check(m).action for m in msgs]
        expected = ["block" if has else "allow" for _, has in data]
        assert verdicts == expected, "leakguard result check failed"
        res = timed(s.check, msgs, rounds)
        res["flagged"] = sum(v == "block" for v in verdicts)
    elif tool == "leakguard.scan":
        import leakguard

        s = leakguard.Scanner()
        res = timed(s.scan, msgs, rounds)
        res["flagged"] = sum(bool(s.scan(m)) for m in msgs)
    elif tool == "detect-secrets":
        from detect_secrets.core.scan import scan_line
        from detect_secrets.settings import default_settings

        with default_settings():
            fn = lambda m: list(scan_line(m))  # noqa: E731
            res = timed(fn, msgs, rounds)
            res["flagged"] = sum(bool(fn(m)) for m in msgs)
    elif tool == "credsweeper":
        import logging
        import warnings

        warnings.simplefilter("ignore")
        logging.disable(logging.CRITICAL)
        from credsweeper import CredSweeper
        from credsweeper.file_handler.string_content_provider import StringContentProvider

        cs = CredSweeper()
        fn = lambda m: cs.file_scan(StringContentProvider([m]))  # noqa: E731
        res = timed(fn, msgs, rounds)
        res["flagged"] = sum(bool(fn(m)) for m in msgs)
    else:
        raise SystemExit(f"unknown tool {tool}")
    res["tool"] = tool
    res["messages"] = len(msgs)
    res["bytes_median"] = statistics.median(len(m.encode()) for m in msgs)
    res["python"] = platform.python_version()
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--peers-python", default="/opt/peers/venv/bin/python")
    ap.add_argument("--rounds", type=int, default=20, help="rounds over the 1000 messages for leakguard")
    ap.add_argument("--peer-rounds", type=int, default=2)
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_tool(args.child, args.rounds)))
        return
    plan = [
        (sys.executable, "leakguard.check", args.rounds),
        (sys.executable, "leakguard.scan", args.rounds),
        (args.peers_python, "detect-secrets", args.peer_rounds),
        (args.peers_python, "credsweeper", args.peer_rounds),
    ]
    results = []
    for py, tool, rounds in plan:
        if not os.path.exists(py):
            print(f"skip {tool}: {py} not found", file=sys.stderr)
            continue
        out = subprocess.run(
            [py, __file__, "--child", tool, "--rounds", str(rounds)], capture_output=True, text=True, check=False
        )
        if out.returncode != 0:
            print(f"{tool} failed:\n{out.stderr[-3000:]}", file=sys.stderr)
            continue
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    base = next((r["median_us"] for r in results if r["tool"] == "leakguard.check"), None)
    print(f"{'tool':<18} {'calls':>7} {'median us':>10} {'p99 us':>10} {'mean us':>10} {'cpu us':>8} {'flagged':>8} {'x leakguard':>12}")
    for r in results:
        ratio = f"{r['median_us'] / base:.0f}x" if base else "-"
        print(
            f"{r['tool']:<18} {r['calls']:>7} {r['median_us']:>10.2f} {r['p99_us']:>10.2f} {r['mean_us']:>10.2f}"
            f" {r['cpu_us_per_call']:>8.2f} {r['flagged']:>8} {ratio:>12}"
        )
    print(f"messages: {results[0]['messages']}, median {results[0]['bytes_median']:.0f} bytes" if results else "")


if __name__ == "__main__":
    main()
