"""Helpers shared by the benchmarks: a config with N counters, databases to run on, percentiles."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import threading
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from shared.config import Config, load_config

REPO = Path(__file__).resolve().parent.parent


def config_with_counters(n: int) -> Config:
    base = (REPO / "demo" / "config.toml").read_text(encoding="utf-8")
    head = base.split("[[counters]]", 1)[0]
    tail = "[printer]" + base.split("[printer]", 1)[1]
    counters = "".join(f'[[counters]]\nname = "Loket {i}"\nservices = ["A"]\n\n' for i in range(1, n + 1))
    path = Path(tempfile.mkdtemp()) / "bench.toml"
    path.write_text(head + counters + tail, encoding="utf-8")
    return load_config(path, environ={})


def pg_admin_url() -> str | None:
    url = os.environ.get("ANTRIAN_BENCH_PG_URL") or os.environ.get("ANTRIAN_TEST_PG_URL")
    if url:
        return url
    try:
        return subprocess.run([str(REPO / "scripts" / "start-postgres.sh")], capture_output=True, text=True,
                              check=True, timeout=120).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None


def fresh_pg_database(admin_url: str) -> str:
    name = f"antrian_bench_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


class RoundTrips:
    """Counts the round trips one engine makes to the database server, from SQLAlchemy's events.

    A round trip is one request the client sends and waits for: each statement executed (`before_cursor_execute`),
    plus the transaction's BEGIN and its COMMIT or ROLLBACK, which psycopg 3 sends as round trips of their own
    (BEGIN just before the first statement, not with it). Not counted, and said apart by `checkouts`: the pool's
    pre-ping at each checkout (`pool_pre_ping`, one more round trip per transaction, not per statement), and
    psycopg's one-off prepare round trip the 5th time a connection runs the same statement (amortised).
    """

    def __init__(self, engine) -> None:
        from sqlalchemy import event

        self.engine = engine
        self.statements = 0
        self.transactions = 0  # BEGIN
        self.ends = 0  # COMMIT or ROLLBACK
        self.checkouts = 0
        self._lock = threading.Lock()
        self._listeners = [
            (engine, "before_cursor_execute", self._on_statement),
            (engine, "begin", self._on_begin),
            (engine, "commit", self._on_end),
            (engine, "rollback", self._on_end),
            (engine.pool, "checkout", self._on_checkout),
        ]
        for target, name, fn in self._listeners:
            event.listen(target, name, fn)

    def _on_statement(self, *_args) -> None:
        with self._lock:
            self.statements += 1

    def _on_begin(self, *_args) -> None:
        if self.engine.dialect.name == "sqlite":
            return  # there the engine's BEGIN IMMEDIATE is a statement of its own, counted already
        with self._lock:
            self.transactions += 1

    def _on_end(self, *_args) -> None:
        with self._lock:
            self.ends += 1

    def _on_checkout(self, *_args) -> None:
        with self._lock:
            self.checkouts += 1

    @property
    def total(self) -> int:
        """Statements plus BEGIN and COMMIT/ROLLBACK."""
        return self.statements + self.transactions + self.ends

    def reset(self) -> None:
        with self._lock:
            self.statements = self.transactions = self.ends = self.checkouts = 0

    def close(self) -> None:
        from sqlalchemy import event

        for target, name, fn in self._listeners:
            event.remove(target, name, fn)
