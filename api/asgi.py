"""`uvicorn --factory api.asgi:create`: one application per worker process."""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app
from infrastructure.bootstrap import bootstrap


def create() -> FastAPI:
    return create_app(bootstrap())
