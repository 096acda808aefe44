"""Fixtures for the gate window: the scenario morning in a real SQLite file, a loopback ESC/POS printer,
the real task runner, and the real window driven through the keyboard-wedge path."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANTRIAN_SOUND", "0")

from PySide6.QtCore import Qt  # noqa: E402

from demo.gate_scenario import GateScenario, build_scenario  # noqa: E402
from printing.service import TicketPrinter  # noqa: E402
from printing.testing import LoopbackPrinter  # noqa: E402
from scanner.decode.debounce import SharedDebouncer  # noqa: E402
from scanner.gate.sounds import SoundBoard  # noqa: E402
from scanner.gate.window import GateWindow  # noqa: E402

from .outage import OUTAGE_KINDS, make_outage  # noqa: E402


class Clock:
    """The injectable `now` provider: tests move office time by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(autouse=True)
def gate_journal(tmp_path, monkeypatch) -> Path:
    """Every gate window of a test keeps its journal in the test's folder, never in the user's data directory."""
    path = tmp_path / "gate-journal.jsonl"
    monkeypatch.setenv("ANTRIAN_GATE_JOURNAL", str(path))
    return path


@pytest.fixture(params=OUTAGE_KINDS)
def outage(request, tmp_path):
    """A real database (SQLite file, PostgreSQL) the test takes away (`down()`) and brings back (`up()`)."""
    office = make_outage(request.param, tmp_path)
    yield office
    office.close()


@pytest.fixture
def loopback() -> Iterator[LoopbackPrinter]:
    with LoopbackPrinter() as printer:
        yield printer


@pytest.fixture
def gate_config(config, loopback):
    return replace(config, printer=replace(config.printer, url=loopback.url))


@pytest.fixture
def scenario(sqlite_db, gate_config) -> GateScenario:
    return build_scenario(sqlite_db, gate_config, extra=3, background=10)


@pytest.fixture
def clock(scenario) -> Clock:
    return Clock(scenario.now)


@pytest.fixture
def make_gate(qtbot, sqlite_db, gate_config, runner, clock) -> Callable[..., GateWindow]:
    """The gate as `antrian-gate` builds it (inside the sign-in frame, which asks the database whether anyone
    must sign in: nobody is registered here, so it opens on the gate at once)."""
    windows: list[GateWindow] = []

    def make(config=None, debounce: float = 0.0, admitting: bool = True, **kwargs) -> GateWindow:
        cfg = config or gate_config
        kwargs.setdefault("sounds", SoundBoard(enabled=False))
        kwargs.setdefault("db", sqlite_db)
        window = GateWindow(cfg, runner, TicketPrinter(cfg), clock=clock,
                            debouncer=SharedDebouncer(debounce), **kwargs)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        windows.append(window)
        if admitting:
            qtbot.waitUntil(lambda: window.admitting, timeout=5000)
        return window

    yield make
    for window in windows:
        window.close()  # stops the camera threads and the wedge before the runner shuts down


@pytest.fixture
def gate(make_gate) -> GateWindow:
    return make_gate()


@pytest.fixture
def scan(qtbot) -> Callable[..., None]:
    """Type a code like a USB hand scanner: fast keys at the window (no field clicked), then Enter."""

    def type_code(window: GateWindow, code: str, decision=None, timeout: int = 5000) -> None:
        before = len(window.recent.rows)
        qtbot.keyClicks(window, code)
        qtbot.keyClick(window, Qt.Key.Key_Return)
        if decision is not None:
            qtbot.waitUntil(lambda: len(window.recent.rows) > before, timeout=timeout)
            assert window.card.decision is decision, window.card.result

    return type_code


def printed_numbers(loopback: LoopbackPrinter) -> list[str]:
    """The ticket numbers on the paper that reached the loopback printer (the big number line)."""
    found = []
    for job in loopback.ticket_jobs():
        found += [line.text.strip() for line in job.decoded().lines if line.width >= 4]
    return found


@pytest.fixture
def paper(loopback) -> Callable[[], list[str]]:
    return lambda: printed_numbers(loopback)
