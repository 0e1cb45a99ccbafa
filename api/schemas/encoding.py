"""JSON of view rows without building a model per row: the rows are already in the
documented shape (the route still declares its `response_model` for the OpenAPI schema),
and this encodes them as pydantic would (decimals as strings, compact, UTF-8).
tests/e2e/test_portfolio_cache.py checks the bytes equal pydantic's."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def _default(value: object) -> str:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def json_bytes(document: Any) -> bytes:
    return json.dumps(
        document, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_default
    ).encode()
