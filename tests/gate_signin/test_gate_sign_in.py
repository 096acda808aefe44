"""The gate's sign-in, idle lock and sign-out in the real window: what the officer sees, and that nobody is
admitted while the gate is unattended."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from demo.camera import DemoCamera
from demo.gate_scenario import build_scenario
from scanner.decode.debounce import SharedDebouncer
from scanner.gate.sounds import SoundBoard
from scanner.gate.window import GateWindow
from shared.db.engine import Database
from shared.db.models import AuthEvent, CheckinEvent
from shared.domain import Decision
from shared.qt.auth import OfficerBadge
from shared.qt.tasks import TaskRunner
from shared.services.staff import AuthKind

from .conftest import BOTH, COUNTER_OFFICER, GATE_OFFICER, SUPERVISOR, Person, sign_in, type_code


def checkins(db) -> list[tuple[str, str, int | None]]:
    with db.sessions() as s:
        return [(r.code, r.result, r.officer_id) for r in s.scalars(
            select(CheckinEvent).where(CheckinEvent.gate == "GATE-1").order_by(CheckinEvent.at, CheckinEvent.id))]


def auth_kinds(db) -> list[str]:
    with db.sessions() as s:
        return [r.kind for r in s.scalars(select(AuthEvent).where(AuthEvent.station == "GATE-1")
                                          .order_by(AuthEvent.id))]


def strip(gate) -> str:
    return gate.frame.sign_in.message.text()


@pytest.mark.parametrize("office", BOTH, indirect=True)
def test_sign_in_refusals_are_shown_and_the_officer_is_named_in_the_header(gate, office, officers, qtbot):
    screen = gate.frame.sign_in
    qtbot.waitUntil(lambda: screen.isEnabled(), timeout=5000)
    assert gate.frame.currentWidget() is screen and not gate.admitting
    assert "Gerbang" in screen.place_label.text()

    wrong = Person(GATE_OFFICER.nip, "000000", GATE_OFFICER.name, GATE_OFFICER.roles)
    sign_in(qtbot, gate, wrong, wait=False)
    qtbot.waitUntil(lambda: "sisa 4 kali" in strip(gate), timeout=5000)
    assert "4 tries left" in strip(gate) and screen.pin.text() == ""

    sign_in(qtbot, gate, COUNTER_OFFICER, wait=False)  # a counter officer cannot open the gate
    qtbot.waitUntil(lambda: "bukan petugas pintu masuk" in strip(gate), timeout=5000)
    assert not gate.admitting and auth_kinds(office)[-1] == AuthKind.WRONG_ROLE  # the right PIN, the wrong role

    sign_in(qtbot, gate, GATE_OFFICER)
    assert gate.actor.name == GATE_OFFICER.name and gate.actor.officer_id == officers[GATE_OFFICER.nip].id
    badge = gate.header.findChild(OfficerBadge)
    assert badge.isVisible() and GATE_OFFICER.name in badge.name.text()
    assert AuthKind.SIGN_IN in auth_kinds(office)


def test_a_locked_out_officer_is_told_until_when(gate, office, gate_config, qtbot):
    wrong = Person(GATE_OFFICER.nip, "999999", GATE_OFFICER.name, GATE_OFFICER.roles)
    for tries in range(gate_config.staff.lockout_attempts):
        sign_in(qtbot, gate, wrong, wait=False)
        qtbot.waitUntil(lambda t=tries: auth_kinds(office).count(AuthKind.SIGN_IN_FAILED) + auth_kinds(office)
                        .count(AuthKind.LOCKED_OUT) == t + 1, timeout=5000)
    qtbot.waitUntil(lambda: "terkunci" in strip(gate), timeout=5000)
    sign_in(qtbot, gate, GATE_OFFICER, wait=False)  # the right PIN, but locked for minutes now
    qtbot.waitUntil(lambda: "Terkunci" in strip(gate) and not gate.frame.sign_in.checking, timeout=5000)
    assert not gate.admitting
    sign_in(qtbot, gate, SUPERVISOR)  # a supervisor who holds the gate role may open it meanwhile
    assert gate.actor.nip == SUPERVISOR.nip


def test_every_check_in_carries_the_gate_officer(gate, scenario, officers, office, qtbot):
    sign_in(qtbot, gate, GATE_OFFICER)
    for n, code in enumerate((scenario.codes[Decision.VALID], scenario.codes[Decision.UNKNOWN], "not a code")):
        type_code(qtbot, gate, code)
        qtbot.waitUntil(lambda n=n: len(gate.recent.rows) == n + 1, timeout=8000)
    rows = checkins(office)
    assert sorted(r[1] for r in rows) == ["MALFORMED", "UNKNOWN", "VALID"]
    assert {r[2] for r in rows} == {officers[GATE_OFFICER.nip].id}


def test_the_idle_lock_admits_nobody_and_the_camera_goes_on_behind_it(make_gate, scenario, officers, office,
                                                                      qtbot):
    gate = make_gate(idle_ms=400)
    sign_in(qtbot, gate, GATE_OFFICER)
    qtbot.waitUntil(lambda: not gate.admitting, timeout=5000)  # nobody touched it: locked
    screen = gate.frame.sign_in
    assert gate.frame.currentWidget() is screen and screen.locked_actor.nip == GATE_OFFICER.nip
    assert GATE_OFFICER.name in screen.title.text()

    code = scenario.codes[Decision.VALID]
    refused: list[str] = []
    gate.flow.scan_refused.connect(refused.append)
    gate.start_source(DemoCamera([code], loop=True), "test")  # an applicant holds the phone up to the camera
    qtbot.waitUntil(lambda: code in refused, timeout=15000)
    type_code(qtbot, gate, scenario.codes[Decision.TOO_EARLY])  # and one tries the hand scanner
    qtbot.wait(200)
    assert checkins(office) == [] and gate.recent.rows == [] and gate.camera.running

    qtbot.keyClicks(screen.pin, GATE_OFFICER.pin)  # the officer is back: only the PIN
    qtbot.keyClick(screen.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gate.admitting, timeout=5000)
    qtbot.waitUntil(lambda: any(r[1] == "VALID" for r in checkins(office)), timeout=15000)
    gate.stop_camera()
    assert checkins(office)[0] == (code, "VALID", officers[GATE_OFFICER.nip].id)
    kinds = auth_kinds(office)
    assert kinds.index(AuthKind.SIGN_IN) < kinds.index(AuthKind.IDLE_LOCK) < kinds.index(AuthKind.UNLOCK)


def test_sign_out_closes_the_gate(gate, scenario, office, qtbot):
    sign_in(qtbot, gate, GATE_OFFICER)
    badge = gate.header.findChild(OfficerBadge)
    assert "Keluar" in badge.sign_out_button.text()
    qtbot.mouseClick(badge.sign_out_button, Qt.MouseButton.LeftButton)
    assert not gate.admitting and gate.actor is None
    gate.flow.submit_camera(scenario.codes[Decision.VALID])
    qtbot.wait(200)
    assert checkins(office) == []
    qtbot.waitUntil(lambda: AuthKind.SIGN_OUT in auth_kinds(office), timeout=5000)


def test_without_officers_the_gate_opens_at_once_and_stays_unattributed(gate_config, tmp_path, qtbot):
    fresh = Database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")  # a fresh install: nobody registered
    fresh.upgrade()
    try:
        scenario = build_scenario(fresh, gate_config, background=0)
        runner = TaskRunner(fresh)
        window = GateWindow(gate_config, runner, None, clock=lambda: scenario.now, db=fresh,
                            sounds=SoundBoard(enabled=False), debouncer=SharedDebouncer(0.0))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.admitting, timeout=5000)
        assert window.actor is None
        type_code(qtbot, window, scenario.codes[Decision.VALID])
        qtbot.waitUntil(lambda: window.card.decision is Decision.VALID, timeout=8000)
        assert window.frame.session.actor is None and window.header.findChild(OfficerBadge).isHidden()
        window.close()
        runner.shutdown()
    finally:
        fresh.dispose()
