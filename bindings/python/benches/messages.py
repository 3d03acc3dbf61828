"""Deterministic chat messages (100 to 300 bytes) for the benchmarks: mostly ordinary, some with a secret."""

from __future__ import annotations

import random
from typing import List, Tuple

SECRETS = [
    "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",
    "postgres://admin:Xk9fP2mQ7@db.internal:5432/app",
]
WORDS_FR = (
    "bonjour la réunion est décalée à demain matin merci pour le retour sur le ticket on déploie la "
    "version en préprod ce soir pensez à relire la doc avant de valider le correctif du serveur café "
    "équipe sécurité astreinte planning congés budget client livraison élevé problème résolu"
).split()
WORDS_EN = (
    "hi team the standup moved to ten thirty please review the pull request before lunch we shipped the "
    "fix to staging and the dashboard looks green now can someone check the flaky test on main thanks "
    "deploy rollback incident postmortem customer ticket release notes quarter roadmap"
).split()


def messages(n: int = 1000, secret_every: int = 20, seed: int = 5) -> List[Tuple[str, bool]]:
    """`n` messages of 100-300 UTF-8 bytes; every `secret_every`-th one carries a secret. (text, has_secret)."""
    rng = random.Random(seed)
    out: List[Tuple[str, bool]] = []
    for i in range(n):
        words = WORDS_FR if i % 2 else WORDS_EN
        target = rng.randint(100, 300)
        has = i % secret_every == 0
        parts: List[str] = []
        secret = SECRETS[(i // secret_every) % len(SECRETS)] if has else ""
        while len(" ".join(parts).encode()) + len(secret) + 1 < target:
            parts.append(rng.choice(words))
        if has:
            parts.insert(rng.randint(0, len(parts)), secret)
        text = " ".join(parts)
        while len(text.encode()) > 300:
            text = text[: text.rfind(" ")]
        out.append((text, has))
    return out
