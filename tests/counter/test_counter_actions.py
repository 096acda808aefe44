"""Every counter action through the real buttons and function keys, on a real database of checked-in tickets."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from kiosk.counter.actions import Act
from shared.palette import Level
from shared.services import counter_ops
from shared.services.status import recent_calls
from shared.services.tickets import find_ticket

DAY = date(2026, 11, 28)
ACTS_NEEDING_A_TICKET = (Act.RECALL, Act.NO_SHOW, Act.DONE, Act.TRANSFER)


def _ticket(db, number: str) -> tuple[str, str]:
    def read(session):
        ticket = find_ticket(session, DAY, number)
        return ticket.status, ticket.service_prefix

    return db.run(read)


def _calls(db, config) -> list[tuple[str, str, str]]:
    return [(c.number, c.counter_name, c.kind) for c in db.run(recent_calls, config, DAY, 100)]


def _enabled(window) -> set[Act]:
    return {act for act, button in window.actions.buttons.items() if button.isEnabled()}


def test_call_next_calls_the_head_of_the_policy_order(seeded, config, make_window, press):
    window = make_window(seeded)
    head = window.waiting.numbers()[0]
    assert _enabled(window) == {Act.CALL_NEXT, Act.CALL_NUMBER, Act.PAUSE, Act.REOPEN, Act.VOID}
    press(window, Act.CALL_NEXT)
    assert window.panel.number.text() == head
    assert head not in window.waiting.numbers()
    assert _ticket(seeded, head)[0] == "called"
    assert _calls(seeded, config)[0] == (head, "Loket 1", "call")
    current = seeded.run(counter_ops.current_ticket, config, "Loket 1", window.clock())
    assert window.panel.values["name"].text() == current.applicant_name
    assert window.panel.values["nik"].text() == current.nik_masked and "*" in current.nik_masked
    assert window.panel.values["booking"].text() == current.booking_code
    assert window.panel.values["waited"].text().startswith(f"{current.minutes_waited} menit")
    assert set(ACTS_NEEDING_A_TICKET) <= _enabled(window)
    assert head in window.message.text()


def test_function_keys_drive_the_same_actions(seeded, config, make_window, qtbot):
    window = make_window(seeded)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    head = window.waiting.numbers()[0]
    with qtbot.waitSignal(window.action_finished, timeout=10_000) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_F1)
    assert blocker.args == [Act.CALL_NEXT.value] and window.panel.number.text() == head
    with qtbot.waitSignal(window.action_finished, timeout=10_000) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_F2)
    assert blocker.args == [Act.RECALL.value]
    with qtbot.waitSignal(window.action_finished, timeout=10_000) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_F4)
    assert blocker.args == [Act.DONE.value]
    assert _ticket(seeded, head)[0] == "done"


def test_recall_is_a_new_call_event(seeded, config, make_window, press):
    window = make_window(seeded)
    press(window, Act.CALL_NEXT)
    number = window.panel.number.text()
    press(window, Act.RECALL)
    assert _calls(seeded, config)[:2] == [(number, "Loket 1", "recall"), (number, "Loket 1", "call")]
    assert window.panel.number.text() == number


def test_done_and_no_show_close_the_ticket(seeded, config, make_window, press):
    window = make_window(seeded)
    press(window, Act.CALL_NEXT)
    first = window.panel.number.text()
    press(window, Act.DONE)
    assert _ticket(seeded, first)[0] == "done"
    assert window.panel.ticket_id is None and window.panel.number.text() == "—"
    assert not set(ACTS_NEEDING_A_TICKET) & _enabled(window)
    press(window, Act.CALL_NEXT)
    second = window.panel.number.text()
    press(window, Act.NO_SHOW)
    assert _ticket(seeded, second)[0] == "no_show"
    assert "tidak hadir" in window.message.text()


def test_transfer_goes_to_the_next_stage_by_default(seeded, config, make_window, press):
    window = make_window(seeded)
    assert window.actions.transfer_prefix() == "D"  # "Foto dan Wawancara": no applicant kind, reached by transfer
    offered = [window.actions.target.itemData(i) for i in range(window.actions.target.count())]
    assert set(offered) == {"C", "I", "D"}  # what Loket 1 (P, A, B) does not serve
    press(window, Act.CALL_NEXT)
    number = window.panel.number.text()
    press(window, Act.TRANSFER)
    assert _ticket(seeded, number) == ("waiting", "D")
    photo = seeded.run(counter_ops.waiting_list, config, "Loket 4", window.clock())
    assert number in [t.number for t in photo]
    assert "Foto dan Wawancara" in window.message.text()


def test_call_a_specific_number_out_of_order(seeded, config, make_window, press, qtbot):
    window = make_window(seeded)
    last = window.waiting.numbers()[-1]
    window.actions.number.setFocus()
    qtbot.keyClicks(window.actions.number, last.lower().replace("-0", "").replace("-", ""))  # "a7" for A-007
    assert window.actions.typed_number() == last
    press(window, Act.CALL_NUMBER)
    assert window.panel.number.text() == last
    assert _calls(seeded, config)[0] == (last, "Loket 1", "call_specific")
    assert window.actions.number.text() == ""


def test_a_refused_action_is_a_message_not_a_crash(seeded, config, make_window, press, qtbot):
    window = make_window(seeded)
    qtbot.keyClicks(window.actions.number, "C-999")
    press(window, Act.CALL_NUMBER)
    assert window.message.property("tone") == Level.ERROR
    assert "C-999" in window.message.text() and "/" in window.message.text()
    assert Act.CALL_NEXT in _enabled(window)  # the buttons came back


def test_call_number_with_nothing_typed_asks_for_it(seeded, make_window, qtbot):
    window = make_window(seeded)
    qtbot.mouseClick(window.actions.buttons[Act.CALL_NUMBER], Qt.MouseButton.LeftButton)
    assert "Ketik" in window.message.text() and not window.state.busy


def test_pause_and_resume(seeded, config, make_window, press):
    window = make_window(seeded)
    press(window, Act.PAUSE)
    assert window.state.paused and "ISTIRAHAT" in window.state_pill.text()
    assert "Buka" in window.actions.buttons[Act.PAUSE].text()
    assert _enabled(window) == {Act.PAUSE, Act.REOPEN, Act.VOID}  # a supervisor's, paused or not
    press(window, Act.PAUSE)
    assert not window.state.paused and Act.CALL_NEXT in _enabled(window)


def test_a_double_press_calls_once(seeded, config, make_window, qtbot):
    window = make_window(seeded)
    button = window.actions.buttons[Act.CALL_NEXT]
    with qtbot.waitSignal(window.action_finished, timeout=10_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        window.actions.action_triggered.emit(Act.CALL_NEXT)  # even past a disabled button
    qtbot.wait(300)
    assert len(_calls(seeded, config)) == 1


def test_the_waiting_list_refreshes_by_itself(seeded, config, make_window, qtbot, clock):
    window = make_window(seeded, refresh_ms=200)
    before = window.waiting.numbers()
    seeded.run(counter_ops.call_next, config, "Loket 2", clock())  # another counter takes one
    qtbot.waitUntil(lambda: len(window.waiting.numbers()) == len(before) - 1, timeout=5_000)
