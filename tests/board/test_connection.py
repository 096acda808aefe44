"""A lost database shows the notice, and the board recovers by itself when it comes back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from kiosk.board.notice import Notice
from kiosk.board.texts import DB_LOST

PG_ADMIN_URL = os.environ.get("ANTRIAN_TEST_PG_URL", "")


def test_sqlite_file_gone_and_back(qtbot, sqlite_db, make_board, waiting_tickets, run_counter) -> None:
    (number,) = waiting_tickets(sqlite_db, 1)
    board = make_board(sqlite_db.url)
    path = Path(make_url(sqlite_db.url).database)
    away = path.with_suffix(".away")

    path.rename(away)  # the share is unmounted, the disk pulled
    try:
        qtbot.waitUntil(lambda: board.notice.notice(Notice.DB) == DB_LOST, timeout=5_000)
        assert board.notice.isVisible()
        assert board.notice.text() == DB_LOST.line()
        assert not path.exists()  # the board never creates an empty database in its place
    finally:
        away.rename(path)

    qtbot.waitUntil(lambda: board.notice.notice(Notice.DB) is None, timeout=5_000)
    assert not board.notice.isVisible()
    run_counter(sqlite_db.url, "call-next", "Loket 1")
    qtbot.waitUntil(lambda: board.now_calling.shown_number == number, timeout=5_000)


@pytest.mark.postgres
def test_postgres_backends_terminated_and_back(qtbot, pg_db, make_board, waiting_tickets, run_counter) -> None:
    first, second = waiting_tickets(pg_db, 2)
    board = make_board(pg_db.url)
    qtbot.waitUntil(lambda: board.feed.listening, timeout=10_000)
    name = make_url(pg_db.url).database
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
        qtbot.waitUntil(lambda: board.notice.notice(Notice.DB) == DB_LOST, timeout=10_000)
        assert not board.feed.listening
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()

    qtbot.waitUntil(lambda: board.notice.notice(Notice.DB) is None and board.feed.listening, timeout=15_000)
    run_counter(pg_db.url, "call-next", "Loket 1")
    qtbot.waitUntil(lambda: board.now_calling.shown_number == first, timeout=5_000)

    # Only the board's backends die this time: it reconnects before anyone notices
    with admin.connect() as conn:
        conn.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND application_name "
                 "= 'antrian-board-listen'"), {"n": name},
        )
    admin.dispose()
    qtbot.waitUntil(lambda: board.feed.listening, timeout=10_000)
    run_counter(pg_db.url, "call-next", "Loket 1")
    qtbot.waitUntil(lambda: board.now_calling.shown_number == second, timeout=5_000)
