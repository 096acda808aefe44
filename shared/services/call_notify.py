"""PostgreSQL LISTEN / NOTIFY for the board: every new call_event row pokes the boards (Qt-free).

The poke comes from a trigger on `call_event`, so every writer (counter window, CLI, another PC) notifies
without knowing about the board, and the notification is delivered only when the call's transaction commits.
The payload is the call_event id; a board still re-reads the call log (`recent_calls(after_id=...)`), so a
lost notification costs only latency: the poll catches up. SQLite has no NOTIFY: there the board polls.
"""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

CHANNEL = "antrian_calls"
TRIGGER = "call_event_notify"
FUNCTION = "antrian_notify_call"

# Kept as plain SQL so the lead can paste the same statements into an Alembic migration (op.execute).
CREATE_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', NEW.id::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
"""
DROP_TRIGGER_SQL = f"DROP TRIGGER IF EXISTS {TRIGGER} ON call_event"
CREATE_TRIGGER_SQL = (
    f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON call_event FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
)
DROP_FUNCTION_SQL = f"DROP FUNCTION IF EXISTS {FUNCTION}()"


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def notify_trigger_installed(engine: Engine) -> bool:
    if not is_postgres(engine):
        return False
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT 1 FROM pg_trigger WHERE tgname = :name AND NOT tgisinternal"), {"name": TRIGGER}
        ).first()
    return found is not None


def install_notify_trigger(engine: Engine) -> bool:
    """Create (or replace) the NOTIFY trigger on call_event. True on PostgreSQL, False (nothing to do) on SQLite.

    Idempotent. Needs the right to create functions and triggers; the board calls it only when
    `notify_trigger_installed` says the migration has not done it yet.
    """
    if not is_postgres(engine):
        return False
    with engine.begin() as conn:
        conn.execute(text(CREATE_FUNCTION_SQL))
        conn.execute(text(DROP_TRIGGER_SQL))
        conn.execute(text(CREATE_TRIGGER_SQL))
    return True


def uninstall_notify_trigger(engine: Engine) -> None:
    if is_postgres(engine):
        with engine.begin() as conn:
            conn.execute(text(DROP_TRIGGER_SQL))
            conn.execute(text(DROP_FUNCTION_SQL))


def notify_calls(session: Session, payload: str = "") -> None:
    """Explicit poke, for a database without the trigger: call inside the transaction that adds a call_event.
    PostgreSQL delivers it at commit (never for a rolled-back call); on SQLite it does nothing."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload})


def libpq_url(sqlalchemy_url: str) -> str:
    """`postgresql+psycopg://u:p@h/db?host=...` -> `postgresql://u:p@h/db?host=...` for psycopg.connect."""
    url = make_url(sqlalchemy_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class CallListener:
    """One dedicated autocommit psycopg connection LISTENing on CHANNEL.

    `wait(timeout)` blocks at most `timeout` seconds and returns the payloads that arrived (possibly none).
    Connection errors surface as `psycopg.OperationalError`; the caller closes and reconnects.
    """

    def __init__(self, sqlalchemy_url: str, connect_timeout: float = 3.0) -> None:
        self._dsn = libpq_url(sqlalchemy_url)
        self._connect_timeout = connect_timeout
        self._conn = None

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.closed

    def connect(self) -> None:
        import psycopg  # only PostgreSQL sites need the driver loaded

        self.close()
        conn = psycopg.connect(
            self._dsn, autocommit=True, connect_timeout=max(1, round(self._connect_timeout)),
            application_name="antrian-board-listen",
        )
        conn.execute(f"LISTEN {CHANNEL}")
        self._conn = conn

    def wait(self, timeout: float) -> list[str]:
        if self._conn is None:
            raise RuntimeError("CallListener.wait before connect")
        payloads = [n.payload for n in self._conn.notifies(timeout=timeout, stop_after=1)]
        # drain what arrived in the same instant, so one burst of calls is one re-read
        payloads += [n.payload for n in self._conn.notifies(timeout=0.001)]
        return payloads

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # a dead connection may fail to close; it is gone either way
                pass



def ensure_notify_trigger(engine: Engine) -> bool:
    """Install the trigger if a migration has not; True when PostgreSQL boards can rely on NOTIFY."""
    if not is_postgres(engine):
        return False
    if not notify_trigger_installed(engine):
        install_notify_trigger(engine)
    return True
