"""The Python example of the repository README runs as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[3] / "README.md"


def python_section_example() -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 1, "the README's Python section has one python example"
    return blocks[0]


def test_readme_python_example_runs(capsys: object) -> None:
    code = python_section_example()
    exec(compile(code, str(README) + ":python", "exec"), {"__name__": "readme_example"})
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "GitHub personal access token" in out
    assert "ghp_oe3n" not in out


def test_package_docstring_example() -> None:
    import doctest

    import leakguard

    result = doctest.testmod(leakguard)
    assert result.attempted >= 1 and result.failed == 0
