"""Slack (slack_bolt): delete a message that carries a secret and warn its author privately.

Run:  SLACK_BOT_TOKEN=xoxb-... SLACK_SIGNING_SECRET=... SLACK_ADMIN_TOKEN=xoxp-... python slack_bot.py

A bot token cannot delete other people's messages: `chat.delete` on a user's message needs the user token
of a workspace admin or owner (SLACK_ADMIN_TOKEN, scope chat:write). The author is warned with an
ephemeral message, which only they see. The bot needs the `channels:history` / `groups:history` event
scopes to receive messages.
"""

from __future__ import annotations

import os
from typing import Any, Dict, Optional

from slack_bolt import App
from slack_sdk import WebClient

import leakguard

scanner = leakguard.Scanner()


def handle_message(event: Dict[str, Any], client: WebClient, admin_token: Optional[str]) -> Optional[leakguard.Verdict]:
    """Checks one message event; on `block`, deletes it and warns the author. Returns the verdict."""
    text = event.get("text")
    if not isinstance(text, str) or event.get("subtype") or event.get("bot_id"):
        return None  # edits, joins, bot messages
    verdict = scanner.check(text)
    if verdict.action == "allow":
        return verdict
    channel, user = event["channel"], event["user"]
    if verdict.action == "block" and admin_token:
        client.chat_delete(channel=channel, ts=event["ts"], token=admin_token)
        warning = f":lock: Your message was deleted: {verdict.reason}"
    else:
        warning = f":warning: {verdict.reason}"
    client.chat_postEphemeral(channel=channel, user=user, text=warning)
    return verdict


def build_app(admin_token: Optional[str] = None, **app_options: Any) -> App:
    """The Bolt app with the message listener (app_options go to `slack_bolt.App`)."""
    app = App(**app_options)

    @app.event("message")
    def on_message(event: Dict[str, Any], client: WebClient) -> None:
        handle_message(event, client, admin_token)

    return app


if __name__ == "__main__":
    build_app(
        admin_token=os.environ.get("SLACK_ADMIN_TOKEN"),
        token=os.environ["SLACK_BOT_TOKEN"],
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
    ).start(port=int(os.environ.get("PORT", "3000")))
