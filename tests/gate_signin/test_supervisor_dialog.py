"""The supervisor dialog on its own: real officers in a real database, the check on the db lane, refusals shown
inside the dialog, the authority handed back only for a supervisor's NIP, PIN and reason."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QWidget
from sqlalchemy import select

from shared.db.models import AuthEvent
from shared.qt.auth.supervisor_dialog import SupervisorDialog, ask_supervisor
from shared.services import staff
from shared.services.staff import Action, AuthKind
from shared.text import Text

from .conftest import BOTH, COUNTER_OFFICER, GATE_OFFICER, SUPERVISOR, Person, supervisor_says


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    return widget


@pytest.fixture
def ask(parent, office, office_runner, gate_config, clock, officers):
    given: list[staff.Authority] = []

    def open_dialog(action: Action = Action.LATE_ADMISSION, reason: str = "", acting_person=GATE_OFFICER
                    ) -> SupervisorDialog:
        acting = staff.actor_of(officers[acting_person.nip])
        return ask_supervisor(parent, office_runner, office, gate_config, action, "GATE-1", acting, given.append,
                              reason=reason, subject=Text("Kode booking T9XB3KFA", "Booking code T9XB3KFA"),
                              clock=clock, target="t9xb3kfa")

    open_dialog.given = given
    return open_dialog


def auth_rows(db) -> list[tuple[str, str, str | None]]:
    with db.sessions() as s:
        return [(r.kind, r.detail, r.reason) for r in s.scalars(select(AuthEvent).order_by(AuthEvent.id))
                if r.kind in (AuthKind.AUTHORISE, AuthKind.AUTHORISE_FAILED, AuthKind.WRONG_ROLE)]


def authorised_rows(db) -> list[tuple[str, str, int | None]]:
    with db.sessions() as s:
        return [(r.subject, r.action, r.officer_id) for r in s.scalars(
            select(AuthEvent).where(AuthEvent.kind == AuthKind.AUTHORISE))]


@pytest.mark.parametrize("office", BOTH, indirect=True)
def test_wrong_pin_then_not_a_supervisor_then_the_supervisor(ask, qtbot, office, officers):
    dialog = ask()
    assert dialog.isVisible() and dialog.windowModality() is not None
    assert "Izin masuk terlambat" in dialog.heading.text() and "Late admission" in dialog.heading.text()
    assert "T9XB3KFA" in dialog.subject.text()
    assert dialog.pin_field.echoMode() is QLineEdit.EchoMode.Password

    wrong = Person(SUPERVISOR.nip, "000000", SUPERVISOR.name, SUPERVISOR.roles)
    supervisor_says(qtbot, dialog, wrong, "Bus dari Sukadana terlambat", wait_refusal=True)
    assert "sisa 4 kali" in dialog.refusal.id and "4 tries left" in dialog.refusal.en
    assert "sisa 4 kali" in dialog.message.text() and dialog.pin_field.text() == ""
    assert dialog.isVisible() and ask.given == []

    supervisor_says(qtbot, dialog, COUNTER_OFFICER, wait_refusal=True)  # the reason stays typed
    assert "bukan supervisor" in dialog.refusal.id and "is not a supervisor" in dialog.refusal.en
    assert dialog.isVisible() and ask.given == []

    supervisor_says(qtbot, dialog, SUPERVISOR)
    qtbot.waitUntil(lambda: ask.given != [], timeout=5000)
    authority = ask.given[0]
    assert (authority.action, authority.nip, authority.reason) == (
        Action.LATE_ADMISSION, SUPERVISOR.nip, "Bus dari Sukadana terlambat")
    assert authority.supervisor_id == officers[SUPERVISOR.nip].id
    assert authority.subject == "T9XB3KFA"  # bound to the booking and to the gate officer who asked
    assert authorised_rows(office) == [("T9XB3KFA", Action.LATE_ADMISSION, officers[GATE_OFFICER.nip].id)]
    assert dialog.authority == authority and not dialog.cancelled  # closed (and released) on the yes
    kinds = [kind for kind, _, _ in auth_rows(office)]
    assert kinds == [AuthKind.AUTHORISE_FAILED, AuthKind.WRONG_ROLE, AuthKind.AUTHORISE]
    assert all(SUPERVISOR.pin not in str(row) for row in auth_rows(office))


def test_the_reason_is_required_before_anything_is_checked(ask, qtbot, office):
    dialog = ask(Action.REPRINT)
    assert "Cetak ulang karcis" in dialog.heading.text()
    supervisor_says(qtbot, dialog, SUPERVISOR, "ok")
    assert dialog.refusal is not None and "alasan" in dialog.refusal.id.lower()
    assert dialog.reason_field.hasFocus() or dialog.focusWidget() is dialog.reason_field
    assert not dialog.checking and auth_rows(office) == []  # nothing asked of the database yet
    assert dialog.pin_field.text() == ""


def test_a_lock_out_is_shown_with_its_end(ask, qtbot, office, gate_config):
    dialog = ask(reason="Terlambat karena banjir")
    wrong = Person(SUPERVISOR.nip, "999999", SUPERVISOR.name, SUPERVISOR.roles)
    for _ in range(gate_config.staff.lockout_attempts):
        supervisor_says(qtbot, dialog, wrong, wait_refusal=True)
    assert "terkunci" in dialog.refusal.id and "locked" in dialog.refusal.en
    supervisor_says(qtbot, dialog, SUPERVISOR, wait_refusal=True)  # the right PIN, but locked now
    assert "Terkunci" in dialog.refusal.id and ask.given == []


def test_cancel_gives_nothing_and_a_scanned_nip_moves_on_to_the_pin(ask, qtbot):
    dialog = ask(reason="Bus terlambat")
    qtbot.keyClicks(dialog.nip_field, SUPERVISOR.nip)
    qtbot.keyClick(dialog.nip_field, "\r")
    assert dialog.focusWidget() is dialog.pin_field
    dialog.reject()
    assert dialog.cancelled and ask.given == []


def test_a_supervisor_cannot_authorise_their_own_action(ask, qtbot, office):
    dialog = ask(reason="Bus dari Sukadana terlambat", acting_person=SUPERVISOR)  # signed in at the gate
    supervisor_says(qtbot, dialog, SUPERVISOR, wait_refusal=True)
    assert "tidak boleh menyetujui tindakannya sendiri" in dialog.refusal.id
    assert "cannot authorise their own action" in dialog.refusal.en
    assert dialog.isVisible() and ask.given == [] and authorised_rows(office) == []
