"""A supervisor's yes at the counter is for one ticket and the officer who asked: the dialog closes when the
window locks or the officer leaves, a yes that comes back after that is not used (and says so), a yes that finds
another action on its way is said too, a supervisor cannot approve their own action, and an authority for
another ticket is refused in the officer's words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.counter.actions import Act
from kiosk.counter.messages import AUTHORITY_BUSY, AUTHORITY_STALE
from shared.db.models import AuthEvent, CallEvent, Ticket
from shared.services import staff
from shared.services.staff import Action

from .conftest import COUNTER, SECOND, SUPERVISOR, sign_in


def _signed_in(qtbot, db, make_frame, officer=COUNTER):
    frame = make_frame(db)
    sign_in(qtbot, frame, officer)
    qtbot.waitUntil(lambda: frame.currentWidget() is frame.content)
    return frame, frame.content


def _last_waiting(db, prefix: str = "A") -> str:
    return db.run(lambda s: [t.number for t in s.scalars(select(Ticket).where(Ticket.status == "waiting")
                                                         .order_by(Ticket.id)) if t.number.startswith(prefix)][-1])


def _ask_for_call(qtbot, window, typed: str):
    """Type the number as an officer would and press "Panggil nomor": the supervisor dialog opens."""
    window.actions.number.clear()
    qtbot.keyClicks(window.actions.number, typed)
    qtbot.mouseClick(window.actions.buttons[Act.CALL_NUMBER], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.supervisor_dialog is not None and window.supervisor_dialog.isVisible())
    return window.supervisor_dialog


def _fill(qtbot, dialog, officer=SUPERVISOR, reason="applicant came back late") -> None:
    qtbot.keyClicks(dialog.nip_field, officer.nip)
    qtbot.keyClicks(dialog.pin_field, officer.pin)
    qtbot.keyClicks(dialog.reason_field, reason)


def _calls(db, number: str) -> list[str]:
    return db.run(lambda s: [e.kind for e in s.scalars(select(CallEvent).where(CallEvent.number == number))])


def _authorised(db) -> list[tuple[str, str]]:
    return db.run(lambda s: [(e.action, e.subject) for e in s.scalars(
        select(AuthEvent).where(AuthEvent.kind == "authorise").order_by(AuthEvent.id))])


def test_the_authority_names_the_ticket_as_the_service_sees_it(qtbot, staffed, make_frame):
    _frame, window = _signed_in(qtbot, staffed, make_frame)
    number = _last_waiting(staffed)  # e.g. "A-007", typed the short way: "a7"
    dialog = _ask_for_call(qtbot, window, f"{number[0].lower()}{int(number[2:])}")
    _fill(qtbot, dialog)
    with qtbot.waitSignal(window.action_finished, timeout=10_000):
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    assert window.panel.number.text() == number and _calls(staffed, number) == ["call_specific"]
    assert _authorised(staffed) == [(Action.CALL_OUT_OF_ORDER, number)]


def test_the_lock_closes_the_dialog_and_a_late_yes_is_not_used(qtbot, staffed, make_frame, config, clock):
    frame, window = _signed_in(qtbot, staffed, make_frame)
    number = _last_waiting(staffed)
    dialog = _ask_for_call(qtbot, window, number)
    frame.session.lock()
    assert not dialog.isVisible() and window.supervisor_dialog is None and dialog.cancelled
    # a yes given for the officer who asked, arriving after the lock (the check was under way): not used
    late = staff.authorise(staffed, config, SUPERVISOR.nip, SUPERVISOR.pin, Action.CALL_OUT_OF_ORDER,
                           "came back", "GATE-1", clock(), acting=dialog.acting, subject=number)
    dialog.on_authorised(late)
    assert window.message.text() == AUTHORITY_STALE.line() and not window.state.busy
    sign_in(qtbot, frame, COUNTER)  # back at the window: nothing was called meanwhile
    qtbot.waitUntil(lambda: frame.currentWidget() is frame.content)
    assert _calls(staffed, number) == []


def test_a_check_under_way_when_the_window_locks_calls_nobody(qtbot, staffed, make_frame):
    frame, window = _signed_in(qtbot, staffed, make_frame)
    number = _last_waiting(staffed)
    dialog = _ask_for_call(qtbot, window, number)
    _fill(qtbot, dialog)
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    frame.session.lock()  # before the answer comes back
    qtbot.waitUntil(lambda: _authorised(staffed) != [] and not dialog.checking, timeout=10_000)
    qtbot.wait(200)
    assert _calls(staffed, number) == [] and not window.state.busy


def test_a_sign_out_closes_the_dialog_and_a_late_yes_is_not_used(qtbot, staffed, make_frame, config, clock):
    frame, window = _signed_in(qtbot, staffed, make_frame)
    number = _last_waiting(staffed)
    dialog = _ask_for_call(qtbot, window, number)
    window.officer_badge.sign_out_button.click()  # the officer leaves with the dialog open
    assert not dialog.isVisible() and window.supervisor_dialog is None and frame.session.actor is None
    late = staff.authorise(staffed, config, SUPERVISOR.nip, SUPERVISOR.pin, Action.CALL_OUT_OF_ORDER,
                           "came back", "GATE-1", clock(), acting=dialog.acting, subject=number)
    dialog.on_authorised(late)
    assert window.message.text() == AUTHORITY_STALE.line() and _calls(staffed, number) == []


def test_the_next_shift_cannot_use_the_yes_given_to_the_one_before(qtbot, staffed, make_frame, config, clock):
    frame, window = _signed_in(qtbot, staffed, make_frame)
    number = _last_waiting(staffed)
    dialog = _ask_for_call(qtbot, window, number)
    frame.session.lock()
    frame.sign_in.change_link.click()  # "Ganti petugas / Change officer" on the lock screen
    sign_in(qtbot, frame, SECOND)  # the next shift
    qtbot.waitUntil(lambda: frame.session.actor is not None and frame.session.actor.nip == SECOND.nip)
    given = staff.authorise(staffed, config, SUPERVISOR.nip, SUPERVISOR.pin, Action.CALL_OUT_OF_ORDER,
                            "came back", "GATE-1", clock(), acting=dialog.acting, subject=number)
    dialog.on_authorised(given)
    assert window.message.text() == AUTHORITY_STALE.line() and _calls(staffed, number) == []


def test_a_yes_that_finds_another_action_on_its_way_says_so(qtbot, staffed, make_frame):
    _frame, window = _signed_in(qtbot, staffed, make_frame)
    number = _last_waiting(staffed)
    dialog = _ask_for_call(qtbot, window, number)
    _fill(qtbot, dialog)
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)  # the check is on the db lane
    window.actions.action_triggered.emit(Act.CALL_NEXT)  # F1 meanwhile: queued behind the check
    qtbot.waitUntil(lambda: window.panel.ticket_number is not None and not window.state.busy, timeout=10_000)
    called = window.panel.ticket_number
    assert called != number and _calls(staffed, number) == []
    assert window.message.text().startswith(f"Memanggil {called}")
    assert AUTHORITY_BUSY.id in window.message.text() and AUTHORITY_BUSY.en in window.message.text()


def test_a_supervisor_at_the_counter_cannot_approve_their_own_call(qtbot, staffed, make_frame):
    _frame, window = _signed_in(qtbot, staffed, make_frame, officer=SUPERVISOR)
    number = _last_waiting(staffed)
    dialog = _ask_for_call(qtbot, window, number)
    _fill(qtbot, dialog)
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.checking and dialog.refusal is not None, timeout=10_000)
    assert "tidak boleh menyetujui tindakannya sendiri" in dialog.refusal.id and dialog.isVisible()
    assert _calls(staffed, number) == [] and _authorised(staffed) == []


def test_an_authority_for_another_ticket_is_refused_in_words(qtbot, staffed, make_frame, config, clock):
    _frame, window = _signed_in(qtbot, staffed, make_frame)
    number = _last_waiting(staffed)
    other = _last_waiting(staffed, "B")
    dialog = _ask_for_call(qtbot, window, number)
    elsewhere = staff.authorise(staffed, config, SUPERVISOR.nip, SUPERVISOR.pin, Action.CALL_OUT_OF_ORDER,
                                "came back", "GATE-1", clock(), acting=dialog.acting, subject=other)
    dialog.reject()
    with qtbot.waitSignal(window.action_finished, timeout=10_000):
        dialog.on_authorised(elsewhere)  # the window's own hand-off, with a yes given for another ticket
    assert f"untuk {other}, bukan {number}" in window.message.text()
    assert f"is for {other}, not {number}" in window.message.text()
    assert _calls(staffed, number) == []
