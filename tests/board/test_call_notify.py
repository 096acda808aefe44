"""shared.services.call_notify on a real PostgreSQL: the trigger pokes LISTENers at commit, never on rollback."""

from __future__ import annotations

from datetime import datetime

import pytest

from shared.services import counter_ops
from shared.services.call_notify import (
    CallListener,
    ensure_notify_trigger,
    install_notify_trigger,
    libpq_url,
    notify_calls,
    notify_trigger_installed,
    uninstall_notify_trigger,
)
from shared.services.tickets import issue_walk_in


def test_sqlite_has_no_trigger_and_notify_is_a_no_op(sqlite_db) -> None:
    assert install_notify_trigger(sqlite_db.engine) is False
    assert ensure_notify_trigger(sqlite_db.engine) is False
    sqlite_db.run(notify_calls)  # nothing to send, nothing fails


def test_libpq_url_drops_the_driver() -> None:
    url = "postgresql+psycopg://u:p%40ss@db.local:5433/antrian?sslmode=require"
    assert libpq_url(url) == "postgresql://u:p%40ss@db.local:5433/antrian?sslmode=require"


@pytest.mark.postgres
def test_a_committed_call_notifies_with_its_id(pg_db, config) -> None:
    assert notify_trigger_installed(pg_db.engine)  # the 0002 migration installs it
    uninstall_notify_trigger(pg_db.engine)
    assert not notify_trigger_installed(pg_db.engine)
    assert ensure_notify_trigger(pg_db.engine)
    assert ensure_notify_trigger(pg_db.engine)  # idempotent
    assert notify_trigger_installed(pg_db.engine)
    now = datetime.now(config.office.tz)
    pg_db.run(counter_ops.ensure_counters, config)
    pg_db.run(issue_walk_in, config, "priority", now)
    listener = CallListener(pg_db.url)
    listener.connect()
    try:
        assert listener.wait(0.2) == []
        with pytest.raises(RuntimeError):  # a rolled-back call is never announced
            with pg_db.sessions.begin() as session:
                counter_ops.call_next(session, config, "Loket 1", now)
                raise RuntimeError("rollback")
        assert listener.wait(0.3) == []
        result = pg_db.run(counter_ops.call_next, config, "Loket 1", now)
        assert result.ticket is not None
        payloads = listener.wait(2.0)
        assert len(payloads) == 1 and int(payloads[0]) > 0
        pg_db.run(notify_calls, "manual")
        assert listener.wait(2.0) == ["manual"]
    finally:
        listener.close()
        uninstall_notify_trigger(pg_db.engine)
    assert not notify_trigger_installed(pg_db.engine)
