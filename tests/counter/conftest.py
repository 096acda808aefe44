"""Counter window fixtures: a database holding real checked-in tickets, a fixed office clock, windows on runners."""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from demo.data import demo_payload  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.qt.tasks import TaskRunner  # noqa: E402
from shared.services.bookings_import import import_bookings, parse_bookings_payload  # noqa: E402
from shared.services.checkin import check_in  # noqa: E402

from ..gate.outage import OUTAGE_KINDS, make_outage  # noqa: E402

DAY = date(2026, 11, 28)


class Clock:
    """The office's 'now', moved by the test."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: int) -> None:
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def clock(config) -> Clock:
    return Clock(datetime(2026, 11, 28, 8, 30, tzinfo=config.office.tz))


def seed_tickets(db: Database, config, bookings: int = 48) -> list[str]:
    """Demo bookings imported and the 08:00 and 09:00 slots checked in at the gate: the ticket numbers issued."""
    tz = config.office.tz
    payload = demo_payload(DAY, config.office.code, bookings, 7, config.office.timezone)
    records, problems = parse_bookings_payload(payload)
    assert not problems
    db.run(import_bookings, records, datetime(2026, 11, 28, 7, 0, tzinfo=tz))
    numbers: list[str] = []
    arrival = datetime(2026, 11, 28, 7, 30, tzinfo=tz)
    for booking in payload["bookings"]:
        if booking["status"] == "active" and booking["slot"]["start"] in ("08:00", "09:00"):
            result = db.run(check_in, config, booking["booking_code"], "GATE-1", arrival)
            numbers += [t.number for t in result.tickets]
            arrival += timedelta(minutes=3)
    assert numbers, "the demo data must give tickets to call"
    return numbers


@pytest.fixture(params=OUTAGE_KINDS)
def outage(request, tmp_path):
    """A real database (SQLite file, PostgreSQL) the test takes away (`down()`) and brings back (`up()`)."""
    office = make_outage(request.param, tmp_path)
    yield office
    office.close()


@pytest.fixture
def seeded(db, config) -> Database:
    seed_tickets(db, config)
    return db


@pytest.fixture
def make_window(qtbot, config, clock):
    """make_window(db, counter) -> a shown CounterWindow on its own TaskRunner, after its first read."""
    from kiosk.counter.window import CounterWindow

    runners: list[TaskRunner] = []
    windows: list = []  # strong refs: a window must die on the GUI thread, never with a worker's last reference

    def make(db: Database, counter: str = "Loket 1", refresh_ms: int = 60_000) -> CounterWindow:
        runner = TaskRunner(db)
        runners.append(runner)
        window = CounterWindow(config, runner, counter, clock=clock, refresh_ms=refresh_ms)
        qtbot.addWidget(window)
        windows.append(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitUntil(lambda: window.state.loaded, timeout=10_000)
        return window

    yield make
    for runner in runners:
        runner.shutdown(wait=True)
    for window in windows:
        window.close()
    windows.clear()


@pytest.fixture
def press(qtbot):
    """press(window, act): click the real button and wait until the window shows the state after the action."""
    from PySide6.QtCore import Qt

    def _press(window, act) -> None:
        with qtbot.waitSignal(window.action_finished, timeout=10_000):
            qtbot.mouseClick(window.actions.buttons[act], Qt.MouseButton.LeftButton)

    return _press
