"""A supervisor at the gate, end to end: the real window inside its sign-in frame, real officers, the supervisor
dialog, the check-in on the db lane and the tickets on the loopback printer; the rows say who did what."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from shared.db.models import AuthEvent, CheckinEvent, PrintJob, Ticket
from shared.domain import Decision
from shared.services import staff
from shared.services.staff import Action, AuthKind

from .conftest import (
    BOTH,
    COUNTER_OFFICER,
    GATE_OFFICER,
    SUPERVISOR,
    Person,
    printed_numbers,
    sign_in,
    supervisor_says,
    type_code,
)

REASON = "Bus dari Sukadana terlambat karena banjir"


def checkins(db, code: str) -> list[tuple[str, int | None, int | None, str | None]]:
    with db.sessions() as s:
        rows = s.scalars(select(CheckinEvent).where(CheckinEvent.code == code).order_by(CheckinEvent.at))
        return [(r.result, r.officer_id, r.supervisor_id, r.override_reason) for r in rows]


def print_jobs_of(db, numbers: list[str]) -> list[tuple[str, str, int | None, int | None]]:
    with db.sessions() as s:
        rows = s.execute(select(Ticket.number, PrintJob.status, PrintJob.officer_id, PrintJob.supervisor_id)
                         .join(PrintJob, PrintJob.ticket_id == Ticket.id).where(Ticket.number.in_(numbers))
                         .order_by(PrintJob.id)).all()
        return [tuple(r) for r in rows]


def authorised(db) -> list[tuple[str, str, int | None]]:
    """What each supervisor's yes was for: (action, subject, the officer it was given to)."""
    with db.sessions() as s:
        return [(r.action, r.subject, r.officer_id) for r in s.scalars(
            select(AuthEvent).where(AuthEvent.kind == AuthKind.AUTHORISE).order_by(AuthEvent.id))]


def wait_decision(qtbot, gate, decision: Decision, before: int) -> None:
    qtbot.waitUntil(lambda: len(gate.recent.rows) > before, timeout=8000)
    assert gate.card.decision is decision, gate.card.result


@pytest.mark.parametrize("office", BOTH, indirect=True)
def test_a_late_applicant_is_admitted_only_with_a_supervisors_pin(gate, scenario, officers, office, loopback, qtbot):
    assert not gate.admitting  # officers are registered: the gate opens on the sign-in screen
    sign_in(qtbot, gate, GATE_OFFICER)
    officer_id, supervisor_id = officers[GATE_OFFICER.nip].id, officers[SUPERVISOR.nip].id
    code = scenario.codes[Decision.TOO_LATE]
    type_code(qtbot, gate, code)
    wait_decision(qtbot, gate, Decision.TOO_LATE, 0)

    qtbot.mouseClick(gate.card.override_button, Qt.MouseButton.LeftButton)
    dialog = gate.dialog
    assert dialog is not None and dialog.isVisible() and code in dialog.subject.text()
    wrong = Person(SUPERVISOR.nip, "000000", SUPERVISOR.name, SUPERVISOR.roles)
    supervisor_says(qtbot, dialog, wrong, REASON, wait_refusal=True)
    assert "sisa 4 kali" in dialog.message.text() and "4 tries left" in dialog.message.text()
    supervisor_says(qtbot, dialog, COUNTER_OFFICER, wait_refusal=True)
    assert "bukan supervisor" in dialog.message.text()
    assert gate.card.decision is Decision.TOO_LATE and printed_numbers(loopback) == []  # still nobody in

    supervisor_says(qtbot, dialog, SUPERVISOR)
    qtbot.waitUntil(lambda: gate.card.decision is Decision.VALID, timeout=8000)
    assert gate.dialog is None
    qtbot.waitUntil(lambda: printed_numbers(loopback) == ["B-001"], timeout=8000)
    assert checkins(office, code) == [("TOO_LATE", officer_id, None, None),
                                      ("VALID", officer_id, supervisor_id, REASON)]
    assert authorised(office) == [(Action.LATE_ADMISSION, gate.card.result.booking.code, officer_id)]
    qtbot.waitUntil(lambda: [s for _, s, _, _ in print_jobs_of(office, ["B-001"])] == ["printed"], timeout=8000)
    assert print_jobs_of(office, ["B-001"]) == [("B-001", "printed", officer_id, None)]


def test_a_second_copy_of_a_printed_ticket_needs_a_supervisor(gate, scenario, officers, office, loopback, qtbot):
    sign_in(qtbot, gate, GATE_OFFICER)
    code, family = scenario.codes[Decision.VALID], ["A-003", "B-001", "P-001"]
    type_code(qtbot, gate, code)
    wait_decision(qtbot, gate, Decision.VALID, 0)
    qtbot.waitUntil(lambda: sorted(printed_numbers(loopback)) == family, timeout=8000)
    qtbot.waitUntil(lambda: all("Tercetak" in s for s in gate.card.print_states.values()), timeout=8000)

    type_code(qtbot, gate, code)  # the family comes back: "print it again"
    wait_decision(qtbot, gate, Decision.ALREADY_CHECKED_IN, 1)
    qtbot.mouseClick(gate.card.reprint_button, Qt.MouseButton.LeftButton)
    dialog = gate.dialog
    assert dialog is not None and "Cetak ulang karcis" in dialog.heading.text() and "A-003" in dialog.subject.text()
    qtbot.wait(300)
    assert len(printed_numbers(loopback)) == 3  # nothing printed without the supervisor

    supervisor_says(qtbot, dialog, SUPERVISOR, "Karcis hilang di ruang tunggu")
    qtbot.waitUntil(lambda: len(printed_numbers(loopback)) == 6, timeout=8000)
    officer_id, supervisor_id = officers[GATE_OFFICER.nip].id, officers[SUPERVISOR.nip].id
    qtbot.waitUntil(lambda: all(s == "printed" for _, s, _, _ in print_jobs_of(office, family)), timeout=8000)
    jobs = print_jobs_of(office, family)
    assert sorted(j for j in jobs if j[3] is None) == [(n, "printed", officer_id, None) for n in family]
    assert sorted(j for j in jobs if j[3] is not None) == [(n, "printed", officer_id, supervisor_id) for n in family]
    assert authorised(office) == [(Action.REPRINT, gate.card.result.booking.code, officer_id)]  # one for the family


def test_tickets_that_never_printed_print_without_a_supervisor(gate, scenario, officers, office, loopback, qtbot):
    sign_in(qtbot, gate, GATE_OFFICER)
    type_code(qtbot, gate, scenario.codes[Decision.ALREADY_CHECKED_IN])  # checked in at GATE-2, never printed
    wait_decision(qtbot, gate, Decision.ALREADY_CHECKED_IN, 0)
    qtbot.mouseClick(gate.card.reprint_button, Qt.MouseButton.LeftButton)
    assert gate.dialog is None
    qtbot.waitUntil(lambda: sorted(printed_numbers(loopback)) == ["A-001", "A-002"], timeout=8000)
    officer_id = officers[GATE_OFFICER.nip].id
    qtbot.waitUntil(lambda: len(print_jobs_of(office, ["A-001", "A-002"])) == 2, timeout=8000)
    assert {(j[2], j[3]) for j in print_jobs_of(office, ["A-001", "A-002"])} == {(officer_id, None)}


def test_the_lock_screen_closes_an_open_supervisor_dialog(make_gate, scenario, qtbot):
    gate = make_gate()
    sign_in(qtbot, gate, GATE_OFFICER)
    type_code(qtbot, gate, scenario.codes[Decision.TOO_LATE])
    wait_decision(qtbot, gate, Decision.TOO_LATE, 0)
    qtbot.mouseClick(gate.card.override_button, Qt.MouseButton.LeftButton)
    assert gate.dialog is not None
    gate.frame.session.lock()
    assert not gate.admitting and gate.dialog is None
    assert gate.card.decision is None  # the applicant's names are not left behind the lock screen


def test_an_authority_for_another_booking_is_refused_on_the_card(gate, scenario, office, gate_config, clock,
                                                                    loopback, qtbot):
    sign_in(qtbot, gate, GATE_OFFICER)
    code, other = scenario.codes[Decision.TOO_LATE], scenario.codes[Decision.VALID]
    type_code(qtbot, gate, code)
    wait_decision(qtbot, gate, Decision.TOO_LATE, 0)
    booking = gate.card.result.booking.code
    elsewhere = staff.authorise(office, gate_config, SUPERVISOR.nip, SUPERVISOR.pin, Action.LATE_ADMISSION,
                                REASON, "GATE-1", clock(), acting=gate.actor, subject=other)
    gate.flow.override(code, elsewhere)
    qtbot.waitUntil(lambda: gate.card.error is not None, timeout=8000)
    assert f"untuk {staff.subject_key(other)}, bukan {booking}" in gate.card.error.id
    assert f"is for {staff.subject_key(other)}, not {booking}" in gate.card.error.en
    assert [r for r, *_ in checkins(office, code)] == ["TOO_LATE"] and printed_numbers(loopback) == []


def test_a_scan_refused_as_unattributed_brings_the_sign_in_screen(make_gate, scenario, office, qtbot):
    """The gate opened before anyone was registered (no sign-in); officers exist now: the first scan is refused
    for want of an officer, and the gate asks who is there."""
    gate = make_gate(require_sign_in=False)
    qtbot.waitUntil(lambda: gate.admitting, timeout=5000)
    assert gate.actor is None
    type_code(qtbot, gate, scenario.codes[Decision.VALID])
    qtbot.waitUntil(lambda: not gate.admitting, timeout=8000)
    assert gate.frame.currentWidget() is gate.frame.sign_in and gate.card.error is not None
    assert staff.UNATTRIBUTED.id in gate.card.error.id
    assert checkins(office, scenario.codes[Decision.VALID]) == []  # nothing stored, nobody admitted
    sign_in(qtbot, gate, GATE_OFFICER)
    type_code(qtbot, gate, scenario.codes[Decision.VALID])
    qtbot.waitUntil(lambda: gate.card.decision is Decision.VALID, timeout=8000)
