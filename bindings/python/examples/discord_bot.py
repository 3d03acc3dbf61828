"""Discord (discord.py): delete a message that carries a secret and warn its author by direct message.

Run:  DISCORD_TOKEN=... python discord_bot.py

The bot needs the privileged "message content" intent (enabled in the developer portal and below) and the
"Manage Messages" permission in the channels it guards. Discord's own AutoMod can block keywords before
they are posted; a bot only sees a message after it was posted and deletes it then.
"""

from __future__ import annotations

import os
from typing import Optional

import discord

import leakguard

scanner = leakguard.Scanner()


async def handle_message(message: discord.Message, me: Optional[discord.abc.User]) -> Optional[leakguard.Verdict]:
    """Checks one message; on `block`, deletes it and warns the author by DM. Returns the verdict."""
    if message.author.bot or (me is not None and message.author.id == me.id):
        return None
    verdict = await leakguard.check_async(message.content, scanner=scanner)
    if verdict.action == "allow":
        return verdict
    where = getattr(message.channel, "mention", "a channel")
    if verdict.action == "block":
        await message.delete()
        await message.author.send(f"Your message in {where} was deleted: {verdict.reason}")
    else:
        await message.author.send(f"About your message in {where}: {verdict.reason}")
    return verdict


def build_client() -> discord.Client:
    intents = discord.Intents.default()
    intents.message_content = True
    client = discord.Client(intents=intents)

    @client.event
    async def on_message(message: discord.Message) -> None:
        await handle_message(message, client.user)

    return client


if __name__ == "__main__":
    build_client().run(os.environ["DISCORD_TOKEN"])
