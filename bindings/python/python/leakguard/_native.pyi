"""Type stubs of leakguard's native module (checked with ``python -m mypy.stubtest leakguard._native``)."""

from os import PathLike
from typing import Dict, List, Literal, Optional, Union, final, overload

_Text = Union[str, bytes]
_Confidence = Literal["low", "medium", "high"]

__all__ = [
    "Scanner",
    "Finding",
    "Verdict",
    "scan",
    "redact",
    "check",
    "_panic_for_test",
    "LeakguardError",
    "ConfigError",
    "InputError",
    "InternalError",
    "__version__",
    "BUILTIN_RULE_COUNT",
]

__version__: str
BUILTIN_RULE_COUNT: int

class LeakguardError(Exception):
    """Base class of every error raised by leakguard."""

class ConfigError(LeakguardError):
    """A config (file or string) is invalid or unreadable; the message names the file, line and field."""

class InputError(LeakguardError):
    """An argument leakguard cannot scan: not str or bytes, or bytes that are not UTF-8 where text is needed."""

class InternalError(LeakguardError):
    """A bug in leakguard (a Rust panic was caught)."""

@final
class Finding:
    """One secret found in a text. ``start``/``end`` are str indices (bytes offsets for bytes input)."""

    @property
    def rule(self) -> str: ...
    @property
    def rule_name(self) -> str: ...
    @property
    def confidence(self) -> _Confidence: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def end_line(self) -> int: ...
    @property
    def end_column(self) -> int: ...
    @property
    def redacted(self) -> str: ...
    @property
    def fingerprint(self) -> str: ...
    def secret(self) -> str:
        """The secret in clear. Do not log or display it."""
    def to_dict(self) -> Dict[str, Union[str, int]]:
        """The finding as a dict without the secret."""

@final
class Verdict:
    """The decision on one message."""

    @property
    def action(self) -> Literal["allow", "warn", "block"]: ...
    @property
    def confidence(self) -> Optional[_Confidence]: ...
    @property
    def reason(self) -> str: ...
    @property
    def redacted(self) -> str: ...
    @property
    def findings(self) -> List[Finding]: ...
    @property
    def blocked(self) -> bool: ...

@final
class Scanner:
    """A reusable, thread-safe scanner: the built-in rules, adjusted by an optional config."""

    def __new__(cls) -> Scanner: ...
    @staticmethod
    def from_config(path: Union[str, PathLike[str]]) -> Scanner: ...
    @staticmethod
    def from_config_str(toml: str, origin: str = "<string>") -> Scanner: ...
    def scan(self, text: _Text, context: Optional[_Text] = None) -> List[Finding]: ...
    def check(self, text: _Text, context: Optional[_Text] = None) -> Verdict: ...
    @overload
    def redact(self, text: str) -> str: ...
    @overload
    def redact(self, text: bytes) -> bytes: ...
    @property
    def rule_ids(self) -> List[str]: ...
    @property
    def block_at(self) -> _Confidence: ...
    @property
    def warn_at(self) -> _Confidence: ...

def scan(text: _Text, context: Optional[_Text] = None) -> List[Finding]: ...
def check(text: _Text, context: Optional[_Text] = None) -> Verdict: ...
@overload
def redact(text: str) -> str: ...
@overload
def redact(text: bytes) -> bytes: ...
def _panic_for_test() -> None: ...
