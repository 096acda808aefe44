"""The board's one database read, and the board's own engine (Qt-free; runs on the db lane).

One transaction returns everything a refresh needs: the calls newer than the last one seen and the waiting
counts per service. The board opens its engine so that a lost database shows as an error, never as a
silently stale screen: SQLite is opened read-write but never created (`mode=rw`) and without a pool, so
a file that went away (network share, USB disk) fails the next read; PostgreSQL pings before each checkout.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from shared.config import Config
from shared.db.engine import BUSY_TIMEOUT_MS, Database, resolve_url
from shared.domain import CallEventView, ServiceCount
from shared.services.status import recent_calls, service_counts

FIRST_READ_LIMIT = 60  # enough calls to fill the screen with distinct numbers after a start
NEXT_READ_LIMIT = 30  # more new calls than this between two reads: only the newest matter


@dataclass(frozen=True)
class BoardRead:
    day: date
    calls: tuple[CallEventView, ...]  # newest first, id > after_id
    counts: tuple[ServiceCount, ...]


def read_board(session: Session, config: Config, day: date, after_id: int) -> BoardRead:
    limit = FIRST_READ_LIMIT if after_id == 0 else NEXT_READ_LIMIT
    calls = recent_calls(session, config, day, limit=limit, after_id=after_id)
    return BoardRead(day=day, calls=tuple(calls), counts=service_counts(session, config, day))


def board_database(url: str) -> Database:
    """A Database for reading the board's data, from the same URL every role uses."""
    resolved = resolve_url(url)
    parsed = make_url(resolved)
    if parsed.get_backend_name() != "sqlite":
        return Database(resolved)
    if not parsed.database or parsed.database == ":memory:":
        return Database(resolved)
    return SqliteReader(Path(parsed.database).resolve())


class SqliteReader(Database):
    """The board's SQLite engine: never creates the file, no pool, and a plain (deferred) BEGIN.

    The shared engine begins every transaction IMMEDIATE (right for writers); a board polling twice a second
    must not take the write lock each time. WAL lets this reader run beside the writers.
    """

    def __init__(self, path: Path) -> None:
        self.url = f"sqlite:///file:{path}?mode=rw&uri=true"
        self.engine = create_engine(
            self.url, poolclass=NullPool, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}
        )
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "begin", _on_begin)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_lock = contextlib.nullcontext()  # query_only: this engine never writes


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's BEGIN below, not the driver's implicit one
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")
