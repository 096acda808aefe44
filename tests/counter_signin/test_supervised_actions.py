"""Calling out of order, re-opening a no-show and voiding a ticket need a supervisor's NIP and PIN at the counter:
the supervisor's dialog opens, and the action carries the officer and the supervisor; without a supervisor it is
refused."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.counter.actions import Act
from shared.db.models import CallEvent, QueueEvent, Ticket

from .conftest import COUNTER, SECOND, SUPERVISOR, sign_in


def _signed_in(qtbot, db, make_frame, officer=COUNTER):
    frame = make_frame(db)
    sign_in(qtbot, frame, officer)
    qtbot.waitUntil(lambda: frame.currentWidget() is frame.content)
    return frame.content


def _type_number(qtbot, window, number: str) -> None:
    window.actions.number.clear()
    qtbot.keyClicks(window.actions.number, number)


def _approve(qtbot, window, officer=SUPERVISOR, reason="applicant came back late", finish=True) -> None:
    """Fill the supervisor's dialog the window opened and press "Setujui"."""
    qtbot.waitUntil(lambda: window.supervisor_dialog is not None and window.supervisor_dialog.isVisible())
    dialog = window.supervisor_dialog
    qtbot.keyClicks(dialog.nip_field, officer.nip)
    qtbot.keyClicks(dialog.pin_field, officer.pin)
    qtbot.keyClicks(dialog.reason_field, reason)
    if finish:
        with qtbot.waitSignal(window.action_finished, timeout=10_000):
            qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.checking and dialog.refusal is not None, timeout=10_000)


def _press(qtbot, window, act) -> None:
    qtbot.mouseClick(window.actions.buttons[act], Qt.MouseButton.LeftButton)


def _waiting_numbers(db) -> list[str]:
    return db.run(lambda s: [t.number for t in s.scalars(select(Ticket).where(Ticket.status == "waiting")
                                                         .order_by(Ticket.id))])


def _ids(db, number: str):
    return db.run(lambda s: [(e.kind, e.officer_id, e.supervisor_id) for e in s.scalars(
        select(CallEvent).where(CallEvent.number == number))])


def test_call_out_of_order_with_a_supervisor(qtbot, staffed, make_frame):
    window = _signed_in(qtbot, staffed, make_frame)
    number = [n for n in _waiting_numbers(staffed) if n.startswith("A")][-1]  # the last of Paspor Baru
    _type_number(qtbot, window, number)
    _press(qtbot, window, Act.CALL_NUMBER)
    _approve(qtbot, window)
    assert window.panel.number.text() == number and window.actions.number.text() == ""
    [(kind, officer_id, supervisor_id)] = _ids(staffed, number)
    assert kind == "call_specific" and officer_id is not None and supervisor_id is not None
    assert officer_id != supervisor_id


def test_a_counter_officer_cannot_authorise_and_cancel_does_nothing(qtbot, staffed, make_frame):
    window = _signed_in(qtbot, staffed, make_frame)
    number = [n for n in _waiting_numbers(staffed) if n.startswith("A")][-1]
    _type_number(qtbot, window, number)
    _press(qtbot, window, Act.CALL_NUMBER)
    _approve(qtbot, window, officer=SECOND, finish=False)
    dialog = window.supervisor_dialog
    assert "bukan supervisor" in dialog.refusal.id and dialog.pin_field.text() == ""
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not window.state.busy and _ids(staffed, number) == [] and number in _waiting_numbers(staffed)


def test_reopen_a_no_show_and_void_a_ticket_with_a_supervisor(qtbot, staffed, make_frame):
    window = _signed_in(qtbot, staffed, make_frame)
    with qtbot.waitSignal(window.action_finished, timeout=10_000):
        _press(qtbot, window, Act.CALL_NEXT)
    missing = window.panel.number.text()
    with qtbot.waitSignal(window.action_finished, timeout=10_000):
        _press(qtbot, window, Act.NO_SHOW)
    _type_number(qtbot, window, missing)
    _press(qtbot, window, Act.REOPEN)
    _approve(qtbot, window, reason="came back with the documents")
    assert missing in _waiting_numbers(staffed) and "menunggu lagi" in window.message.text()
    victim = _waiting_numbers(staffed)[-1]
    _type_number(qtbot, window, victim)
    _press(qtbot, window, Act.VOID)
    _approve(qtbot, window, reason="duplicate ticket")
    assert "dibatalkan" in window.message.text()
    status = staffed.run(lambda s: s.scalar(select(Ticket.status).where(Ticket.number == victim)))
    assert status == "voided"
    events = staffed.run(lambda s: [(e.kind, e.officer_id is not None, e.supervisor_id is not None)
                                    for e in s.scalars(select(QueueEvent).where(QueueEvent.kind.in_(["reopen", "void"])))])
    assert sorted(events) == [("reopen", True, True), ("void", True, True)]


def test_without_a_supervisor_the_service_refuses(qtbot, staffed, config, make_frame):
    """No dialog to ask (the window was given no database): the action goes without authority and is refused,
    in the officer's words."""
    frame = make_frame(staffed)
    sign_in(qtbot, frame, COUNTER)
    qtbot.waitUntil(lambda: frame.currentWidget() is frame.content)
    window = frame.content
    window.db = None
    number = _waiting_numbers(staffed)[-1]
    for act, words in ((Act.CALL_NUMBER, "panggil di luar urutan"), (Act.VOID, "batalkan karcis"),
                       (Act.REOPEN, "buka lagi")):
        _type_number(qtbot, window, number)
        with qtbot.waitSignal(window.action_finished, timeout=10_000):
            _press(qtbot, window, act)
        assert "perlu NIP dan PIN supervisor" in window.message.text(), window.message.text()
        assert words in window.message.text().lower()
    assert number in _waiting_numbers(staffed)
