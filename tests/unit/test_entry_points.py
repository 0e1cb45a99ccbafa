"""Each way in imports on its own, first in a fresh interpreter: the command line, the ASGI
factory, the routers' dependencies (an import cycle shows only in some import orders)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "module", ["api.cli.main", "api.asgi", "api.deps", "api.middleware", "api.routers.portfolio"]
)
def test_the_module_imports_first(module: str) -> None:
    done = subprocess.run(  # noqa: S603 (this interpreter, a module name of ours)
        [sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
