"""Walk-in kiosk fixtures: a fixed office clock, a loopback ESC/POS printer, kiosk windows on real runners."""

from __future__ import annotations

import dataclasses
import os
import socket
from datetime import datetime

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from printing.service import TicketPrinter  # noqa: E402
from printing.testing import LoopbackPrinter  # noqa: E402
from shared.qt.tasks import TaskRunner  # noqa: E402


@pytest.fixture
def now(config) -> datetime:
    return datetime(2026, 11, 28, 9, 15, tzinfo=config.office.tz)


@pytest.fixture
def loopback():
    with LoopbackPrinter() as printer:
        yield printer


@pytest.fixture
def dead_printer_url() -> str:
    """A port on 127.0.0.1 that nothing listens on: the printer is off."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
    return f"network://127.0.0.1:{port}"


@pytest.fixture
def with_printer(config):
    """with_printer(url) -> the config with printer.url set (and a short timeout)."""

    def _with(url: str):
        return dataclasses.replace(config, printer=dataclasses.replace(config.printer, url=url, timeout_seconds=1.0))

    return _with


@pytest.fixture
def make_kiosk(qtbot, now):
    """make_kiosk(db, config_with_printer) -> a shown KioskWindow printing through a real TicketPrinter (the
    window records each job on its db lane; the printer itself never sees the database)."""
    from kiosk.walkin.window import KioskWindow

    runners: list[TaskRunner] = []
    windows: list = []  # strong refs: a window must die on the GUI thread, never with a worker's last reference

    def make(db, config, show_seconds: int = 30, debounce_seconds: float = 0.8) -> KioskWindow:
        runner = TaskRunner(db)
        runners.append(runner)
        window = KioskWindow(config, runner, TicketPrinter(config), clock=lambda: now,
                             show_seconds=show_seconds, debounce_seconds=debounce_seconds)
        qtbot.addWidget(window)
        windows.append(window)
        window.resize(1280, 800)
        window.show()
        return window

    yield make
    for runner in runners:
        runner.shutdown(wait=True)
    for window in windows:
        window.close()
    windows.clear()
