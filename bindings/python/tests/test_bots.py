"""The bot examples, driven by each library's own event machinery with realistic payloads.

Only the network layer is replaced: Slack's `WebClient.api_call`, nio's `AsyncClient` request methods,
discord.py's `HTTPClient` methods. leakguard itself is never mocked.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest
from conftest import GITHUB_TOKEN, require

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "examples"))

SECRET_MSG = f"here is the deploy token {GITHUB_TOKEN} use it wisely"
PLAIN_MSG = "standup moved to 10:30, see you there"


# ---------------------------------------------------------------- Slack (slack_bolt)


def _slack_app(monkeypatch: pytest.MonkeyPatch) -> Tuple[Any, List[Tuple[str, Dict[str, Any]]]]:
    require("slack_bolt")
    from slack_sdk import WebClient
    from slack_sdk.web import SlackResponse

    import slack_bot

    calls: List[Tuple[str, Dict[str, Any]]] = []

    def api_call(self: WebClient, api_method: str, **kwargs: Any) -> SlackResponse:
        args = dict(kwargs.get("json") or kwargs.get("params") or kwargs.get("data") or {})
        if kwargs.get("headers", {}).get("Authorization"):
            args["_auth"] = kwargs["headers"]["Authorization"]
        calls.append((api_method, args))
        data: Dict[str, Any] = {"ok": True}
        if api_method == "auth.test":
            data.update(user_id="UBOT", bot_id="BBOT", team_id="T0001", user="guard", team="acme")
        return SlackResponse(
            client=self, http_verb="POST", api_url=api_method, req_args={}, data=data, headers={}, status_code=200
        )

    monkeypatch.setattr(WebClient, "api_call", api_call)
    app = slack_bot.build_app(
        admin_token="xoxp-admin-token",
        token="xoxb-bot-token",
        signing_secret="slack-signing-secret",
        process_before_response=True,
    )
    return app, calls


def _slack_request(text: str) -> Any:
    from slack_bolt.request import BoltRequest
    from slack_sdk.signature import SignatureVerifier

    body = json.dumps(
        {
            "token": "verification-token",
            "team_id": "T0001",
            "api_app_id": "A0001",
            "event": {
                "type": "message",
                "channel": "C0001",
                "user": "U0002",
                "text": text,
                "ts": "1764400000.000200",
                "event_ts": "1764400000.000200",
                "channel_type": "channel",
                "team": "T0001",
                "blocks": [],
            },
            "type": "event_callback",
            "event_id": "Ev0001",
            "event_time": 1764400000,
            "authorizations": [{"team_id": "T0001", "user_id": "UBOT", "is_bot": True}],
        }
    )
    ts = str(int(time.time()))
    sig = SignatureVerifier("slack-signing-secret").generate_signature(timestamp=ts, body=body)
    headers = {"content-type": ["application/json"], "x-slack-request-timestamp": [ts], "x-slack-signature": [sig]}
    return BoltRequest(body=body, headers=headers)


def test_slack_deletes_secret_and_warns_author(monkeypatch: pytest.MonkeyPatch) -> None:
    app, calls = _slack_app(monkeypatch)
    resp = app.dispatch(_slack_request(SECRET_MSG))
    assert resp.status == 200
    methods = [m for m, _ in calls if m != "auth.test"]
    assert methods == ["chat.delete", "chat.postEphemeral"]
    delete = dict(calls)["chat.delete"]
    assert (delete["channel"], delete["ts"], delete["token"]) == ("C0001", "1764400000.000200", "xoxp-admin-token")
    warn = dict(calls)["chat.postEphemeral"]
    assert warn["user"] == "U0002" and "GitHub personal access token" in warn["text"]
    assert GITHUB_TOKEN not in json.dumps(calls)


def test_slack_leaves_ordinary_message(monkeypatch: pytest.MonkeyPatch) -> None:
    app, calls = _slack_app(monkeypatch)
    assert app.dispatch(_slack_request(PLAIN_MSG)).status == 200
    assert [m for m, _ in calls if m != "auth.test"] == []


# ---------------------------------------------------------------- Matrix (matrix-nio)


def _nio_event(body: str) -> Any:
    from nio import RoomMessageText

    return RoomMessageText.from_dict(
        {
            "type": "m.room.message",
            "event_id": "$Xq3k9:example.org",
            "sender": "@alice:example.org",
            "origin_server_ts": 1764400000000,
            "room_id": "!ops:example.org",
            "content": {"msgtype": "m.text", "body": body},
            "unsigned": {"age": 12},
        }
    )


def _nio_client(monkeypatch: pytest.MonkeyPatch) -> Tuple[Any, List[Tuple[str, tuple, dict]]]:
    require("nio")
    from nio import AsyncClient, RoomCreateResponse, RoomRedactResponse, RoomSendResponse

    client = AsyncClient("https://matrix.example.org", "@guard:example.org")
    calls: List[Tuple[str, tuple, dict]] = []

    async def room_redact(*a: Any, **k: Any) -> Any:
        calls.append(("room_redact", a, k))
        return RoomRedactResponse("$redaction", a[0])

    async def room_create(*a: Any, **k: Any) -> Any:
        calls.append(("room_create", a, k))
        return RoomCreateResponse("!dm:example.org")

    async def room_send(*a: Any, **k: Any) -> Any:
        calls.append(("room_send", a, k))
        return RoomSendResponse("$notice", a[0])

    monkeypatch.setattr(client, "room_redact", room_redact)
    monkeypatch.setattr(client, "room_create", room_create)
    monkeypatch.setattr(client, "room_send", room_send)
    return client, calls


def _nio_dispatch(client: Any, event: Any) -> None:
    """Runs the callbacks nio would run for a timeline event (the ones registered with add_event_callback)."""
    from nio import MatrixRoom

    room = MatrixRoom("!ops:example.org", client.user_id)
    room.name = "ops"

    async def run() -> None:
        for cb in client.event_callbacks:
            if cb.filter is None or isinstance(event, cb.filter):
                await cb.func(room, event)

    asyncio.run(run())


def test_matrix_redacts_secret_and_warns_in_direct_chat(monkeypatch: pytest.MonkeyPatch) -> None:
    import matrix_bot

    client, calls = _nio_client(monkeypatch)
    guard = matrix_bot.Guard(client)
    _nio_dispatch(client, _nio_event(SECRET_MSG))
    assert [c[0] for c in calls] == ["room_redact", "room_create", "room_send"]
    assert calls[0][1][:2] == ("!ops:example.org", "$Xq3k9:example.org")
    assert calls[1][2]["invite"] == ["@alice:example.org"] and calls[1][2]["is_direct"] is True
    notice = calls[2][1][2]
    assert notice["msgtype"] == "m.notice" and "GitHub personal access token" in notice["body"]
    assert GITHUB_TOKEN not in repr(calls)
    # A second secret reuses the direct chat.
    _nio_dispatch(client, _nio_event(SECRET_MSG))
    assert [c[0] for c in calls[3:]] == ["room_redact", "room_send"]
    assert guard.direct_rooms == {"@alice:example.org": "!dm:example.org"}


def test_matrix_leaves_ordinary_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import matrix_bot

    client, calls = _nio_client(monkeypatch)
    matrix_bot.Guard(client)
    _nio_dispatch(client, _nio_event(PLAIN_MSG))
    assert calls == []


# ---------------------------------------------------------------- Discord (discord.py)


def _discord_payload(content: str) -> Dict[str, Any]:
    return {
        "id": "1311000000000000001",
        "channel_id": "1311000000000000002",
        "guild_id": "1311000000000000003",
        "author": {"id": "1311000000000000004", "username": "alice", "discriminator": "0", "global_name": "Alice", "avatar": None},
        "member": {"roles": [], "joined_at": "2025-01-01T00:00:00+00:00", "deaf": False, "mute": False, "flags": 0},
        "content": content,
        "timestamp": "2026-11-29T10:00:00.000000+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
        "nonce": "1311000000000000099",
    }


def _discord_run(content: str) -> List[Tuple[str, tuple, dict]]:
    """A real discord.Client whose gateway parser receives MESSAGE_CREATE; only HTTPClient methods are fakes."""
    require("discord")
    import discord

    import discord_bot

    calls: List[Tuple[str, tuple, dict]] = []

    async def run() -> None:
        client = discord_bot.build_client()
        await client._async_setup_hook()
        http = client.http

        async def delete_message(*a: Any, **k: Any) -> None:
            calls.append(("delete_message", a, k))

        async def start_private_message(user_id: int) -> Dict[str, Any]:
            calls.append(("start_private_message", (user_id,), {}))
            return {"id": "1311000000000000010", "type": 1, "recipients": [_discord_payload("")["author"]], "last_message_id": None}

        async def send_message(channel_id: int, **k: Any) -> Dict[str, Any]:
            calls.append(("send_message", (channel_id,), k))
            data = _discord_payload(k["params"].payload.get("content", ""))
            data.update(id="1311000000000000011", channel_id=str(channel_id), author={"id": "1311000000000000099", "username": "guard", "discriminator": "0", "avatar": None, "bot": True})
            del data["guild_id"], data["member"]
            return data

        http.delete_message = delete_message  # type: ignore[method-assign]
        http.start_private_message = start_private_message  # type: ignore[method-assign]
        http.send_message = send_message  # type: ignore[method-assign]
        client._connection.parse_message_create(_discord_payload(content))
        # on_message runs as a task scheduled by client.dispatch ("discord.py: on_message"): wait for it.
        tasks = [t for t in asyncio.all_tasks() if t.get_name() == "discord.py: on_message"]
        assert len(tasks) == 1
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=30)
        await client.close()

    asyncio.run(run())
    return calls


def test_discord_deletes_secret_and_warns_author_by_dm() -> None:
    calls = _discord_run(SECRET_MSG)
    assert [c[0] for c in calls] == ["delete_message", "start_private_message", "send_message"]
    assert calls[0][1][:2] == (1311000000000000002, 1311000000000000001)
    assert calls[1][1] == (1311000000000000004,)
    text = calls[2][2]["params"].payload["content"]
    assert "was deleted" in text and "GitHub personal access token" in text and GITHUB_TOKEN not in text


def test_discord_leaves_ordinary_message() -> None:
    assert _discord_run(PLAIN_MSG) == []
