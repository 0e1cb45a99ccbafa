"""Fault tests: small sizes in `make test`, the issue's sizes under `make faults`
(`JALON_FAULTS=full`). The tests that disturb the machine (restarting PostgreSQL, mounting a
small filesystem) are only collected under `make faults`."""

from __future__ import annotations

import os

FULL = os.environ.get("JALON_FAULTS", "").lower() == "full"

collect_ignore = [] if FULL else ["test_database_restart.py", "test_disk_full.py"]


def size(smoke: int, full: int) -> int:
    return full if FULL else smoke
