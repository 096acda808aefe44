"""The idle lock lies over the counter without touching the queue; the same officer unlocks, or the next shift
signs in and carries on with the ticket being served."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.counter.actions import Act
from shared.db.models import AuthEvent, CallEvent, Station
from shared.services import board, stations
from shared.services.signed_in import officer_name

from .conftest import COUNTER, SECOND, sign_in

IDLE_MS = 300


def _press(qtbot, window, act) -> None:
    from PySide6.QtCore import Qt

    with qtbot.waitSignal(window.action_finished, timeout=10_000):
        qtbot.mouseClick(window.actions.buttons[act], Qt.MouseButton.LeftButton)


def _signed_in_window(qtbot, db, make_frame, **kw):
    frame = make_frame(db, **kw)
    sign_in(qtbot, frame, COUNTER)
    qtbot.waitUntil(lambda: frame.currentWidget() is frame.content)
    return frame, frame.content


def _auth_kinds(db) -> list[tuple[str, str]]:
    return db.run(lambda s: [(e.kind, e.nip) for e in s.scalars(select(AuthEvent).order_by(AuthEvent.id))])


def test_idle_lock_keeps_the_served_ticket_and_the_board(qtbot, staffed, make_frame, config, clock):
    frame, window = _signed_in_window(qtbot, staffed, make_frame, idle_ms=IDLE_MS)
    _press(qtbot, window, Act.CALL_NEXT)
    serving = window.panel.number.text()
    board_before = staffed.read(board.read_board, config, clock().date(), 0)
    qtbot.waitUntil(lambda: frame.session.is_locked, timeout=5_000)  # nobody touched anything
    assert frame.currentWidget() is frame.sign_in
    assert f"Terkunci — {COUNTER.name}" in frame.sign_in.title.text() and not frame.sign_in.nip.isVisibleTo(frame)
    assert frame.session.actor.name == COUNTER.name  # still signed in: locked, not signed out
    with qtbot.waitSignal(window.snapshot_applied, timeout=10_000):
        window.refresh()  # the window's reads go on underneath
    assert window.panel.number.text() == serving and window.state.has_current
    assert staffed.read(board.read_board, config, clock().date(), 0) == board_before
    qtbot.waitUntil(lambda: ("idle_lock", COUNTER.nip) in _auth_kinds(staffed))


def test_the_same_officer_unlocks_with_the_pin_alone(qtbot, staffed, make_frame):
    frame, window = _signed_in_window(qtbot, staffed, make_frame, idle_ms=IDLE_MS)
    qtbot.waitUntil(lambda: frame.session.is_locked, timeout=5_000)
    sign_in(qtbot, frame, pin="111111")  # a wrong PIN on the lock screen: refused, still locked
    assert "PIN salah" in frame.sign_in.message.text() and frame.session.is_locked
    frame.session.set_idle_ms(60_000)
    sign_in(qtbot, frame, COUNTER)
    qtbot.waitUntil(lambda: frame.currentWidget() is window)
    assert not frame.session.is_locked and frame.session.actor.name == COUNTER.name
    qtbot.waitUntil(lambda: ("unlock", COUNTER.nip) in _auth_kinds(staffed))


def test_activity_keeps_the_window_unlocked(qtbot, staffed, make_frame):
    from PySide6.QtCore import Qt

    frame, window = _signed_in_window(qtbot, staffed, make_frame, idle_ms=600)
    for _ in range(6):  # 1.2 s of typing, each key well inside the idle time
        qtbot.keyClick(window.actions.number, Qt.Key.Key_A)
        qtbot.wait(200)
    assert not frame.session.is_locked
    qtbot.waitUntil(lambda: frame.session.is_locked, timeout=5_000)


def test_a_shift_change_keeps_the_ticket_and_the_next_call_names_the_new_officer(qtbot, staffed, make_frame,
                                                                                  clock):
    frame, window = _signed_in_window(qtbot, staffed, make_frame, idle_ms=IDLE_MS)
    _press(qtbot, window, Act.CALL_NEXT)
    serving = window.panel.number.text()
    qtbot.waitUntil(lambda: frame.session.is_locked, timeout=5_000)
    frame.session.set_idle_ms(60_000)
    qtbot.mouseClick(frame.sign_in.change_link, _left())  # "Ganti petugas / Change officer"
    assert frame.sign_in.nip.isVisibleTo(frame) and "Ganti petugas" in frame.sign_in.title.text()
    sign_in(qtbot, frame, SECOND)
    qtbot.waitUntil(lambda: frame.currentWidget() is window)
    assert frame.session.actor.name == SECOND.name and SECOND.name in window.officer_badge.name.text()
    assert window.panel.number.text() == serving  # the ticket being served stays at the loket
    clock.advance(1)
    _press(qtbot, window, Act.DONE)
    _press(qtbot, window, Act.CALL_NEXT)
    calls = staffed.run(lambda s: [(e.number, e.officer_id) for e in s.scalars(select(CallEvent).order_by(CallEvent.id))])
    first_officer, second_officer = calls[0][1], calls[-1][1]
    assert calls[0][0] == serving and calls[-1][0] != serving
    assert staffed.run(officer_name, first_officer) == COUNTER.name
    assert staffed.run(officer_name, second_officer) == SECOND.name
    kinds = _auth_kinds(staffed)
    assert ("sign_out", COUNTER.nip) in kinds and ("sign_in", SECOND.nip) in kinds


def test_the_station_names_the_officer_signed_in(qtbot, staffed, make_frame, config, clock):
    claim = staffed.run(stations.claim_station, config.station.name, "counter", "pc-a", 4242, clock())
    frame, window = _signed_in_window(qtbot, staffed, make_frame, claims=[claim])
    holder = lambda: staffed.run(lambda s: s.scalars(select(Station.officer_id)).one())  # noqa: E731
    qtbot.waitUntil(lambda: staffed.run(officer_name, holder()) == COUNTER.name, timeout=5_000)
    qtbot.mouseClick(window.officer_badge.sign_out_button, _left())
    qtbot.waitUntil(lambda: holder() is None, timeout=5_000)


def _left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
