"""A real office database that goes away and comes back, for the outage tests of the gate and the counter.

SQLite: the file's folder is renamed away (a share or USB disk gone) and back. The engine keeps no pool
(NullPool), as a connection opened before would go on writing to the moved file. PostgreSQL: a database of its
own, closed to connections (`ALLOW_CONNECTIONS false`) with every session terminated, then opened again.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from shared.db.engine import Database

PG_ADMIN_URL = os.environ.get("ANTRIAN_TEST_PG_URL", "")


class SqliteOutage:
    def __init__(self, tmp_path: Path) -> None:
        self.folder = tmp_path / "office-share"
        self.away = tmp_path / "office-share-unplugged"
        self.folder.mkdir()
        self.db = Database(f"sqlite:///{self.folder / 'antrian.sqlite3'}", poolclass=NullPool)
        self.db.upgrade()

    def down(self) -> None:
        self.folder.rename(self.away)

    def up(self) -> None:
        self.away.rename(self.folder)

    def close(self) -> None:
        if self.away.exists():
            self.up()
        self.db.dispose()


class PostgresOutage:
    def __init__(self) -> None:
        self.name = f"antrian_outage_{uuid.uuid4().hex[:10]}"
        self.admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        self._sql(f'CREATE DATABASE "{self.name}"')
        url = make_url(PG_ADMIN_URL).set(database=self.name).render_as_string(hide_password=False)
        self.db = Database(url)
        self.db.upgrade()
        self.is_down = False

    def _sql(self, statement: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(statement))

    def down(self) -> None:
        self._sql(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS false')
        self._sql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{self.name}'")
        self.is_down = True

    def up(self) -> None:
        self._sql(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS true')
        self.is_down = False

    def close(self) -> None:
        if self.is_down:
            self.up()
        self.db.dispose()
        self._sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.admin.dispose()


def make_outage(kind: str, tmp_path: Path) -> SqliteOutage | PostgresOutage:
    if kind == "sqlite":
        return SqliteOutage(tmp_path)
    if not PG_ADMIN_URL:
        if os.environ.get("CI"):
            pytest.fail("ANTRIAN_TEST_PG_URL is not set in CI: .ci/run must start PostgreSQL")
        pytest.skip("no PostgreSQL: set ANTRIAN_TEST_PG_URL (the .ci/run script does)")
    return PostgresOutage()


OUTAGE_KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
