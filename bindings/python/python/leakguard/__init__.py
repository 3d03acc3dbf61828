"""leakguard: stops secrets, passwords above all, from leaving through chat, mail and git.

A thin Python face of the Rust engine ``leakguard-core``::

    >>> import leakguard
    >>> verdict = leakguard.check("deploy token 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")  # leakguard:allow
    >>> verdict.action
    'block'

``scan``, ``redact`` and ``check`` use the built-in rules; build a :class:`Scanner` from a config to
change them. Every scan releases the GIL, so threads scan in parallel; the ``*_async`` helpers run a scan
in a thread executor for asyncio bots. Errors derive from :class:`LeakguardError`.
"""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import Executor
from typing import Callable, List, Optional, TypeVar, Union

from ._native import (
    BUILTIN_RULE_COUNT,
    ConfigError,
    Finding,
    InputError,
    InternalError,
    LeakguardError,
    Scanner,
    Verdict,
    __version__,
    check,
    redact,
    scan,
)

__all__ = [
    "BUILTIN_RULE_COUNT",
    "ConfigError",
    "Finding",
    "InputError",
    "InternalError",
    "LeakguardError",
    "Scanner",
    "Verdict",
    "__version__",
    "check",
    "check_async",
    "redact",
    "redact_async",
    "scan",
    "scan_async",
]

_T = TypeVar("_T")
_Text = Union[str, bytes]


async def _off_loop(
    scanner: Optional[Scanner], executor: Optional[Executor], method: Callable[..., _T], *args: object
) -> _T:
    """``method(scanner, *args)`` in a thread executor (the loop's default unless given), on a new
    :class:`Scanner` with the built-in rules unless one is given, so the event loop keeps running."""
    s = scanner if scanner is not None else Scanner()
    return await asyncio.get_running_loop().run_in_executor(executor, functools.partial(method, s, *args))


async def scan_async(
    text: _Text,
    context: Optional[_Text] = None,
    *,
    scanner: Optional[Scanner] = None,
    executor: Optional[Executor] = None,
) -> List[Finding]:
    """``scan`` in a thread executor (the loop's default unless given), so the event loop keeps running."""
    return await _off_loop(scanner, executor, Scanner.scan, text, context)


async def check_async(
    text: _Text,
    context: Optional[_Text] = None,
    *,
    scanner: Optional[Scanner] = None,
    executor: Optional[Executor] = None,
) -> Verdict:
    """``check`` in a thread executor (the loop's default unless given), so the event loop keeps running."""
    return await _off_loop(scanner, executor, Scanner.check, text, context)


async def redact_async(
    text: str,
    *,
    scanner: Optional[Scanner] = None,
    executor: Optional[Executor] = None,
) -> str:
    """``redact`` in a thread executor (the loop's default unless given)."""
    return await _off_loop(scanner, executor, Scanner.redact, text)
