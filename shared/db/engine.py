"""One database, two engines: a SQLite file (the default) or PostgreSQL on the LAN, chosen by URL alone.

PostgreSQL over the LAN may use TLS: `[database] sslmode` and `sslrootcert` (the CA file) go into the URL's query,
so every connection made from `Database.url` carries them (the board's reader engine, its LISTEN connection,
pg_dump). SQLite ignores them. `open_config_database(config)` is the one call the roles and CLIs use.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from platformdirs import user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from shared.db.errors import UNREACHABLE, DatabaseError
from shared.text import Text

if TYPE_CHECKING:
    from shared.config import Config

T = TypeVar("T")
RETRIES = 5
READ_ONLY = "antrian_read_only"


BUSY_TIMEOUT_MS = 15_000


def _retryable(exc: OperationalError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    return code in ("40P01", "40001") or "database is locked" in str(exc.orig)


def default_sqlite_path() -> Path:
    return Path(user_data_dir("antrian", appauthor=False)) / "antrian.sqlite3"


def resolve_url(url: str) -> str:
    """An empty setting means the SQLite file in the user's data directory; a bare path means a SQLite file."""
    if not url:
        path = default_sqlite_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def with_tls(url: str, sslmode: str = "", sslrootcert: str = "") -> str:
    """The PostgreSQL URL with libpq's `sslmode` and `sslrootcert` (an absolute path) in its query; a setting
    given here replaces the URL's own. Any other URL (SQLite) comes back as it is."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return url
    query = {}
    if sslmode:
        query["sslmode"] = sslmode
    if sslrootcert:
        query["sslrootcert"] = str(Path(sslrootcert).expanduser().resolve())
    if not query:
        return url
    return parsed.update_query_dict(query).render_as_string(hide_password=False)


def masked_url(url: str) -> str:
    """A database URL fit to print or log: the password is replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - not a URL SQLAlchemy can read: show nothing of it
        return "<url>"


def make_engine(url: str, **kwargs: Any) -> Engine:
    url = resolve_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs)
        _tune_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 5)
    return create_engine(url, **kwargs)


def _tune_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, a busy timeout, and BEGIN IMMEDIATE so that writers queue for the lock up front
    instead of failing on a read-to-write upgrade (the ticket-number race)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # FULL: a committed check-in survives a power cut (NORMAL may lose the last commits, and a printed
        # ticket number could then be issued again).
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Read-only work (status polls) must not queue behind or block the gate's writes.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


class FairLock:
    """First come, first served (threading.Lock lets a busy thread overtake the others for seconds)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._next = 0
        self._serving = 0

    def __enter__(self) -> None:
        with self._cond:
            ticket = self._next
            self._next += 1
            while ticket != self._serving:
                self._cond.wait()

    def __exit__(self, *exc: object) -> None:
        with self._cond:
            self._serving += 1
            self._cond.notify_all()


class Database:
    """The engine and a session factory; `run(service, ...)` is one transaction per service call.

    `reader=True` is for roles that only read (the board): a SQLite file is never created (`mode=rw`), has no
    pool (a file that went away fails the next read instead of a stale screen) and refuses writes
    (`query_only`); PostgreSQL pings before each checkout, as always.
    """

    def __init__(self, url: str, reader: bool = False, *, sslmode: str = "", sslrootcert: str = "",
                 **engine_kwargs: Any) -> None:
        self.url = with_tls(resolve_url(url), sslmode, sslrootcert)
        self.reader = reader
        self.engine = _reader_engine(self.url) if reader else None
        self.engine = self.engine or make_engine(self.url, **engine_kwargs)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time anyway; queueing this process's writers on a lock wakes the next one
        # at once instead of leaving it to SQLite's busy handler, which sleeps in growing steps (p99 of seconds).
        sqlite_writer = self.engine.dialect.name == "sqlite" and not reader
        self._write_lock = FairLock() if sqlite_writer else contextlib.nullcontext()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def run(self, service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """One transaction. A deadlock or serialisation failure rolled everything back, so it is retried;
        any other database failure reaches the caller as `DatabaseError` (nothing of it was stored)."""
        for attempt in range(RETRIES):
            try:
                with self._write_lock, self.sessions.begin() as session:
                    return service(session, *args, **kwargs)
            except OperationalError as exc:
                if attempt == RETRIES - 1 or not _retryable(exc):
                    raise DatabaseError(exc) from exc
                time.sleep(0.01 * (attempt + 1))
            except SQLAlchemyError as exc:
                raise DatabaseError(exc) from exc
        raise AssertionError("unreachable")

    def read(self, service: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A read-only service: on SQLite a deferred BEGIN, so it takes no write lock; rolled back after."""
        try:
            with self.sessions() as session:
                session.connection(execution_options={READ_ONLY: True})
                try:
                    return service(session, *args, **kwargs)
                finally:
                    session.rollback()
        except SQLAlchemyError as exc:
            raise DatabaseError(exc) from exc

    def session(self) -> Session:
        return self.sessions()

    def upgrade(self) -> None:
        upgrade_database(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()


def _reader_engine(url: str) -> Engine | None:
    """The read-only SQLite engine (None for PostgreSQL or an in-memory database: the usual engine serves)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    path = Path(parsed.database).resolve()
    engine = create_engine(f"sqlite:///file:{path}?mode=rw&uri=true", poolclass=NullPool,
                           connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's BEGIN below, not the driver's implicit one
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA query_only=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")  # deferred: a reader never takes the write lock

    return engine


def upgrade_database(engine: Engine) -> None:
    """Alembic upgrade to head, on this engine's connection (works for a fresh or an older database)."""
    from alembic import command
    from alembic.config import Config as AlembicConfig

    here = Path(__file__).resolve().parent / "migrations"
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(here))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


TLS_FAILED = Text(
    "Koneksi TLS ke basis data gagal: periksa database.sslmode, database.sslrootcert (sertifikat CA) dan nama "
    "server di database.url (harus sama dengan sertifikat server)",
    "TLS connection to the database failed: check database.sslmode, database.sslrootcert (the CA certificate) and "
    "the server name in database.url (it must match the server's certificate)",
)
NOT_ALLOWED = Text(
    "Pengguna basis data ini tidak boleh memperbarui skema: jalankan `antrian db upgrade` sebagai antrian_admin, "
    "lalu `antrian db roles --apply`",
    "This database user may not upgrade the schema: run `antrian db upgrade` as antrian_admin, then "
    "`antrian db roles --apply`",
)
_TLS_WORDS = ("certificate", "ssl", "tls", "encryption")


def _failure_text(exc: SQLAlchemyError) -> Text:
    """What a person reads when opening failed: TLS and missing privileges named, anything else unreachable."""
    if getattr(getattr(exc, "orig", None), "sqlstate", None) == "42501":  # insufficient_privilege
        return NOT_ALLOWED
    first = (str(getattr(exc, "orig", None) or exc).splitlines() or [""])[0].lower()
    if any(word in first for word in _TLS_WORDS):
        return TLS_FAILED
    return UNREACHABLE


def open_database(url: str | None = None, *, sslmode: str = "", sslrootcert: str = "") -> Database:
    """The database the URL (or ANTRIAN_DATABASE_URL) names, upgraded to the current schema; `sslmode` and
    `sslrootcert` apply to PostgreSQL only."""
    try:
        db = Database(url if url is not None else os.environ.get("ANTRIAN_DATABASE_URL", ""),
                      sslmode=sslmode, sslrootcert=sslrootcert)
        db.upgrade()
    except SQLAlchemyError as exc:
        raise DatabaseError(exc, _failure_text(exc)) from exc
    return db


def open_config_database(config: Config) -> Database:
    """The database of this PC's config: `[database] url`, `sslmode` and `sslrootcert`."""
    settings = config.database
    return open_database(settings.url, sslmode=settings.sslmode, sslrootcert=settings.sslrootcert)
