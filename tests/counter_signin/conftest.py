"""Counter sign-in fixtures: the demo's officers registered on a real database, the counter window inside its
sign-in frame on its own TaskRunner, a fixed office clock."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from shared.db.engine import Database  # noqa: E402
from shared.qt.tasks import TaskRunner  # noqa: E402
from shared.services import staff  # noqa: E402

from ..autopilot_kiosk.conftest import out_dir, role_env, seeded_url, start_role  # noqa: E402,F401 - fixtures
from ..counter.conftest import Clock, seed_tickets  # noqa: E402 - the counter tests' seeded morning


@dataclass(frozen=True)
class Officer:
    nip: str
    pin: str
    name: str
    roles: str


COUNTER = Officer("198703152010121002", "246810", "Siti Rahmawati", "counter")
SUPERVISOR = Officer("197905202005011001", "135790", "Bambang Hartono", "supervisor,counter")
GATE = Officer("199001012015031003", "112233", "Dewi Lestari", "gate")
SECOND = Officer("198812242012032004", "424242", "Agus Prasetyo", "counter")  # the next shift
DISABLED = Officer("198502102009011005", "909090", "Rudi Hartono", "counter")
OFFICERS = (COUNTER, SUPERVISOR, GATE, SECOND, DISABLED)


def register(db: Database, config, now) -> dict[str, int]:
    """The officers above, one disabled; their ids by NIP."""
    ids = {}
    for officer in OFFICERS:
        view = db.run(staff.add_officer, config, officer.nip, officer.name, officer.roles, officer.pin, now)
        ids[officer.nip] = view.id
    db.run(staff.disable_officer, DISABLED.nip, now)
    return ids


@pytest.fixture
def clock(config) -> Clock:
    return Clock(datetime(2026, 11, 28, 8, 30, tzinfo=config.office.tz))


@pytest.fixture
def staffed(db, config, clock) -> Database:
    """A seeded morning with officers registered."""
    seed_tickets(db, config)
    register(db, config, clock())
    return db


@pytest.fixture
def make_frame(qtbot, config, clock):
    """make_frame(db, counter="Loket 1", idle_ms=None) -> the counter window inside a SignedInFrame, shown."""
    from kiosk.counter.window import CounterWindow
    from shared.qt.auth import SignedInFrame

    runners: list[TaskRunner] = []
    frames: list = []

    def make(db: Database, counter: str = "Loket 1", idle_ms: int | None = None, claims=()):
        runner = TaskRunner(db)
        runners.append(runner)
        frame = SignedInFrame(config, runner, db, "counter", config.station.name, place=counter, claims=claims,
                              idle_ms=idle_ms, clock=clock)
        window = CounterWindow(config, runner, counter, clock=clock, refresh_ms=60_000, session=frame.session,
                               db=db)
        frame.set_content(window)
        window.sign_in_needed.connect(frame.require_sign_in_now)
        qtbot.addWidget(frame)
        frames.append(frame)
        frame.resize(1280, 800)
        frame.show()
        qtbot.waitUntil(lambda: window.state.loaded and frame.sign_in_required is not None, timeout=10_000)
        return frame

    yield make
    for frame in frames:
        frame.session.shutdown()
    for runner in runners:
        runner.shutdown(wait=True)
    for frame in frames:
        frame.close()
    frames.clear()


def sign_in(qtbot, frame, officer: Officer | None = None, pin: str | None = None, nip: str | None = None) -> None:
    """Type into the real fields (NIP, Enter, PIN, Enter) and wait for the answer."""
    from PySide6.QtCore import Qt

    screen = frame.sign_in
    if screen.nip_asked():
        screen.nip.clear()
        qtbot.keyClicks(screen.nip, nip if nip is not None else officer.nip)
        qtbot.keyClick(screen.nip, Qt.Key.Key_Return)
    qtbot.keyClicks(screen.pin, pin if pin is not None else officer.pin)
    qtbot.keyClick(screen.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.checking, timeout=10_000)
