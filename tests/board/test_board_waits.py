"""The board's estimated wait per service: "Perkiraan tunggu / Estimated wait" with the range on each tile,
read in the board's one read but only every `waits_every_ms` (not on every 500 ms poll), and refreshed as the
day moves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

import shared.services.board as board_service
from kiosk.board import feed as feed_module
from kiosk.board.texts import wait_parts
from kiosk.board.window import BoardWindow
from shared.db.engine import Database
from shared.domain import WaitEstimate
from shared.qt.tasks import TaskRunner
from shared.services.board import read_board
from shared.services.counter_ops import call_next, ensure_counters
from shared.services.tickets import issue_walk_in
from shared.services.wait_estimate import ServiceWait, wait_text
from shared.text import Text


@pytest.fixture
def now(config) -> datetime:
    return datetime(2026, 11, 26, 9, 30, tzinfo=config.office.tz)  # a Thursday morning: the hall is open


def priority_queue(db: Database, config, now: datetime, n: int, called: bool = True) -> None:
    """n priority walk-ins (P, served at Loket 1), Loket 1 serving the first since two minutes."""
    db.run(ensure_counters, config)
    for i in range(n):
        db.run(issue_walk_in, config, "priority", now - timedelta(minutes=30 - i))
    if called:
        db.run(call_next, config, "Loket 1", now - timedelta(minutes=2))


@pytest.fixture
def board(qtbot, config, now) -> Iterator:
    made: list[tuple[BoardWindow, TaskRunner, Database]] = []

    def make(url: str, waits_every_ms: int | None = None) -> BoardWindow:
        reader = Database(url, reader=True)
        runner = TaskRunner(reader)
        window = BoardWindow(config, runner, reader, clock=lambda: now)
        if waits_every_ms is not None:
            window.feed.waits_every_ms = waits_every_ms
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        made.append((window, runner, reader))
        window.start(listen=False)
        qtbot.waitUntil(lambda: window.feed.state.loaded, timeout=10_000)
        return window

    yield make
    for window, runner, reader in made:
        window.shutdown()
        runner.shutdown()
        reader.dispose()


def wait(prefix: str, estimate: WaitEstimate | None) -> ServiceWait:
    return ServiceWait(prefix, "Prioritas", "Priority", 3, estimate)


def test_a_tile_shows_the_range_and_a_warning_on_its_own_line():
    assert wait_parts(wait("P", WaitEstimate(15, 10, 20))) == (Text("10–20 menit", "10–20 min"), None)
    assert wait_parts(wait("P", WaitEstimate(2, 0, 5))) == (Text("segera", "soon"), None)
    late = wait_parts(wait("P", WaitEstimate(110, 80, 150, may_not_be_served_today=True)))
    assert late == (Text("1–2,5 jam", "1–2.5 h"), Text("mungkin tidak terlayani hari ini", "may not be served today"))
    assert wait_parts(wait("D", None)) == (None, Text("mungkin tidak terlayani hari ini", "may not be served today"))
    closing = wait_parts(wait("P", WaitEstimate(0, 0, 0, may_not_be_served_today=True)))  # no "±0 menit"
    assert closing == (None, Text("mungkin tidak terlayani hari ini", "may not be served today"))


def test_read_board_brings_the_waits_only_when_asked(db, config, now):
    """On SQLite and PostgreSQL."""
    priority_queue(db, config, now, 4)
    plain = db.read(read_board, config, now.date(), 0)
    assert plain.waits is None and {c.prefix: c.waiting for c in plain.counts}["P"] == 3
    read = db.read(read_board, config, now.date(), 0, now)
    assert [w.prefix for w in read.waits] == [s.prefix for s in config.services]
    p = next(w for w in read.waits if w.prefix == "P")
    assert p.waiting == 3 and p.estimate is not None and not p.estimate.may_not_be_served_today
    assert p.estimate.people_ahead == 3 and p.estimate.high_minutes > 5  # three ahead at one counter: a range


def test_the_tiles_show_the_estimated_wait(qtbot, sqlite_db, config, now, board):
    priority_queue(sqlite_db, config, now, 4)
    window = board(sqlite_db.url)
    qtbot.waitUntil(lambda: len(window.counts.waits_shown()["P"]) > 1, timeout=5_000)
    shown = window.counts.waits_shown()
    expected = next(w for w in window.feed.waits if w.prefix == "P")
    words = wait_text(expected.estimate)
    assert shown["P"] == ["Perkiraan tunggu / Estimated wait", words.id, words.en]
    assert "menit" in words.id and "–" in words.id
    # Foto dan Wawancara: nobody was sent there yet, but its loket is open: a new ticket is called soon
    # (not "may not be served today" because its loket has called nobody so far)
    assert shown["D"] == ["Perkiraan tunggu / Estimated wait", "segera", "soon"]
    assert window.counts.waiting_shown()["P"] == "3"


def test_waits_are_not_recomputed_on_every_poll(qtbot, sqlite_db, config, now, board, monkeypatch):
    priority_queue(sqlite_db, config, now, 4)
    asked: list[datetime | None] = []
    computed: list[datetime] = []
    real_read, real_waits = feed_module.read_board, board_service.service_waits

    def counting_read(session, config_, day, after_id, waits_at=None):
        asked.append(waits_at)
        return real_read(session, config_, day, after_id, waits_at)

    def counting_waits(session, config_, at):
        computed.append(at)
        return real_waits(session, config_, at)

    monkeypatch.setattr(feed_module, "read_board", counting_read)
    monkeypatch.setattr(board_service, "service_waits", counting_waits)
    window = board(sqlite_db.url)
    assert config.board.poll_ms == 500
    qtbot.waitUntil(lambda: len(asked) >= 6, timeout=10_000)  # six reads: about three seconds of polling
    assert len(computed) == 1 and asked[0] == now and all(a is None for a in asked[1:])
    assert window.feed.waits and window.counts.waits_shown()["P"]


def test_the_waits_follow_the_day(qtbot, sqlite_db, config, now, board):
    """More applicants arrive: the counts change at once, the waits at their next read."""
    priority_queue(sqlite_db, config, now, 2)
    window = board(sqlite_db.url)
    qtbot.waitUntil(lambda: len(window.counts.waits_shown()["P"]) > 1, timeout=5_000)
    before = next(w for w in window.feed.waits if w.prefix == "P")
    priority_queue(sqlite_db, config, now, 6, called=False)
    qtbot.waitUntil(lambda: window.counts.waiting_shown()["P"] == "7", timeout=5_000)
    assert next(w for w in window.feed.waits if w.prefix == "P") == before  # not yet: 20 s between waits
    window.feed.waits_every_ms = 200
    qtbot.waitUntil(lambda: next(w for w in window.feed.waits if w.prefix == "P").waiting == 7, timeout=5_000)
    after = next(w for w in window.feed.waits if w.prefix == "P")
    assert after.estimate.high_minutes > before.estimate.high_minutes
    words = wait_text(after.estimate)
    qtbot.waitUntil(lambda: window.counts.waits_shown()["P"][1:] == [words.id, words.en], timeout=5_000)
