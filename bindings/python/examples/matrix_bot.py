"""Matrix (matrix-nio): redact a message that carries a secret and warn its author in a direct chat.

Run:  MATRIX_HOMESERVER=https://matrix.example.org MATRIX_USER=@guard:example.org MATRIX_TOKEN=... python matrix_bot.py

The bot must be a room moderator (power level for `redact`) to redact other people's messages. The
secret was already delivered to the members' clients when the bot sees it: redaction removes it from
history and from clients that honour redactions. To refuse a message before anyone sees it, use the
Synapse module `leakguard.synapse` instead. In end-to-end encrypted rooms the bot only sees the text if it
is a member with the keys (matrix-nio with its e2e extra).
"""

from __future__ import annotations

import asyncio
import os
from typing import Dict

from nio import AsyncClient, MatrixRoom, RoomMessageText

import leakguard

scanner = leakguard.Scanner()


class Guard:
    """The message callback, with the direct chats it opened to warn people."""

    def __init__(self, client: AsyncClient) -> None:
        self.client = client
        self.direct_rooms: Dict[str, str] = {}
        client.add_event_callback(self.on_message, RoomMessageText)

    async def on_message(self, room: MatrixRoom, event: RoomMessageText) -> None:
        if event.sender == self.client.user_id:
            return
        # Off the event loop: the scan runs in a thread with the GIL released.
        verdict = await leakguard.check_async(event.body, scanner=scanner)
        if verdict.action == "allow":
            return
        if verdict.action == "block":
            await self.client.room_redact(room.room_id, event.event_id, reason="leakguard: secret detected")
            text = f"Your message in {room.display_name} was removed: {verdict.reason}"
        else:
            text = f"About your message in {room.display_name}: {verdict.reason}"
        await self.warn(event.sender, text)

    async def warn(self, user_id: str, text: str) -> None:
        room_id = self.direct_rooms.get(user_id)
        if room_id is None:
            resp = await self.client.room_create(is_direct=True, invite=[user_id], name="leakguard")
            room_id = getattr(resp, "room_id", None)
            if room_id is None:
                return
            self.direct_rooms[user_id] = room_id
        await self.client.room_send(room_id, "m.room.message", {"msgtype": "m.notice", "body": text})


async def main() -> None:
    client = AsyncClient(os.environ["MATRIX_HOMESERVER"], os.environ["MATRIX_USER"])
    client.access_token = os.environ["MATRIX_TOKEN"]
    Guard(client)
    await client.sync_forever(timeout=30000)


if __name__ == "__main__":
    asyncio.run(main())
