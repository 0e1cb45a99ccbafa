"""The baselines, served like the API (`uvicorn --factory bench.bare_server:create`):

- `GET /bare/portfolio`: the JSON bytes of the API's portfolio answer, from memory
  (`BENCH_BARE_JSON` names the file holding them);
- `POST /bare/projects/{i}/status-reports`: loads aggregate i, records one status report and
  saves it with a bare `eventsourcing` Application (`BENCH_BARE_DATABASE_URL`, the same
  backend as the API's; `BENCH_BARE_AGGREGATES` aggregates are created at start)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from fastapi import Body, FastAPI, Response

from bench.commands import BareProject
from bench.common import bare_application


def create() -> FastAPI:
    app = FastAPI()
    portfolio = Path(os.environ["BENCH_BARE_JSON"]).read_bytes()
    store: Application[Any] = bare_application(os.environ["BENCH_BARE_DATABASE_URL"])
    ids = []
    for i in range(int(os.environ.get("BENCH_BARE_AGGREGATES", "16"))):
        project = BareProject(code=f"BARE-{i}")
        store.save(project)
        ids.append(project.id)

    @app.get("/bare/portfolio")
    def read() -> Response:
        return Response(portfolio, media_type="application/json")

    @app.post("/bare/projects/{i}/status-reports", status_code=201)
    def write(i: int, body: dict[str, Any] = Body()) -> dict[str, object]:
        aggregate: BareProject = store.repository.get(ids[i])
        aggregate.report(
            actor="x", month=body["month"], weather=body["weather"], comment=body["comment"]
        )
        recordings = store.save(aggregate)
        return {
            "id": str(aggregate.id),
            "version": aggregate.version,
            "position": recordings[-1].notification.id,
        }

    return app
