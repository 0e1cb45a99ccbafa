"""`uvicorn --factory api.asgi:create`: one application per worker process."""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app
from api.jsonlog import configure_logging
from infrastructure.bootstrap import bootstrap


def create() -> FastAPI:
    configure_logging()
    return create_app(bootstrap())
