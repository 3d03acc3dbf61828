"""A Synapse module that refuses (or masks) passwords and secrets in messages from local users.

homeserver.yaml::

    modules:
      - module: leakguard.synapse.LeakguardModule
        config:
          mode: block             # block | rewrite | notify
          block_at: medium        # act at or above this confidence (low | medium | high)
          warn_at: low            # below block_at, at or above warn_at: only logged
          exempt_rooms: ["!ops:example.org"]
          exempt_users: ["@deploy-bot:example.org"]
          leakguard_config: /etc/matrix-synapse/leakguard.toml   # optional: rules, allowlists
          thread_threshold: 4096  # bytes; longer messages are scanned in Synapse's thread pool

Modes:

- ``block``: a spam-checker ``check_event_for_spam`` callback. The message is refused; the sender's
  client gets HTTP 403 ``M_FORBIDDEN`` whose ``error`` says that a password or secret was detected and
  which kind, never the secret itself.
- ``rewrite``: a third-party-rules ``check_event_allowed`` callback. The message goes through with each
  secret replaced by ``********`` (in ``body``, ``formatted_body`` and an edit's ``m.new_content``).
- ``notify``: nothing is refused; each detection is logged (rule ids and fingerprints, never the secret).

Only unencrypted rooms can be checked. In an end-to-end encrypted room the server only sees ciphertext
(``m.room.encrypted``): no server, this module included, can filter it. Such rooms need a client-side
check (a client or bot that calls ``leakguard.check`` before sending).

Short messages are scanned on the reactor thread (a typical chat message takes microseconds); messages
longer than ``thread_threshold`` bytes are scanned in Synapse's thread pool, with the GIL released.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, TypeVar

from . import ConfigError, Scanner, Verdict

_T = TypeVar("_T")

logger = logging.getLogger(__name__)

_MODES = ("block", "rewrite", "notify")
_LEVELS = ("low", "medium", "high")
_KEYS = {
    "mode",
    "block_at",
    "warn_at",
    "exempt_rooms",
    "exempt_users",
    "leakguard_config",
    "thread_threshold",
    "check_remote",
}


class LeakguardConfig:
    """The module's parsed config (see the module docstring)."""

    def __init__(self, raw: Optional[Dict[str, Any]] = None) -> None:
        raw = dict(raw or {})
        unknown = set(raw) - _KEYS
        if unknown:
            raise ConfigError(f"leakguard.synapse: unknown config keys {sorted(unknown)}; known: {sorted(_KEYS)}")
        self.mode: str = str(raw.get("mode", "block"))
        if self.mode not in _MODES:
            raise ConfigError(f"leakguard.synapse: mode must be one of {_MODES}, not {self.mode!r}")
        self.block_at: str = str(raw.get("block_at", "medium"))
        self.warn_at: str = str(raw.get("warn_at", "low"))
        for key, value in (("block_at", self.block_at), ("warn_at", self.warn_at)):
            if value not in _LEVELS:
                raise ConfigError(f"leakguard.synapse: {key} must be one of {_LEVELS}, not {value!r}")
        self.exempt_rooms = frozenset(_str_list(raw, "exempt_rooms"))
        self.exempt_users = frozenset(_str_list(raw, "exempt_users"))
        self.leakguard_config: Optional[str] = raw.get("leakguard_config")
        self.thread_threshold: int = int(raw.get("thread_threshold", 4096))
        self.check_remote: bool = bool(raw.get("check_remote", False))

    def scanner(self) -> Scanner:
        """The scanner: the leakguard config file (if any) with this config's thresholds on top."""
        text = ""
        origin = "homeserver.yaml (leakguard module)"
        if self.leakguard_config:
            with open(self.leakguard_config, encoding="utf-8") as f:
                text = f.read()
            origin = self.leakguard_config
            if "[policy]" in text:
                raise ConfigError(
                    f"{origin}: set block_at/warn_at in the module config of homeserver.yaml, not in [policy]"
                )
        text += f'\n[policy]\nblock_at = "{self.block_at}"\nwarn_at = "{self.warn_at}"\n'
        return Scanner.from_config_str(text, origin)


def _str_list(raw: Dict[str, Any], key: str) -> List[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"leakguard.synapse: {key} must be a list of strings")
    return value


def block_message(verdict: Verdict) -> str:
    """The error text the sender sees: what was detected, never the secret."""
    return f"leakguard: a password or secret was detected in your message, so it was not sent. {verdict.reason}"


class LeakguardModule:
    """The Synapse module. Synapse builds it with ``LeakguardModule(config, api)``."""

    def __init__(self, config: LeakguardConfig, api: Any) -> None:
        from synapse.module_api import NOT_SPAM
        from synapse.module_api.errors import Codes

        self._not_spam = NOT_SPAM
        self._forbidden = Codes.FORBIDDEN
        self._config = config
        self._api = api
        self._scanner = config.scanner()
        if config.mode == "rewrite":
            api.register_third_party_rules_callbacks(check_event_allowed=self.check_event_allowed)
        else:
            api.register_spam_checker_callbacks(check_event_for_spam=self.check_event_for_spam)
        logger.info(
            "leakguard: mode=%s block_at=%s, %d rules", config.mode, config.block_at, len(self._scanner.rule_ids)
        )

    @staticmethod
    def parse_config(config: Optional[Dict[str, Any]]) -> LeakguardConfig:
        """Validates the ``config:`` block of homeserver.yaml (Synapse calls this at start-up)."""
        return LeakguardConfig(config)

    def _texts(self, event: Any) -> Optional[Mapping[str, Any]]:
        """The event's content if it is a message this module must check, else None."""
        if event.type != "m.room.message":
            return None
        if event.room_id in self._config.exempt_rooms or event.sender in self._config.exempt_users:
            return None
        if not self._config.check_remote and not self._api.is_mine(event.sender):
            return None
        content: Mapping[str, Any] = event.content
        if not isinstance(content.get("body"), str):
            return None
        return content

    async def _off_reactor(self, method: Callable[[str], _T], text: str) -> _T:
        """``method(text)``; a text longer than ``thread_threshold`` goes to Synapse's thread pool."""
        if len(text) > self._config.thread_threshold:
            result: _T = await self._api.defer_to_thread(method, text)
            return result
        return method(text)

    async def _verdict(self, content: Mapping[str, Any]) -> Verdict:
        """One verdict on everything the message shows (body, formatted body, an edit's new content)."""
        text: str = content["body"]
        formatted = content.get("formatted_body")
        new = content.get("m.new_content")
        if isinstance(formatted, str) or isinstance(new, Mapping):
            parts = [text, formatted if isinstance(formatted, str) else ""]
            if isinstance(new, Mapping):
                parts.extend(new[k] for k in ("body", "formatted_body") if isinstance(new.get(k), str))
            text = "\n".join(parts)
        return await self._off_reactor(self._scanner.check, text)

    def _log(self, event: Any, verdict: Verdict, what: str) -> None:
        logger.warning(
            "leakguard: %s %s in %s from %s: %s",
            what,
            event.event_id if hasattr(event, "event_id") else "event",
            event.room_id,
            event.sender,
            ", ".join(f"{f.rule} ({f.confidence}, fp {f.fingerprint})" for f in verdict.findings),
        )

    async def check_event_for_spam(self, event: Any) -> Any:
        """Spam-checker callback (block and notify modes)."""
        content = self._texts(event)
        if content is None:
            return self._not_spam
        verdict = await self._verdict(content)
        if verdict.action == "allow":
            return self._not_spam
        if verdict.action == "block" and self._config.mode == "block":
            self._log(event, verdict, "refused")
            return self._forbidden, {
                "error": block_message(verdict),
                "org.leakguard.rules": sorted({f.rule for f in verdict.findings}),
            }
        self._log(event, verdict, "let through")
        return self._not_spam

    async def check_event_allowed(self, event: Any, state_events: Any) -> Tuple[bool, Optional[Dict[str, Any]]]:
        """Third-party-rules callback (rewrite mode): the event with its secrets masked."""
        content = self._texts(event)
        if content is None:
            return True, None
        verdict = await self._verdict(content)
        if verdict.action != "block":
            if verdict.action == "warn":
                self._log(event, verdict, "let through")
            return True, None
        new_content = await self._redact_content(content)
        new_content["org.leakguard.redacted"] = True
        replacement = dict(event.get_dict())
        replacement["content"] = new_content
        self._log(event, verdict, "masked")
        return True, replacement

    async def _redact_content(self, content: Mapping[str, Any]) -> Dict[str, Any]:
        out = dict(content)
        for key in ("body", "formatted_body"):
            if isinstance(out.get(key), str):
                out[key] = await self._off_reactor(self._scanner.redact, out[key])
        new = out.get("m.new_content")
        if isinstance(new, Mapping):
            out["m.new_content"] = await self._redact_content(new)
        return out

