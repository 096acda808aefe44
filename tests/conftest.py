"""Fixtures every test area shares: a real SQLite file and, where a server is reachable, a real PostgreSQL."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text

from shared.config import load_config
from shared.db.engine import Database

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
# Roles, CLIs and load_config() started by the tests read the demo's settings unless a test names another file
# (the office template names no station and no printer; tests/office runs it on purpose).
os.environ.setdefault("ANTRIAN_CONFIG", str(REPO / "demo" / "config.toml"))
# Log files of the roles and CLIs the tests start go to a folder of their own, not the user's log directory.
os.environ.setdefault("ANTRIAN_LOG_DIR", tempfile.mkdtemp(prefix="antrian-test-logs-"))
# Cheap PIN hashes for the tests (thousands of them); bench/signin.py measures the real cost.
CHEAP_PIN_HASH = {"ANTRIAN_STAFF_PIN_TIME_COST": "1", "ANTRIAN_STAFF_PIN_MEMORY_KIB": "1024"}
for _key, _value in CHEAP_PIN_HASH.items():
    os.environ.setdefault(_key, _value)
PG_ADMIN_URL = os.environ.get("ANTRIAN_TEST_PG_URL", "")
# CI runs the same examples every time (a red run must be reproducible); elsewhere hypothesis explores new ones,
# and bench/soak.py explores at scale.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")  # e.g. postgresql+psycopg://postgres@/postgres?host=/var/run/postgresql


def corpus_dir() -> Path | None:
    path = Path(os.environ.get("ANTRIAN_CORPUS", REPO.parent / "shared" / "corpus"))
    return path if (path / "manifest.csv").exists() else None


DEMO_CONFIG = REPO / "demo" / "config.toml"  # the demo's services, counters and preview printer
OFFICE_TEMPLATE = REPO / "config.toml"  # the office template: no station name, no printer, camera 0


@pytest.fixture
def config():
    """The demo's config (demo/config.toml): its services, counters and preview printer."""
    return load_config(DEMO_CONFIG, environ=CHEAP_PIN_HASH)


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 'antrian.sqlite3'}")
    db.upgrade()
    yield db
    db.dispose()


@pytest.fixture
def runner(sqlite_db: Database):
    """The task runner on the test's SQLite file (Qt tests), shut down after the test."""
    from shared.qt.tasks import TaskRunner

    tasks = TaskRunner(sqlite_db)
    yield tasks
    tasks.shutdown()


def fresh_pg_database(prefix: str = "antrian_test") -> Iterator[Database]:
    """A new, migrated database on the test PostgreSQL server, dropped afterwards (with FORCE: a killed test
    process may leave connections). Fails in CI without a server, skips elsewhere. Use with `yield from`."""
    if not PG_ADMIN_URL:
        if os.environ.get("CI"):
            pytest.fail("ANTRIAN_TEST_PG_URL is not set in CI: .ci/run must start PostgreSQL")
        pytest.skip("no PostgreSQL: set ANTRIAN_TEST_PG_URL (the .ci/run script does)")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    head, _, query = PG_ADMIN_URL.partition("?")
    db = Database(f"{head.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else ""))
    db.upgrade()
    try:
        yield db
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_db() -> Iterator[Database]:
    """A fresh database on the PostgreSQL server, dropped afterwards. Skips only outside CI."""
    yield from fresh_pg_database()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request) -> Database:
    """The same test on a SQLite file and on PostgreSQL."""
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")
