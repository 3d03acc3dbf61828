"""leakguard.synapse in process: config parsing, exemptions, modes, long messages off the reactor thread.

Events are real Synapse events (synapse.events.make_event_from_dict); the ModuleApi is a stand-in that
records registrations and runs `defer_to_thread` in a real thread.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Dict, List, Optional

import pytest
from conftest import GITHUB_TOKEN, require

import leakguard


class FakeModuleApi:
    def __init__(self) -> None:
        self.spam: List[Any] = []
        self.rules: List[Any] = []
        self.threads: List[str] = []

    def register_spam_checker_callbacks(self, *, check_event_for_spam: Any) -> None:
        self.spam.append(check_event_for_spam)

    def register_third_party_rules_callbacks(self, *, check_event_allowed: Any) -> None:
        self.rules.append(check_event_allowed)

    def is_mine(self, user_id: str) -> bool:
        return user_id.endswith(":local.test")

    async def defer_to_thread(self, f: Any, *args: Any) -> Any:
        def run() -> Any:
            self.threads.append(threading.current_thread().name)
            return f(*args)

        return await asyncio.get_running_loop().run_in_executor(None, run)


def event(body: str, sender: str = "@alice:local.test", room: str = "!room:local.test", **content: Any) -> Any:
    require("synapse")
    from synapse.api.room_versions import RoomVersions
    from synapse.events import make_event_from_dict

    return make_event_from_dict(
        {
            "type": "m.room.message",
            "room_id": room,
            "sender": sender,
            "content": {"msgtype": "m.text", "body": body, **content},
            "auth_events": [],
            "prev_events": [],
            "depth": 5,
            "origin_server_ts": 1764400000000,
            "hashes": {"sha256": "aGFzaA"},
            "signatures": {},
        },
        RoomVersions.V10,
    )


def module(config: Optional[Dict[str, Any]] = None) -> tuple:
    require("synapse")
    from leakguard.synapse import LeakguardModule

    api = FakeModuleApi()
    return LeakguardModule(LeakguardModule.parse_config(config or {}), api), api


def spam(m: Any, ev: Any) -> Any:
    return asyncio.run(m.check_event_for_spam(ev))


def test_block_mode_registers_spam_checker_and_refuses_with_reason() -> None:
    from synapse.api.errors import Codes
    from synapse.module_api import NOT_SPAM

    m, api = module()
    assert len(api.spam) == 1 and api.rules == []
    code, extra = spam(m, event(f"token {GITHUB_TOKEN}"))
    assert code == Codes.FORBIDDEN
    assert extra["error"].startswith("leakguard: a password or secret was detected")
    assert GITHUB_TOKEN not in str(extra)
    assert spam(m, event("bonjour à tous")) is NOT_SPAM


def test_exemptions_and_remote_senders() -> None:
    from synapse.module_api import NOT_SPAM

    m, _ = module({"exempt_rooms": ["!ops:local.test"], "exempt_users": ["@deploy:local.test"]})
    assert spam(m, event(f"t {GITHUB_TOKEN}", room="!ops:local.test")) is NOT_SPAM
    assert spam(m, event(f"t {GITHUB_TOKEN}", sender="@deploy:local.test")) is NOT_SPAM
    assert spam(m, event(f"t {GITHUB_TOKEN}", sender="@eve:remote.test")) is NOT_SPAM
    m2, _ = module({"check_remote": True})
    assert spam(m2, event(f"t {GITHUB_TOKEN}", sender="@eve:remote.test")) is not NOT_SPAM


def test_threshold_high_lets_medium_through_and_notify_never_blocks() -> None:
    from synapse.module_api import NOT_SPAM

    m, _ = module({"block_at": "high", "warn_at": "low"})
    assert spam(m, event(f"t {GITHUB_TOKEN}")) is not NOT_SPAM  # GitHub PAT is high confidence
    m, _ = module({"mode": "notify"})
    assert spam(m, event(f"t {GITHUB_TOKEN}")) is NOT_SPAM


def test_formatted_body_and_edits_are_checked_and_masked() -> None:
    m, api = module({"mode": "rewrite"})
    assert len(api.rules) == 1 and api.spam == []
    ev = event(
        "* fixed",
        formatted_body=f"<b>{GITHUB_TOKEN}</b>",
        **{"m.new_content": {"msgtype": "m.text", "body": f"token {GITHUB_TOKEN}"}},
    )
    ok, replacement = asyncio.run(m.check_event_allowed(ev, {}))
    assert ok is True and replacement is not None
    content = replacement["content"]
    assert content["formatted_body"] == "<b>********</b>"
    assert content["m.new_content"]["body"] == "token ********"
    assert GITHUB_TOKEN not in str(replacement)
    assert replacement["room_id"] == ev.room_id and replacement["type"] == "m.room.message"
    assert asyncio.run(m.check_event_allowed(event("rien"), {})) == (True, None)


def test_long_messages_are_scanned_off_the_reactor_thread() -> None:
    m, api = module({"thread_threshold": 1000})
    spam(m, event("court " + GITHUB_TOKEN))
    assert api.threads == []
    code, extra = spam(m, event(("un long message " * 200) + GITHUB_TOKEN))
    assert len(api.threads) == 1 and api.threads[0] != threading.main_thread().name
    assert "GitHub" in extra["error"]


@pytest.mark.parametrize(
    "config,match",
    [
        ({"mode": "drop"}, "mode must be one of"),
        ({"block_at": "hihg"}, "block_at must be one of"),
        ({"exempt_rooms": "!a:b"}, "exempt_rooms must be a list"),
        ({"bogus": 1}, "unknown config keys"),
    ],
)
def test_bad_config_is_refused_at_startup(config: Dict[str, Any], match: str) -> None:
    from leakguard.synapse import LeakguardModule

    with pytest.raises(leakguard.ConfigError, match=match):
        LeakguardModule.parse_config(config)


def test_leakguard_config_file(tmp_path: Any) -> None:
    from synapse.module_api import NOT_SPAM

    p = tmp_path / "leakguard.toml"
    p.write_text('[allowlist]\nvalues = ["%s"]\n' % GITHUB_TOKEN)
    m, _ = module({"leakguard_config": str(p)})
    assert spam(m, event(f"t {GITHUB_TOKEN}")) is NOT_SPAM
    p.write_text('[policy]\nblock_at = "high"\n')
    with pytest.raises(leakguard.ConfigError, match="homeserver.yaml"):
        module({"leakguard_config": str(p)})
