"""The API's route class: a command's answer (`CommandOut`) goes out as the route built it.

FastAPI checks a route's return value against its response model once more, and for a
synchronous route it does so in another worker thread: one more hand-off between threads
per request, which costs more than the check. A command's answer is built by `committed`
(api/deps.py) from what the store recorded, a model already; it is encoded as it is. The
model stays in the OpenAPI document, as the response of the route's status code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.datastructures import DefaultPlaceholder
from fastapi.dependencies.utils import get_typed_return_annotation
from fastapi.routing import APIRoute

from api.schemas.common import CommandOut


class JalonRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **options: Any) -> None:
        answer = get_typed_return_annotation(endpoint)
        declared = not isinstance(options.get("response_model"), DefaultPlaceholder)
        if not declared and isinstance(answer, type) and issubclass(answer, CommandOut):
            status_code = options.get("status_code") or 200
            options["response_model"] = None
            options["responses"] = {
                status_code: {"model": answer},
                **(options.get("responses") or {}),
            }
        super().__init__(path, endpoint, **options)
