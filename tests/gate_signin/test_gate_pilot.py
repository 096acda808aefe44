"""The demo's gate pilot with officers registered: it signs in as the demo's gate officer by typing NIP and PIN,
shows the phone only once the gate admits, and lets a late applicant in through the real supervisor dialog."""

from __future__ import annotations

import signal

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from demo import officers as demo_officers
from demo.pilots.gate import LATE_REASON
from demo.pilots.gate import start as start_gate_pilot
from shared.db.models import CheckinEvent
from shared.domain import Decision
from shared.qt.app import RoleLifecycle

from .conftest import GATE_OFFICER, SUPERVISOR, printed_numbers


def checkins(db, code: str) -> list[tuple]:
    with db.sessions() as s:
        return [tuple(r) for r in s.execute(
            select(CheckinEvent.result, CheckinEvent.officer_id, CheckinEvent.supervisor_id,
                   CheckinEvent.override_reason).where(CheckinEvent.code == code).order_by(CheckinEvent.at))]


@pytest.fixture
def lifecycle_of():
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    yield lambda window: RoleLifecycle(QApplication.instance(), window, "gate")
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def test_the_pilot_signs_in_and_the_supervisor_admits_the_late_applicant(
        make_gate, scenario, officers, office, lifecycle_of, loopback, tmp_path, monkeypatch, capsys, qtbot):
    assert (GATE_OFFICER.nip, GATE_OFFICER.pin) == (demo_officers.GATE.nip, demo_officers.GATE.pin)
    assert (SUPERVISOR.nip, SUPERVISOR.pin) == (demo_officers.SUPERVISOR.nip, demo_officers.SUPERVISOR.pin)
    late, valid = scenario.codes[Decision.TOO_LATE], scenario.codes[Decision.VALID]
    codes = tmp_path / "demo-codes.txt"
    codes.write_text(f"{valid}\n{late}\n", encoding="utf-8")
    monkeypatch.setenv("ANTRIAN_DEMO_CODES", str(codes))
    monkeypatch.delenv("ANTRIAN_DEMO_OFFICER", raising=False)
    gate = make_gate(debouncer=None)  # the config's 3 s debounce: each code of the cycle once in this test
    pilot = start_gate_pilot(gate, lifecycle_of(gate))
    assert gate.camera.running and pilot.source is None  # the empty desk until an officer is signed in

    qtbot.waitUntil(lambda: pilot.source is not None, timeout=10_000)
    assert gate.actor.nip == demo_officers.GATE.nip and pilot.source.codes == (valid, late)
    qtbot.waitUntil(lambda: "VALID" in [r[0] for r in checkins(office, late)], timeout=30_000)
    result = checkins(office, late)
    gate_id, supervisor_id = officers[GATE_OFFICER.nip].id, officers[SUPERVISOR.nip].id
    assert result[:2] == [("TOO_LATE", gate_id, None, None), ("VALID", gate_id, supervisor_id, LATE_REASON)]
    qtbot.waitUntil(lambda: "B-002" in printed_numbers(loopback), timeout=10_000)
    pilot.stop()
    qtbot.waitUntil(pilot.idle, timeout=10_000)
    out = capsys.readouterr().out
    assert f"SIGNED-IN {GATE_OFFICER.nip}" in out and f"AUTHORISED late_admission {late}" in out
    assert f"DECISION {late} TOO_LATE -" in out and f"DECISION {late} VALID B-002" in out
