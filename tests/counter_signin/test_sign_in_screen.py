"""The counter opens on the sign-in screen: who may sign in, and what a refused officer reads in the window."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from shared.db.models import AuthEvent
from shared.palette import Level

from .conftest import COUNTER, DISABLED, GATE, SECOND, sign_in


def _kinds(db) -> list[tuple[str, str]]:
    return db.run(lambda s: [(e.kind, e.nip) for e in s.scalars(select(AuthEvent).order_by(AuthEvent.id))
                             if e.kind not in ("staff_add", "staff_disable")])


def _strip(frame) -> str:
    return frame.sign_in.message.text()


def test_the_window_opens_on_sign_in_and_a_counter_officer_gets_in(qtbot, staffed, make_frame):
    frame = make_frame(staffed)
    assert frame.currentWidget() is frame.sign_in and frame.session.actor is None
    assert "Loket 1" in frame.sign_in.place_label.text() and "Counter officer" in frame.sign_in.role_label.text()
    sign_in(qtbot, frame, COUNTER)
    qtbot.waitUntil(lambda: frame.currentWidget() is frame.content)
    window = frame.content
    assert frame.session.actor.name == COUNTER.name
    assert COUNTER.name in window.officer_badge.name.text() and window.officer_badge.isVisible()
    assert frame.sign_in.pin.text() == "" and _kinds(staffed)[-1] == ("sign_in", COUNTER.nip)


def test_enter_in_the_nip_moves_to_the_pin_like_the_card_scanner_does(qtbot, staffed, make_frame):
    from PySide6.QtCore import Qt

    frame = make_frame(staffed)
    frame.activateWindow()
    screen = frame.sign_in
    screen.nip.setFocus()
    qtbot.keyClicks(screen.nip, COUNTER.nip)
    qtbot.keyClick(screen.nip, Qt.Key.Key_Return)  # the hand scanner ends the card's digits with Enter
    qtbot.waitUntil(screen.pin.hasFocus, timeout=2_000)
    qtbot.keyClicks(screen.pin, "12ab34x5678")  # digits only, six at most
    assert screen.pin.text() == "123456"


def test_a_wrong_pin_shows_the_tries_left_and_clears_the_pin(qtbot, staffed, make_frame, config):
    frame = make_frame(staffed)
    sign_in(qtbot, frame, COUNTER, pin="000000")
    left = config.staff.lockout_attempts - 1
    assert f"sisa {left} kali" in _strip(frame) and f"{left} tries left" in _strip(frame)
    assert frame.sign_in.message.level is Level.ERROR and frame.sign_in.pin.text() == ""
    assert frame.currentWidget() is frame.sign_in and frame.session.actor is None
    assert frame.sign_in.nip.text() == COUNTER.nip  # only the PIN is typed again
    sign_in(qtbot, frame, COUNTER, pin="000001")
    assert f"sisa {left - 1} kali" in _strip(frame)


def test_lock_out_after_the_limit_and_its_end(qtbot, staffed, make_frame, config, clock):
    frame = make_frame(staffed)
    for _ in range(config.staff.lockout_attempts):
        sign_in(qtbot, frame, COUNTER, pin="999999")
    until = (clock() + timedelta(minutes=config.staff.lockout_minutes)).strftime("%H:%M")
    assert f"terkunci {config.staff.lockout_minutes} menit, sampai pukul {until}" in _strip(frame)
    sign_in(qtbot, frame, COUNTER)  # the right PIN while locked out: still refused
    assert f"coba lagi pukul {until}" in _strip(frame) and f"try again at {until}" in _strip(frame)
    assert frame.session.actor is None
    clock.advance(config.staff.lockout_minutes + 1)
    sign_in(qtbot, frame, COUNTER)
    qtbot.waitUntil(lambda: frame.session.actor is not None)
    assert ("locked_out", COUNTER.nip) in _kinds(staffed)


def test_disabled_unknown_and_malformed_are_refused_with_their_reason(qtbot, staffed, make_frame):
    frame = make_frame(staffed)
    sign_in(qtbot, frame, DISABLED)
    assert f"{DISABLED.name} dinonaktifkan" in _strip(frame) and "is disabled" in _strip(frame)
    unknown = "198001012005011999"
    sign_in(qtbot, frame, nip=unknown, pin="123456")
    assert f"NIP {unknown} tidak terdaftar" in _strip(frame) and "is not registered" in _strip(frame)
    sign_in(qtbot, frame, nip="12345", pin="123456")
    assert "NIP harus 18 angka" in _strip(frame) and "A NIP is 18 digits" in _strip(frame)
    sign_in(qtbot, frame, COUNTER, pin="1234")
    assert "PIN harus 6 angka" in _strip(frame) and "A PIN is 6 digits" in _strip(frame)
    assert frame.session.actor is None
    assert [k for k, _ in _kinds(staffed)] == ["sign_in_failed"] * 4  # every attempt is a row


def test_an_empty_nip_is_asked_for_without_a_database_row(qtbot, staffed, make_frame):
    frame = make_frame(staffed)
    sign_in(qtbot, frame, nip="", pin="123456")
    assert "Isi NIP dulu" in _strip(frame) and _kinds(staffed) == []


def test_a_gate_only_officer_is_refused_at_the_counter(qtbot, staffed, make_frame):
    frame = make_frame(staffed)
    sign_in(qtbot, frame, GATE)
    assert f"{GATE.name} bukan petugas loket" in _strip(frame) and "is not a counter officer" in _strip(frame)
    assert frame.currentWidget() is frame.sign_in and frame.session.actor is None
    kinds = [k for k, nip in _kinds(staffed) if nip == GATE.nip]
    assert kinds[-1] == "wrong_role" and "sign_in_failed" not in kinds  # the right PIN, the wrong role


def test_sign_out_returns_to_the_sign_in_screen_and_the_next_officer_signs_in(qtbot, staffed, make_frame):
    from PySide6.QtCore import Qt

    frame = make_frame(staffed)
    sign_in(qtbot, frame, COUNTER)
    qtbot.waitUntil(lambda: frame.currentWidget() is frame.content)
    qtbot.mouseClick(frame.content.officer_badge.sign_out_button, Qt.MouseButton.LeftButton)
    assert frame.currentWidget() is frame.sign_in and frame.session.actor is None
    assert frame.sign_in.nip.isVisibleTo(frame.sign_in) and frame.sign_in.nip.text() == ""
    sign_in(qtbot, frame, SECOND)
    qtbot.waitUntil(lambda: frame.session.actor is not None and frame.session.actor.name == SECOND.name)
    qtbot.waitUntil(lambda: ("sign_out", COUNTER.nip) in _kinds(staffed))


def test_a_fresh_install_without_officers_opens_the_counter_at_once(qtbot, db, config, make_frame):
    from ..counter.conftest import seed_tickets

    seed_tickets(db, config)
    frame = make_frame(db)
    qtbot.waitUntil(lambda: frame.currentWidget() is frame.content)
    assert frame.sign_in_required is False and frame.session.actor is None
    assert not frame.content.officer_badge.isVisibleTo(frame.content)
