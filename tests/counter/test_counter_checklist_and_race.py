"""Checklist ticks saved with the ticket and read back; two counters pressing Call next at once."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.counter.actions import Act
from shared.db.engine import Database
from shared.services import counter_ops


def test_checklist_ticks_are_saved_and_read_back(seeded, config, make_window, press, qtbot):
    window = make_window(seeded)
    press(window, Act.CALL_NEXT)
    boxes = window.panel.checkboxes()
    assert len(boxes) >= 3 and not any(b.isChecked() for b in boxes)
    with qtbot.waitSignal(window.checklist_saved, timeout=10_000):
        qtbot.mouseClick(boxes[0], Qt.MouseButton.LeftButton, pos=boxes[0].rect().topLeft() + _inside())
    with qtbot.waitSignal(window.checklist_saved, timeout=10_000) as blocker:
        boxes[2].setChecked(True)
    saved = blocker.args[0].checklist
    assert [ticked for _doc, ticked in saved] == [True, False, True] + [False] * (len(saved) - 3)
    current = seeded.run(counter_ops.current_ticket, config, "Loket 1", window.clock())
    assert current.checklist == saved

    # A second window (another runner, another Database on the same data) shows the same ticks.
    other_db = Database(seeded.url)
    try:
        again = make_window(other_db)
        assert [b.isChecked() for b in again.panel.checkboxes()] == [t for _d, t in saved]
        assert again.panel.number.text() == window.panel.number.text()
    finally:
        other_db.dispose()


def _inside():
    from PySide6.QtCore import QPoint

    return QPoint(8, 8)


def test_a_refresh_does_not_undo_a_tick_on_its_way(seeded, config, make_window, press, qtbot):
    window = make_window(seeded)
    press(window, Act.CALL_NEXT)
    first = window.panel.checkboxes()[0]
    with qtbot.waitSignal(window.checklist_saved, timeout=10_000):
        first.setChecked(True)
    with qtbot.waitSignal(window.snapshot_applied, timeout=10_000):
        window.refresh()
    assert window.panel.checkboxes()[0].isChecked()


def test_two_counters_pressing_call_next_together_never_share_a_ticket(seeded, config, make_window, qtbot):
    """Loket 1 and Loket 2 both serve A and B: each on its own Database object and TaskRunner (two PCs)."""
    second_db = Database(seeded.url)
    try:
        one = make_window(seeded, "Loket 1")
        two = make_window(second_db, "Loket 2")
        called: list[str] = []
        while True:
            ready = [w for w in (one, two) if w.actions.buttons[Act.CALL_NEXT].isEnabled()]
            if len(ready) < 2:
                break
            with qtbot.waitSignals([w.action_finished for w in ready], timeout=20_000):
                for window in ready:  # both presses are queued before either database call starts
                    window.actions.buttons[Act.CALL_NEXT].click()
            called += [w.panel.number.text() for w in ready if w.panel.ticket_id is not None]
        assert len(called) >= 8
        assert len(called) == len(set(called)), called
        statuses = [seeded.run(counter_ops.current_ticket, config, name, one.clock()) for name in ("Loket 1", "Loket 2")]
        serving = [s.number for s in statuses if s is not None]  # the last press may find the queue empty
        assert serving and len(serving) == len(set(serving))
    finally:
        second_db.dispose()
