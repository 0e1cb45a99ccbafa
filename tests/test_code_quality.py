"""ruff and mypy are part of the suite: CI fails on a finding."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603


def test_ruff_finds_nothing() -> None:
    result = _run(str(BIN / "ruff"), "check", "--quiet", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted() -> None:
    result = _run(str(BIN / "ruff"), "format", "--check", "--quiet", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_and_strict_on_the_domain() -> None:
    packages = [
        "domain",
        "lifecycle",
        "governance_rules",
        "projections",
        "api",
        "infrastructure",
        "demo",
    ]
    result = _run(str(BIN / "mypy"), *packages)
    assert result.returncode == 0, result.stdout + result.stderr
