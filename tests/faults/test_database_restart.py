"""Database restart (only under `make faults`: it stops the machine's PostgreSQL for a few
seconds, which disturbs every other user of it). PostgreSQL is stopped in immediate mode
during a write and read load, then started again: no request answers 500 or waits without
bound; a request sent while it is down answers 503 within FAST_503 seconds (the pool waits
`JALON_DATABASE_WAIT`, 2 s, for a connection); within 5 s of its return commands succeed
again; no acknowledged command is lost or recorded twice."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import httpx

from bench.portfolio_data import load_portfolio, past_month
from bench.servers import Server, api_server
from infrastructure.bootstrap import bootstrap
from infrastructure.settings import Settings
from tests.faults.helpers import recorded_reports, system
from tests.integration.helpers import GREEN

CLIENTS = 6
READERS = 2
DOWN_SECONDS = 6.0
RECOVERY_SECONDS = 5.0
FAST_503 = 3.0  # the pool's wait (2 s) + a loaded machine
# In flight when it dies, a command may be inside the event store library, which retries
# 10 times, each waiting up to 1 s for a connection, 0.2 s apart
ANSWER_WITHIN = 15.0


def _cluster(action: str) -> None:
    (version,) = os.listdir("/etc/postgresql")
    # pg_ctlcluster's own --mode (`-- -m immediate` would be overridden by its default, fast)
    system(
        "pg_ctlcluster", "--skip-systemctl-redirect", "--mode", "immediate", version, "main", action
    )


@dataclass
class Answer:
    sent: float
    took: float
    status: str
    comment: str
    read: bool = False

    @property
    def success(self) -> str:
        return "200" if self.read else "201"


@dataclass
class Load:
    server: Server
    token: str
    month: str
    answers: list[Answer] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def client(self, project: str) -> None:
        with httpx.Client(headers={"Authorization": f"Bearer {self.token}"}) as http:
            while not self.stop.is_set():
                comment = f"restart-{uuid.uuid4()}"
                sent = time.monotonic()
                try:
                    status = str(
                        http.post(
                            f"{self.server.base}/api/v1/projects/{project}/status-reports",
                            json={"month": self.month, "weather": GREEN, "comment": comment},
                            timeout=60,
                        ).status_code
                    )
                except httpx.TransportError as error:
                    status = type(error).__name__
                self.answers.append(Answer(sent, time.monotonic() - sent, status, comment))
                if status == "503":
                    time.sleep(0.1)

    def reader(self) -> None:
        with httpx.Client(headers={"Authorization": f"Bearer {self.token}"}) as http:
            while not self.stop.is_set():
                sent = time.monotonic()
                try:
                    status = str(
                        http.get(f"{self.server.base}/api/v1/portfolio", timeout=60).status_code
                    )
                except httpx.TransportError as error:
                    status = type(error).__name__
                self.answers.append(Answer(sent, time.monotonic() - sent, status, "", read=True))
                time.sleep(0.1)


def test_a_database_restart_answers_503_then_recovers(postgres_schema: str) -> None:
    jalon = bootstrap(Settings(database_url=postgres_schema))
    try:
        portfolio = load_portfolio(jalon, projects=CLIENTS, reports=1)
        month = past_month(0, jalon.today())
    finally:
        jalon.close()
    server = api_server(postgres_schema, forked=True).start("/api/v1/health")
    load = Load(server, portfolio.token, month)
    clients = [threading.Thread(target=load.client, args=(str(p),)) for p in portfolio.projects]
    clients += [threading.Thread(target=load.reader) for _ in range(READERS)]
    try:
        for thread in clients:
            thread.start()
        time.sleep(1.5)
        try:
            _cluster("stop")
            down_at = time.monotonic()  # once stopped (stopping takes a while)
            time.sleep(DOWN_SECONDS)
        finally:
            start_at = time.monotonic()
            _cluster("start")
        up_at = time.monotonic()  # once started (requests may succeed a little before)
        time.sleep(RECOVERY_SECONDS + 3)
        load.stop.set()
        for thread in clients:
            thread.join()
    finally:
        server.stop()

    answers = load.answers
    in_flight = [a for a in answers if a.sent < down_at]  # sent before it was fully down
    # sent while it was down, early enough to be answered before it came back
    while_down = [a for a in answers if down_at <= a.sent <= start_at - FAST_503]
    after = [a for a in answers if a.sent >= up_at]
    recovered = [a for a in after if a.sent >= up_at + RECOVERY_SECONDS]
    successes = [a.sent + a.took - up_at for a in after if a.status == a.success]
    print(
        f"{len(answers)} requests: {Counter(a.status for a in answers)}; in flight when it "
        f"stopped: {Counter(a.status for a in in_flight)}; while down: "
        f"{Counter(a.status for a in while_down)}; first success "
        f"{min(successes, default=float('nan')):.2f} s after it was back; slowest answer "
        f"{max(a.took for a in answers):.2f} s, slowest while down "
        f"{max((a.took for a in while_down), default=float('nan')):.2f} s"
    )
    # A command in flight when the server died may have committed while its connection
    # broke: the library retries the insert, which meets its own row: 409, recorded once.
    assert {a.status for a in in_flight} <= {"200", "201", "503", "409"}
    assert {a.status for a in answers if a not in in_flight} <= {"200", "201", "503"}
    assert max(a.took for a in answers) <= ANSWER_WITHIN
    assert while_down and {a.status for a in while_down} == {"503"}
    assert max(a.took for a in while_down) <= FAST_503
    assert successes and min(successes) <= RECOVERY_SECONDS
    assert recovered and all(a.status == a.success for a in recovered)
    assert {a.read for a in recovered} == {True, False}
    acknowledged = {a.comment for a in answers if a.status == "201" and not a.read}
    jalon = bootstrap(Settings(database_url=postgres_schema))
    try:
        recorded = [
            e.comment
            for p in portfolio.projects
            for e in recorded_reports(jalon, p)
            if e.comment.startswith("restart-")
        ]
    finally:
        jalon.close()
    assert acknowledged <= set(recorded)
    assert len(recorded) == len(set(recorded))
