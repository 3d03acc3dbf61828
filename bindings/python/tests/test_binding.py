"""The leakguard Python API over leakguard-core: results, offsets, errors, threads, async."""

from __future__ import annotations

import asyncio
import sys
import threading
from pathlib import Path

import pytest
from conftest import GITHUB_TOKEN

import leakguard
from leakguard import ConfigError, InputError, InternalError, LeakguardError, Scanner

ACME_RULES = """
[[rules]]
id = "acme.token"
name = "ACME internal token"
keywords = ["acme_"]
pattern = '''\\b(?P<secret>acme_[a-z0-9]{24})\\b'''
confidence = "medium"
"""
ACME_TOKEN = "acme_q8v3kz1m7x2p9w4r6t0y5u3j"


def test_scan_finds_token_with_metadata() -> None:
    text = f"deploy with {GITHUB_TOKEN} please"
    [f] = leakguard.scan(text)
    assert f.rule == "leakguard.github.pat"
    assert f.rule_name == "GitHub personal access token"
    assert f.confidence == "high"
    assert (f.start, f.end) == (12, 12 + len(GITHUB_TOKEN))
    assert (f.line, f.column, f.end_line) == (1, 13, 1)
    assert f.redacted == "ghp_********"
    assert len(f.fingerprint) == 32
    assert f.secret() == GITHUB_TOKEN


@pytest.mark.parametrize(
    "prefix",
    [
        "",
        "mot de passe réinitialisé, clé : ",  # accented (2-byte UTF-8)
        "🔑🚀 voilà 👉 ",  # emoji (4-byte UTF-8, 1 code point each)
        "部署令牌是：",  # CJK (3-byte UTF-8)
        "é\n中文 😀\nstill on line 3 → ",  # mixed, multi-line
    ],
)
def test_offsets_are_python_string_indices(prefix: str) -> None:
    text = prefix + GITHUB_TOKEN + " ✓ fin"
    [f] = leakguard.scan(text)
    assert text[f.start : f.end] == GITHUB_TOKEN == f.secret()
    line_start = text.rfind("\n", 0, f.start) + 1
    assert f.line == text.count("\n", 0, f.start) + 1
    assert f.column == f.start - line_start + 1
    assert f.end_column == f.column + len(GITHUB_TOKEN)
    # The same text as bytes: offsets are byte offsets.
    data = text.encode()
    [g] = leakguard.scan(data)
    assert data[g.start : g.end] == GITHUB_TOKEN.encode()
    assert g.fingerprint == f.fingerprint


def test_offsets_of_several_findings_in_non_ascii_text() -> None:
    s = Scanner.from_config_str(ACME_RULES)
    text = f"😀 {ACME_TOKEN} ünd 中 {GITHUB_TOKEN} 🎉 {ACME_TOKEN.replace('q8', 'z7')}"
    found = s.scan(text)
    assert [text[f.start : f.end] for f in found] == [f.secret() for f in found]
    assert [f.rule for f in found] == ["acme.token", "leakguard.github.pat", "acme.token"]


@pytest.mark.parametrize(
    "text,password",
    [
        ("le mdp c'est Azerty123!", "Azerty123!"),
        ("Salut 👋 le mot de passe du wifi c'est Gendarme75! 😀", "Gendarme75!"),
    ],
)
def test_prose_password_offsets(text: str, password: str) -> None:
    """The prose detector (issue 3) through Python: string indices hold for its findings too."""
    v = leakguard.check(text)
    assert v.action == "block"
    [f] = v.findings
    assert f.rule == "leakguard.prose.password"
    assert text[f.start : f.end] == password == f.secret()
    assert password not in v.reason and password not in v.redacted


def test_secret_only_on_request() -> None:
    [f] = leakguard.scan(f"token {GITHUB_TOKEN}")
    assert GITHUB_TOKEN not in repr(f)
    assert GITHUB_TOKEN not in str(f.to_dict())
    assert "secret" not in f.to_dict()
    assert callable(f.secret)
    v = leakguard.check(f"token {GITHUB_TOKEN}")
    assert GITHUB_TOKEN not in repr(v) and GITHUB_TOKEN not in v.reason and GITHUB_TOKEN not in v.redacted


def test_redact_str_and_bytes() -> None:
    text = f"café ☕ token={GITHUB_TOKEN}; merci"
    assert leakguard.redact(text) == "café ☕ token=********; merci"
    assert leakguard.redact(text.encode()) == "café ☕ token=********; merci".encode()
    assert leakguard.redact("rien ici") == "rien ici"


def test_check_actions_and_reason() -> None:
    v = leakguard.check(f"voici le token {GITHUB_TOKEN}")
    assert v.action == "block" and v.blocked
    assert v.confidence == "high"
    assert "GitHub personal access token" in v.reason
    assert v.redacted == "voici le token ********"
    assert [f.rule for f in v.findings] == ["leakguard.github.pat"]
    ok = leakguard.check("on se voit à midi ?", context="tu viens ?")
    assert (ok.action, ok.confidence, ok.findings, ok.blocked) == ("allow", None, [], False)
    assert ok.redacted == "on se voit à midi ?"


def test_policy_from_config_gives_warn() -> None:
    s = Scanner.from_config_str(ACME_RULES + '\n[policy]\nblock_at = "high"\nwarn_at = "medium"\n')
    assert (s.block_at, s.warn_at) == ("high", "medium")
    v = s.check(f"use {ACME_TOKEN}")
    assert v.action == "warn" and v.confidence == "medium"
    assert s.check(f"use {GITHUB_TOKEN}").action == "block"


def test_scanner_from_config_file(tmp_path: Path) -> None:
    p = tmp_path / "leakguard.toml"
    p.write_text('[detection]\ndisable = ["leakguard.github.pat"]\n')
    s = Scanner.from_config(p)
    assert "leakguard.github.pat" not in s.rule_ids
    assert s.scan(f"token {GITHUB_TOKEN}") == []
    assert len(Scanner().rule_ids) == leakguard.BUILTIN_RULE_COUNT
    s2 = Scanner.from_config(str(p))
    assert s2.scan(f"token {GITHUB_TOKEN}") == []


def test_config_errors_name_file_line_and_field(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^team.toml:3:") as e:
        Scanner.from_config_str("[detection]\nprose = true\nbogus = 1\n", "team.toml")
    assert isinstance(e.value, LeakguardError)
    with pytest.raises(ConfigError, match="policy.block_at"):
        Scanner.from_config_str('[policy]\nblock_at = "hihg"\n')
    with pytest.raises(ConfigError, match="unknown rule id"):
        Scanner.from_config_str('[detection]\ndisable = ["no.such.rule"]\n')
    with pytest.raises(ConfigError, match="missing.toml"):
        Scanner.from_config(tmp_path / "missing.toml")


def test_input_errors() -> None:
    with pytest.raises(InputError, match="expected str or bytes, got int"):
        leakguard.scan(42)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="UTF-8"):
        leakguard.check(b"\xff\xfe " + GITHUB_TOKEN.encode())
    with pytest.raises(InputError, match="UTF-8"):
        leakguard.scan("lone surrogate \ud800 here")
    # scan() takes any bytes: offsets stay byte offsets even around invalid UTF-8.
    data = b"\xff\xfe " + GITHUB_TOKEN.encode()
    [f] = leakguard.scan(data)
    assert data[f.start : f.end] == GITHUB_TOKEN.encode()


def test_no_panic_reaches_python() -> None:
    with pytest.raises(InternalError, match="please report") as e:
        leakguard._native._panic_for_test()
    assert isinstance(e.value, LeakguardError)
    assert type(e.value).__name__ != "PanicException"


def test_exception_family() -> None:
    for cls in (ConfigError, InputError, InternalError):
        assert issubclass(cls, LeakguardError)
    assert issubclass(LeakguardError, Exception)


def test_threads_share_a_scanner() -> None:
    s = Scanner()
    texts = [f"msg {i} token {GITHUB_TOKEN} é😀" if i % 3 == 0 else f"ordinary message {i} é😀" for i in range(300)]
    expected = [[(f.rule, f.start, f.end) for f in s.scan(t)] for t in texts]
    results: dict = {}

    def work(k: int) -> None:
        results[k] = [[(f.rule, f.start, f.end) for f in s.scan(t)] for t in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[k] == expected for k in range(4))


def test_gil_is_released_during_a_scan() -> None:
    """Another Python thread runs while a scan is in Rust.

    With a huge switch interval, the interpreter never takes the GIL from the scanning thread by force, so
    the counter thread can only advance while the scan has released the GIL.
    """
    big = ("ordinary line of chat, nothing to see here é😀\n" * 120_000) + GITHUB_TOKEN
    s = Scanner()
    s.scan("warm up")
    counter = [0]
    stop = threading.Event()
    started = threading.Event()

    def spin() -> None:
        started.set()
        while not stop.is_set():
            counter[0] += 1
            stop.wait(0.0001)  # releases the GIL between increments

    old = sys.getswitchinterval()
    t = threading.Thread(target=spin)
    t.start()
    started.wait()
    sys.setswitchinterval(30.0)
    try:
        before = counter[0]
        found = s.scan(big)
        after = counter[0]
    finally:
        sys.setswitchinterval(old)
        stop.set()
        t.join()
    assert [f.rule for f in found] == ["leakguard.github.pat"]
    assert after > before


def test_async_helpers() -> None:
    async def main() -> tuple:
        s = Scanner()
        v, found, red = await asyncio.gather(
            leakguard.check_async(f"token {GITHUB_TOKEN}", scanner=s),
            leakguard.scan_async(f"token {GITHUB_TOKEN}"),
            leakguard.redact_async(f"token {GITHUB_TOKEN}"),
        )
        return v, found, red

    v, found, red = asyncio.run(main())
    assert v.action == "block"
    assert [f.rule for f in found] == ["leakguard.github.pat"]
    assert red == "token ********"


def test_version_and_reexports() -> None:
    assert leakguard.__version__ == "0.1.0"
    assert leakguard.Scanner is leakguard._native.Scanner
    assert set(leakguard.__all__) <= set(dir(leakguard))
