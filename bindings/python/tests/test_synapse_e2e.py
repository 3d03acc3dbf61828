"""End to end: a real Synapse (matrix-synapse from PyPI) on 127.0.0.1, SQLite, with leakguard's module.

Block mode refuses a message carrying a secret with a reason (403 M_FORBIDDEN, no secret in the text)
and lets ordinary messages through; rewrite mode delivers the message with the secret masked.
"""

from __future__ import annotations

import uuid
from typing import Any, Dict, Tuple

import pytest
from conftest import GITHUB_TOKEN

pytestmark = pytest.mark.e2e


def _room(hs: Any) -> Tuple[Any, Any, str]:
    tag = uuid.uuid4().hex[:8]
    alice = hs.register(f"alice{tag}")
    bob = hs.register(f"bob{tag}")
    room = alice.create_room()
    bob.join(room)
    return alice, bob, room


def _bodies(user: Any, room: str) -> list:
    return [e["content"].get("body") for e in user.messages(room)]


def test_block_refuses_secret_with_reason_and_delivers_ordinary_message(homeservers: Dict[str, Any]) -> None:
    alice, bob, room = _room(homeservers["block"])
    msg = f"voici le token de déploiement {GITHUB_TOKEN} merci"
    status, resp = alice.send(room, msg)
    assert status == 403, resp
    assert resp["errcode"] == "M_FORBIDDEN"
    assert "password or secret was detected" in resp["error"]
    assert "GitHub personal access token" in resp["error"]
    assert GITHUB_TOKEN not in str(resp) and "oe3nflC7" not in str(resp)
    assert resp["org.leakguard.rules"] == ["leakguard.github.pat"]

    status, resp = alice.send(room, "on se retrouve à midi à la cantine ?")
    assert status == 200, resp
    bodies = _bodies(bob, room)
    assert "on se retrouve à midi à la cantine ?" in bodies
    assert not any(GITHUB_TOKEN in (b or "") for b in bodies)


def test_block_refuses_french_password_sentence(homeservers: Dict[str, Any]) -> None:
    alice, bob, room = _room(homeservers["block"])
    status, resp = alice.send(room, "le mdp c'est Azerty123!")
    assert status == 403, resp
    assert resp["errcode"] == "M_FORBIDDEN"
    assert "password" in resp["error"]
    assert "Password written in a sentence" in resp["error"]
    assert "Azerty123" not in str(resp)
    assert not any("Azerty123" in (b or "") for b in _bodies(bob, room))


def test_rewrite_delivers_masked_text(homeservers: Dict[str, Any]) -> None:
    alice, bob, room = _room(homeservers["rewrite"])
    status, resp = alice.send(room, f"token: {GITHUB_TOKEN} (à révoquer)")
    assert status == 200, resp
    events = bob.messages(room)
    assert events[0]["content"]["body"] == "token: ******** (à révoquer)"
    assert events[0]["content"]["org.leakguard.redacted"] is True
    status, resp = alice.send(room, "rien à signaler")
    assert status == 200, resp
    assert bob.messages(room)[0]["content"]["body"] == "rien à signaler"


def test_rewrite_masks_french_password_sentence(homeservers: Dict[str, Any]) -> None:
    alice, bob, room = _room(homeservers["rewrite"])
    status, resp = alice.send(room, "le mdp c'est Azerty123!")
    assert status == 200, resp
    assert bob.messages(room)[0]["content"]["body"] == "le mdp c'est ********"


def test_encrypted_events_are_opaque_to_the_server(homeservers: Dict[str, Any]) -> None:
    """Documents the limit: in an E2EE room the server sees only ciphertext, so no server-side check can work."""
    alice, bob, room = _room(homeservers["block"])
    status, resp = alice.call(
        "PUT",
        f"/rooms/{room}/send/m.room.encrypted/{uuid.uuid4().hex}",
        {"algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "AwgAEnACgAkLmt6qF84IK++J7UDH2Za1YVchHyprqTqsg", "sender_key": "x", "session_id": "y", "device_id": "z"},
    )
    assert status == 200, resp
