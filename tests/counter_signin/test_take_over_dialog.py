"""The counter's start when its loket is open elsewhere: the officer reads who and where, and a supervisor takes
it over through the real dialogs."""

from __future__ import annotations

import os
from datetime import UTC

import pytest
from PySide6.QtCore import Qt

from shared import clock as office_clock
from shared.qt.tasks import TaskRunner
from shared.services import lokets
from shared.services.lokets import LoketTaken
from shared.services.signed_in import set_station_officer
from shared.services.stations import this_host

from .conftest import COUNTER, SUPERVISOR, register


@pytest.fixture
def held(sqlite_db, config, clock):
    """Loket 1 open on another PC, its officer signed in there."""
    ids = register(sqlite_db, config, clock())
    now = office_clock.now(UTC)  # the window opens its loket on the real office clock
    claim = sqlite_db.run(lokets.open_loket, "Loket 1", "loket-pc-9", 9999, now)
    sqlite_db.run(set_station_officer, claim, ids[COUNTER.nip])
    return sqlite_db


def _dialog(qtbot, db, config):
    from kiosk.counter.loket_claim import LoketTakenDialog

    with pytest.raises(LoketTaken) as taken:
        lokets.open_for_counter(db, "Loket 1")
    runner = TaskRunner(db)
    dialog = LoketTakenDialog(config, db, runner, "Loket 1", taken.value)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, runner


def test_the_refusal_names_the_officer_and_the_pc_and_a_supervisor_takes_over(qtbot, held, config):
    dialog, runner = _dialog(qtbot, held, config)
    try:
        assert f"oleh {COUNTER.name}" in dialog.text.text() and "'loket-pc-9'" in dialog.text.text()
        qtbot.mouseClick(dialog.take_over_button, Qt.MouseButton.LeftButton)
        supervisor = dialog.supervisor_dialog
        qtbot.keyClicks(supervisor.nip_field, SUPERVISOR.nip)
        qtbot.keyClicks(supervisor.pin_field, SUPERVISOR.pin)
        qtbot.keyClicks(supervisor.reason_field, "PC 9 hangs")
        with qtbot.waitSignal(dialog.accepted, timeout=10_000):
            qtbot.mouseClick(supervisor.approve_button, Qt.MouseButton.LeftButton)
        assert dialog.claim is not None and dialog.claim.host == this_host() and dialog.claim.pid == os.getpid()
        holder = held.run(lokets.loket_holder, "Loket 1", office_clock.now(UTC))
        assert holder is not None and holder.pid == os.getpid()
    finally:
        runner.shutdown(wait=True)


def test_a_counter_officer_cannot_take_over(qtbot, held, config):
    dialog, runner = _dialog(qtbot, held, config)
    try:
        qtbot.mouseClick(dialog.take_over_button, Qt.MouseButton.LeftButton)
        supervisor = dialog.supervisor_dialog
        qtbot.keyClicks(supervisor.nip_field, COUNTER.nip)
        qtbot.keyClicks(supervisor.pin_field, COUNTER.pin)
        qtbot.keyClicks(supervisor.reason_field, "PC 9 hangs")
        qtbot.mouseClick(supervisor.approve_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: supervisor.refusal is not None, timeout=10_000)
        assert "bukan supervisor" in supervisor.refusal.id and dialog.claim is None
    finally:
        runner.shutdown(wait=True)
