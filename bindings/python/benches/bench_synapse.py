"""Latency the leakguard Synapse module adds to each message.

    .venv-test/bin/python bindings/python/benches/bench_synapse.py [--http 300]

1. In process: the module's callback alone (`check_event_for_spam` in block mode, `check_event_allowed` in
   rewrite mode) on real Synapse events built from the messages of messages.py. Messages below
   thread_threshold never await, so the coroutine is driven to completion with one send(None).
2. Over HTTP: two real homeservers on 127.0.0.1 (SQLite), one without the module and one with it in block
   mode; ordinary messages are sent alternately to each and the client round trip of
   PUT /rooms/{id}/send is timed. The difference of medians is the module's cost seen by a client
   (noisy: a send costs milliseconds, mostly SQLite and event persistence).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from messages import messages  # noqa: E402
from timing import percentile, time_calls  # noqa: E402


def drive(coro: Any) -> Any:
    try:
        coro.send(None)
    except StopIteration as stop:
        return stop.value
    raise RuntimeError("callback awaited: message above thread_threshold?")


class Api:
    def register_spam_checker_callbacks(self, **_: Any) -> None: ...
    def register_third_party_rules_callbacks(self, **_: Any) -> None: ...
    def is_mine(self, user_id: str) -> bool:
        return user_id.endswith(":local.test")


def in_process(rounds: int) -> None:
    from synapse.api.room_versions import RoomVersions
    from synapse.events import make_event_from_dict

    from leakguard.synapse import LeakguardModule

    data = messages()
    events = [
        make_event_from_dict(
            {
                "type": "m.room.message", "room_id": "!r:local.test", "sender": "@alice:local.test",
                "content": {"msgtype": "m.text", "body": text}, "auth_events": [], "prev_events": [],
                "depth": 5, "origin_server_ts": 1764400000000, "hashes": {"sha256": "aGFzaA"}, "signatures": {},
            },
            RoomVersions.V10,
        )
        for text, _ in data
    ]
    import logging

    logging.disable(logging.CRITICAL)  # refusals are logged; the log handler is not what we measure
    for mode, call in (
        ("block", lambda m, e: m.check_event_for_spam(e)),
        ("rewrite", lambda m, e: m.check_event_allowed(e, {})),
    ):
        mod = LeakguardModule(LeakguardModule.parse_config({"mode": mode}), Api())
        results = [drive(call(mod, e)) for e in events]
        if mode == "block":
            assert sum(r is not mod._not_spam for r in results) == sum(h for _, h in data)
        else:
            assert sum(r[1] is not None for r in results) == sum(h for _, h in data)
        ns, cpu_ns = time_calls(lambda e: drive(call(mod, e)), events, rounds)
        samples = [t / 1000 for t in ns]
        cpu = cpu_ns / len(samples) / 1000
        plain = [s for i, s in enumerate(samples) if not data[i % len(data)][1]]
        print(
            f"in-process {mode:<8} {len(samples)} calls: median {statistics.median(samples):.1f} us, "
            f"p99 {percentile(samples, 99):.1f} us, CPU mean {cpu:.1f} us (ordinary messages only: median {statistics.median(plain):.1f} us)"
        )


def over_http(n: int) -> None:
    from matrix_server import Homeserver

    data = [t for t, has in messages() if not has][:n]
    with tempfile.TemporaryDirectory() as d:
        servers = {"without": Homeserver(Path(d) / "without", None), "with": Homeserver(Path(d) / "with", {"mode": "block"})}
        try:
            for hs in servers.values():
                hs.start()
            for hs in servers.values():
                hs.wait()
            rooms = {}
            for name, hs in servers.items():
                u = hs.register("bench")
                rooms[name] = (u, u.create_room())
            times: dict = {"without": [], "with": []}
            for i, text in enumerate(data * 2):  # first pass warms up
                for name in ("without", "with") if i % 2 else ("with", "without"):
                    u, room = rooms[name]
                    t0 = time.perf_counter()
                    status, resp = u.send(room, text)
                    dt = (time.perf_counter() - t0) * 1000
                    assert status == 200, resp
                    if i >= len(data):
                        times[name].append(dt)
        finally:
            for hs in servers.values():
                hs.stop()
    for name in ("without", "with"):
        ts = times[name]
        print(f"http send, {name:<7} module: {len(ts)} messages, median {statistics.median(ts):.2f} ms, p99 {percentile(ts, 99):.2f} ms")
    diff = statistics.median(times["with"]) - statistics.median(times["without"])
    print(f"difference of medians: {diff * 1000:+.0f} us")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--http", type=int, default=300, help="messages per server (0: skip the HTTP part)")
    args = ap.parse_args()
    in_process(args.rounds)
    if args.http:
        over_http(args.http)


if __name__ == "__main__":
    main()
