"""Helpers shared by the benchmarks: a config with N counters, databases to run on, percentiles."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

from shared.config import Config, load_config

REPO = Path(__file__).resolve().parent.parent


def config_with_counters(n: int) -> Config:
    base = (REPO / "config.toml").read_text(encoding="utf-8")
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
