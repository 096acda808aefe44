"""Fixtures for the gate with officers: the scenario morning in a real database, three registered officers (the
demo's gate officer and supervisor, and a counter officer), a loopback ESC/POS printer and the real gate window
inside its sign-in frame."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANTRIAN_SOUND", "0")

from PySide6.QtCore import Qt  # noqa: E402

from demo.gate_scenario import GateScenario, build_scenario  # noqa: E402
from printing.service import TicketPrinter  # noqa: E402
from printing.testing import LoopbackPrinter  # noqa: E402
from scanner.decode.debounce import SharedDebouncer  # noqa: E402
from scanner.gate.sounds import SoundBoard  # noqa: E402
from scanner.gate.window import GateWindow  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.qt.tasks import TaskRunner  # noqa: E402
from shared.services import staff  # noqa: E402

from ..gate.conftest import Clock, gate_journal  # noqa: E402,F401 - the gate tests' clock and journal fixture


@dataclass(frozen=True)
class Person:
    nip: str
    pin: str
    name: str
    roles: tuple[str, ...]


GATE_OFFICER = Person("199001012015031003", "112233", "Rina Marlina", ("gate",))
SUPERVISOR = Person("197905202005011001", "135790", "Drs. Hendra Gunawan", ("supervisor", "gate", "counter"))
COUNTER_OFFICER = Person("198503152010012002", "246802", "Dewi Lestari", ("counter",))
PEOPLE = (GATE_OFFICER, SUPERVISOR, COUNTER_OFFICER)


@pytest.fixture
def loopback() -> Iterator[LoopbackPrinter]:
    with LoopbackPrinter() as printer:
        yield printer


@pytest.fixture
def gate_config(config, loopback):
    """The demo's config, the loopback printer, and cheap PIN hashes (the test config reads no environment)."""
    cheap = replace(config.staff, pin_time_cost=1, pin_memory_kib=1024)
    return replace(config, printer=replace(config.printer, url=loopback.url), staff=cheap)


@pytest.fixture
def office(request) -> Database:
    """A SQLite file; `@pytest.mark.parametrize("office", BOTH, indirect=True)` runs a test on PostgreSQL too."""
    kind = getattr(request, "param", "sqlite")
    return request.getfixturevalue("sqlite_db" if kind == "sqlite" else "pg_db")


BOTH = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def seed_officers(db: Database, config, now: datetime) -> dict[str, staff.OfficerView]:
    return {p.nip: db.run(staff.add_officer, config, p.nip, p.name, p.roles, p.pin, now) for p in PEOPLE}


def make_office(db: Database, config) -> tuple[GateScenario, dict[str, staff.OfficerView]]:
    """The scenario morning (its earlier check-in at GATE-2 made before any officer existed), then the officers."""
    scenario = build_scenario(db, config, extra=3, background=10)
    return scenario, seed_officers(db, config, scenario.now)


@pytest.fixture
def office_runner(office) -> Iterator[TaskRunner]:
    tasks = TaskRunner(office)
    yield tasks
    tasks.shutdown()


@pytest.fixture
def morning(office, gate_config):
    return make_office(office, gate_config)


@pytest.fixture
def scenario(morning) -> GateScenario:
    return morning[0]


@pytest.fixture
def officers(morning) -> dict[str, staff.OfficerView]:
    return morning[1]


@pytest.fixture
def clock(scenario) -> Clock:
    return Clock(scenario.now)


@pytest.fixture
def make_gate(qtbot, office, gate_config, office_runner, clock, scenario) -> Iterator[Callable[..., GateWindow]]:
    windows: list[GateWindow] = []

    def make(**kwargs) -> GateWindow:
        kwargs.setdefault("sounds", SoundBoard(enabled=False))
        kwargs.setdefault("debouncer", SharedDebouncer(0.0))
        window = GateWindow(gate_config, office_runner, TicketPrinter(gate_config), clock=clock, db=office,
                            **kwargs)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def gate(make_gate) -> GateWindow:
    return make_gate()


def sign_in(qtbot, window: GateWindow, person: Person, wait: bool = True) -> None:
    """The officer at the sign-in screen: NIP (typed like the ID card's scanner, then Enter), PIN, Enter."""
    screen = window.frame.sign_in
    qtbot.waitUntil(lambda: screen.isEnabled() and not screen.checking, timeout=5000)
    if screen.nip_asked():
        screen.nip.clear()
        qtbot.keyClicks(screen.nip, person.nip)
        qtbot.keyClick(screen.nip, Qt.Key.Key_Return)
    qtbot.keyClicks(screen.pin, person.pin)
    qtbot.keyClick(screen.pin, Qt.Key.Key_Return)
    if wait:
        qtbot.waitUntil(lambda: window.admitting and window.actor is not None, timeout=5000)


def supervisor_says(qtbot, dialog, person: Person, reason: str = "", wait_refusal: bool = False) -> None:
    """Someone types a NIP, a PIN and (if given) the reason into the supervisor dialog and presses Enter."""
    before = dialog.refusal
    dialog.nip_field.clear()
    qtbot.keyClicks(dialog.nip_field, person.nip)
    qtbot.keyClick(dialog.nip_field, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.pin_field, person.pin)
    if reason:
        dialog.reason_field.clear()
        qtbot.keyClicks(dialog.reason_field, reason)
    qtbot.keyClick(dialog.reason_field, Qt.Key.Key_Return)
    if wait_refusal:
        qtbot.waitUntil(lambda: dialog.refusal is not before and not dialog.checking, timeout=5000)


def type_code(qtbot, window: GateWindow, code: str) -> None:
    """A USB hand scanner: fast keys at the window, then Enter."""
    qtbot.keyClicks(window, code)
    qtbot.keyClick(window, Qt.Key.Key_Return)


def printed_numbers(loopback: LoopbackPrinter) -> list[str]:
    found = []
    for job in loopback.ticket_jobs():
        found += [line.text.strip() for line in job.decoded().lines if line.width >= 4]
    return found
