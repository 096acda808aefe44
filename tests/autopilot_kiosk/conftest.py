"""Autopilot tests: each role runs as its own process, as the demo starts it, on a real SQLite file, driven
through the pilot hook (ANTRIAN_PILOT names the demo's pilot for the role, as demo.run sets it).

The database holds demo bookings checked in at the gate (so tickets wait); ANTRIAN_CLOCK puts the office clock
inside those slots, whatever the real date and hour of the test run.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from shared.clock import simulated_clock
from shared.db.engine import Database

from ..counter.conftest import seed_tickets  # the same seeded morning as the counter window tests

REPO = Path(__file__).resolve().parents[2]
DAY = date(2026, 11, 28)
PILOTS = {"kiosk.counter_main": "demo.pilots.counter:start", "kiosk.board_main": "demo.pilots.board:start",
          "kiosk.kiosk_main": "demo.pilots.walkin:start"}


@pytest.fixture
def seeded_url(tmp_path: Path, config) -> str:
    db = Database(f"sqlite:///{tmp_path / 'antrian.sqlite3'}")
    db.upgrade()
    seed_tickets(db, config)
    url = db.url
    db.dispose()
    return url


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "demo-output"


@pytest.fixture
def role_env(config, out_dir: Path, tmp_path: Path):
    """role_env(db_url, seconds=None, **extra) -> the environment demo.run gives a role."""

    def make(db_url: str, seconds: float | None = None, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ANTRIAN_") or k == "ANTRIAN_CONFIG"}
        start = datetime(2026, 11, 28, 8, 40, tzinfo=config.office.tz)
        env.update(ANTRIAN_DATABASE_URL=db_url, ANTRIAN_DEMO_OUTPUT=str(out_dir), QT_QPA_PLATFORM="offscreen",
                   ANTRIAN_CLOCK=simulated_clock(start), PYTHONUNBUFFERED="1", ANTRIAN_LOG_LEVEL="WARNING",
                   XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_CONFIG_HOME=str(tmp_path / "settings"))
        if seconds is not None:
            env["ANTRIAN_AUTOPILOT"] = str(seconds)
        env.update(extra)
        return env

    return make


class RoleProcess:
    """A role started like demo.run starts it (with its pilot, unless the env names one or sets it empty);
    its output lines are read as they come."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        env = {"ANTRIAN_PILOT": PILOTS[args[1]], **env}
        self.proc = subprocess.Popen([sys.executable, *args], cwd=REPO, env=env, text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))

    def _drain(self) -> None:
        while not self._queue.empty():
            self.lines.append(self._queue.get_nowait())

    def wait_line(self, prefix: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._drain()
            hit = next((line for line in self.lines if line.startswith(prefix)), None)
            if hit is not None:
                return hit
            if self.proc.poll() is not None and self._queue.empty():
                time.sleep(0.2)
                self._drain()
                break
            time.sleep(0.05)
        raise AssertionError(f"no line starting {prefix!r}; output:\n{self.output()}")

    def wait(self, timeout: float) -> int:
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"the role did not exit in {timeout} s; output:\n{self.output()}") from None
        time.sleep(0.2)  # the reader thread's last lines
        self._drain()
        return code

    def output(self) -> str:
        self._drain()
        return "\n".join(self.lines)


@pytest.fixture
def start_role() -> Iterator:
    started: list[RoleProcess] = []

    def start(args: list[str], env: dict[str, str]) -> RoleProcess:
        role = RoleProcess(args, env)
        started.append(role)
        return role

    yield start
    for role in started:
        if role.proc.poll() is None:
            role.proc.kill()
            role.proc.wait()
