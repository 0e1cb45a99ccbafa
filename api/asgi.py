"""`uvicorn --factory api.asgi:create`: one application per worker process."""

from __future__ import annotations

import gc

from fastapi import FastAPI

from api.app import create_app
from api.jsonlog import configure_logging
from infrastructure.bootstrap import bootstrap


def create() -> FastAPI:
    configure_logging()
    app = create_app(bootstrap())
    # What start-up built (modules, schemas, routes) lives as long as the process: the
    # collector's full passes stop walking it, which shortens their pauses of every request.
    gc.freeze()
    # A request allocates thousands of short-lived objects: collect the young ones less often.
    gc.set_threshold(20_000, 20, 20)
    return app
