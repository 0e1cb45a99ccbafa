"""uvicorn processes on loopback, for the load benchmark and the fault tests.

The benchmark starts `python -m uvicorn` as production does. The fault tests start several
API processes (one per crash): importing the app takes seconds on a loaded machine, so they
fork them (`forked=True`) from the test process, which has imported it already; each is
still a process of its own (its own connections, made after the fork), killed with SIGKILL."""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parent.parent
_FORKS = multiprocessing.get_context("fork")


def _serve(factory: str, port: int, env: dict[str, str]) -> None:
    """In the forked process: quiet, configured by `env`, serving like `jalon serve`."""
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (the parent's were captured)
    os.environ.update(env)
    uvicorn.run(
        factory, factory=True, host="127.0.0.1", port=port, access_log=False, log_level="warning"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """One uvicorn process serving `factory` (the API's settings: one process, no access
    log of uvicorn's own)."""

    factory: str
    env: dict[str, str]
    forked: bool = False
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    fork: multiprocessing.process.BaseProcess | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready_path: str, timeout: float = 60.0) -> Server:
        command = [
            sys.executable, "-m", "uvicorn", "--factory", self.factory,
            "--host", "127.0.0.1", "--port", str(self.port),
            "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip
        if self.forked:
            importlib.import_module(self.factory.split(":")[0])  # once, in this process
            self.fork = _FORKS.Process(target=_serve, args=(self.factory, self.port, self.env))
            self.fork.start()
        else:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env={**os.environ, **self.env},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running:
                raise RuntimeError(f"{self.factory} exited at start")
            try:
                if httpx.get(self.base + ready_path, timeout=2).status_code < 500:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"{self.factory} did not answer within {timeout} s")

    @property
    def pid(self) -> int:
        if self.fork is not None and self.fork.pid is not None:
            return self.fork.pid
        assert self.process is not None
        return self.process.pid

    @property
    def running(self) -> bool:
        if self.fork is not None:
            return self.fork.exitcode is None
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """`kill -9`: no shutdown of any kind."""
        os.kill(self.pid, signal.SIGKILL)
        self._reap(None)

    def stop(self) -> None:
        if self.running:
            os.kill(self.pid, signal.SIGTERM)
            if not self._reap(10):
                self.kill()

    def _reap(self, timeout: float | None) -> bool:
        if self.fork is not None:
            self.fork.join(timeout)
        elif self.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout)
        return not self.running

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")


def api_server(database_url: str, *, forked: bool = False, **extra: str) -> Server:
    return Server("api.asgi:create", {"JALON_DATABASE_URL": database_url, **extra}, forked)
