"""Throughput of Scanner.scan on large texts, with 1 and 2 Python threads sharing one Scanner.

    .venv-test/bin/python bindings/python/benches/bench_throughput.py [--mb 16] [--rounds 5]

The text is a chat log built from messages.py (one secret message in 20). Each thread scans its own
copy; the number of findings is checked against the number of secrets put in. The GIL is released
during scans, so 2 threads should approach twice the aggregate throughput on 2 free cores. "CPU-seconds
per wall-second" sums the scanning threads' CPU time over the wall time: above 1 means the threads ran
at the same time, whatever else loads the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import leakguard  # noqa: E402
from messages import messages  # noqa: E402


def build(mb: float) -> tuple:
    data = messages(n=2000)
    lines, size, secrets = [], 0, 0
    i = 0
    while size < mb * 1024 * 1024:
        text, has = data[i % len(data)]
        line = f"[{i:07d}] user{i % 37}: {text}"
        lines.append(line)
        size += len(line.encode()) + 1
        secrets += has
        i += 1
    return "\n".join(lines), secrets


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=16)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    text, secrets = build(args.mb)
    mib = len(text.encode()) / (1024 * 1024)
    s = leakguard.Scanner()
    found = s.scan(text)
    assert len(found) == secrets, (len(found), secrets)
    cpu = []
    for _ in range(args.rounds):
        c0 = time.thread_time()
        s.scan(text)
        cpu.append(mib / (time.thread_time() - c0))
    print(f"threads=1 text={mib:.1f} MiB: MiB per CPU-second of the scanning thread: median {statistics.median(cpu):.0f}")
    for threads in (1, 2):
        rates, par = [], []
        for _ in range(args.rounds):
            errors: list = []
            cpu_used: list = []

            def work() -> None:
                c0 = time.thread_time()
                if len(s.scan(text)) != secrets:
                    errors.append("wrong count")
                cpu_used.append(time.thread_time() - c0)

            ts = [threading.Thread(target=work) for _ in range(threads)]
            t0 = time.perf_counter()
            for t in ts:
                t.start()
            for t in ts:
                t.join()
            dt = time.perf_counter() - t0
            assert not errors
            rates.append(threads * mib / dt)
            par.append(sum(cpu_used) / dt)
        print(
            f"threads={threads} text={mib:.1f} MiB findings={secrets} aggregate MiB/s: "
            f"median {statistics.median(rates):.0f} (min {min(rates):.0f}, max {max(rates):.0f}); "
            f"scanning CPU-seconds per wall-second: median {statistics.median(par):.2f}"
        )


if __name__ == "__main__":
    main()
