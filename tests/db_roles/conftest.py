"""A PostgreSQL office with the least-privilege roles applied, and each PC's connection as its own role.

Roles are cluster-wide: every test database applies the same SQL (idempotent) and sets the same test password.
The test server trusts loopback connections, so the password is not what is tested here: the grants are.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from demo.data import demo_payload
from shared.config import Config, load_config
from shared.db.engine import Database, open_database
from shared.db.errors import DatabaseError
from shared.services.bookings_import import import_bookings, parse_bookings_payload
from shared.services.counter_ops import ensure_counters
from shared.services.db_roles import ADMIN, ROLES, apply_roles

from ..conftest import DEMO_CONFIG, PG_ADMIN_URL, fresh_pg_database
from . import pg_tls

DAY = date(2026, 11, 28)
TEST_PASSWORD = "only-for-tests"  # never a real one: the installer sets those


def role_url(url: str, role: str) -> str:
    return make_url(url).set(username=role, password=TEST_PASSWORD).render_as_string(hide_password=False)


def denied(db: Database, sql: str) -> str:
    """Run `sql` as `db`'s role; it must be refused for lack of privilege. Returns the server's words."""
    with pytest.raises(DatabaseError) as caught:
        db.run(lambda s: s.execute(text(sql)))
    assert getattr(caught.value.__cause__.orig, "sqlstate", None) == "42501", caught.value.detail
    return caught.value.detail


@pytest.fixture(scope="session")
def office_config() -> Config:
    """The demo's config, with the tests' cheap PIN hashes (tests/conftest.py sets them in the environment)."""
    keep = {k: v for k, v in os.environ.items() if k.startswith("ANTRIAN_STAFF_")}
    return load_config(DEMO_CONFIG, environ=keep)


@dataclass
class Office:
    """One office database with the roles applied: `superuser` is the test server's postgres (it made the
    database and applied the roles), `as_role(name)` connects as one of the roles."""

    superuser: Database
    config: Config
    codes: list[str] = field(default_factory=list)  # active bookings of DAY, in slot order
    _open: dict[str, Database] = field(default_factory=dict)

    def as_role(self, role: str) -> Database:
        """The role's connection, opened as a role's PC opens it (`open_database`: the schema check included)."""
        if role not in self._open:
            self._open[role] = open_database(role_url(self.superuser.url, role))
        return self._open[role]

    def at(self, hhmm: str) -> datetime:
        return datetime.combine(DAY, datetime.strptime(hhmm, "%H:%M").time(), tzinfo=self.config.office.tz)

    def close(self) -> None:
        for db in self._open.values():
            db.dispose()


def set_test_passwords() -> None:
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for role in ROLES:
            conn.execute(text(f"ALTER ROLE {role} PASSWORD '{TEST_PASSWORD}'"))
    engine.dispose()


def seed(db: Database, config: Config, bookings: int = 24) -> list[str]:
    """Demo bookings of DAY imported (as `antrian bookings import` would) and the counters made."""
    payload = demo_payload(DAY, config.office.code, bookings, 7, config.office.timezone)
    records, problems = parse_bookings_payload(payload)
    assert not problems
    db.run(import_bookings, records, datetime(2026, 11, 28, 7, 0, tzinfo=config.office.tz))
    db.run(ensure_counters, config)
    return [b["booking_code"] for b in payload["bookings"] if b["status"] == "active"]


def make_office(config: Config, prefix: str) -> Iterator[Office]:
    databases = fresh_pg_database(prefix)
    db = next(databases)
    office = Office(db, config)
    try:
        apply_roles(db)
        set_test_passwords()
        office.codes = seed(office.as_role(ADMIN), config)  # the admin CLI imports bookings
        yield office
    finally:
        office.close()
        databases.close()  # drops the database


@pytest.fixture(scope="module")
def office(office_config: Config) -> Iterator[Office]:
    """One office per test module (a database costs about a second); tests in a module share its day."""
    yield from make_office(office_config, "antrian_roles")


@pytest.fixture
def fresh_office(office_config: Config) -> Iterator[Office]:
    yield from make_office(office_config, "antrian_roles")


@pytest.fixture(scope="session")
def repo() -> Path:
    return Path(__file__).resolve().parents[2]


@pytest.fixture
def child_env(tmp_path: Path) -> Callable[..., dict[str, str]]:
    """The environment of a role's own process: the demo's config, the given database URL, no screen."""

    def make(db_url: str, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ANTRIAN_") or k == "ANTRIAN_CONFIG"}
        env.update(ANTRIAN_DATABASE_URL=db_url, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1",
                   ANTRIAN_LOG_LEVEL="WARNING", ANTRIAN_LOG_DIR=str(tmp_path / "logs"),
                   XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_CONFIG_HOME=str(tmp_path / "settings"))
        env.update(extra)
        return env

    return make


@pytest.fixture(scope="session")
def tls_server() -> Iterator[pg_tls.TlsServer]:
    """The second, private PostgreSQL with TLS on (tests/db_roles/pg_tls.py), for this test session only."""
    try:
        server = pg_tls.start()
    except (RuntimeError, OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        reason = f"no TLS test server: {exc} {detail.decode(errors='replace')[-300:]}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield server
    finally:
        pg_tls.stop(server)
