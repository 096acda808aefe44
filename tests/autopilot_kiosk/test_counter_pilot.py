"""The counter pilot in-process: its choice of button, and each kind of button pressed on a real window."""

from __future__ import annotations

import random
from datetime import datetime

import pytest
from sqlalchemy import select

from demo.pilots.counter import CounterAutopilot, choose_act, seed_for
from kiosk.counter.actions import Act, CounterState
from shared.db.engine import Database
from shared.db.models import CallEvent, Ticket
from shared.qt.tasks import TaskRunner

from .conftest import seed_tickets

SERVING = CounterState(has_current=True, waiting=3, loaded=True)


@pytest.mark.parametrize(("roll", "recalled", "expected"), [
    (0.05, False, Act.RECALL), (0.05, True, Act.NO_SHOW), (0.20, False, Act.NO_SHOW),
    (0.30, False, Act.TRANSFER), (0.60, False, Act.DONE),
])
def test_choice_while_serving(roll: float, recalled: bool, expected: Act) -> None:
    assert choose_act(SERVING, roll, recalled, can_transfer=True) is expected


def test_choice_without_a_ticket_or_while_busy() -> None:
    assert choose_act(SERVING, 0.30, False, can_transfer=False) is Act.DONE
    assert choose_act(CounterState(waiting=2, loaded=True), 0.5, False, True) is Act.CALL_NEXT
    assert choose_act(CounterState(waiting=0, loaded=True), 0.5, False, True) is None
    assert choose_act(CounterState(waiting=2, loaded=True, paused=True), 0.5, False, True) is None
    assert choose_act(CounterState(has_current=True, waiting=2, loaded=True, busy=True), 0.9, False, True) is None


def test_shares_over_many_rolls() -> None:
    rng = random.Random(seed_for("Loket 1"))
    acts = [choose_act(SERVING, rng.random(), False, True) for _ in range(4000)]
    share = {act: acts.count(act) / len(acts) for act in set(acts)}
    assert share[Act.RECALL] == pytest.approx(0.15, abs=0.03)
    assert share[Act.NO_SHOW] == pytest.approx(0.10, abs=0.03)
    assert share[Act.TRANSFER] == pytest.approx(0.15, abs=0.03)


class ScriptedRandom(random.Random):
    """Rolls from a script (then 0.9 = Done), short steps: every branch of the pilot in a few seconds."""

    def __init__(self, rolls: list[float]) -> None:
        super().__init__(1)
        self.rolls = rolls

    def random(self) -> float:
        return self.rolls.pop(0) if self.rolls else 0.9

    def uniform(self, a: float, b: float) -> float:
        return 0.05


def test_pilot_presses_every_kind_of_button(qtbot, config, tmp_path, monkeypatch) -> None:
    from kiosk.counter.window import CounterWindow

    db = Database(f"sqlite:///{tmp_path / 'antrian.sqlite3'}")
    db.upgrade()
    seed_tickets(db, config)
    monkeypatch.setenv("ANTRIAN_CLOCK", f"2026-11-28T08:40:00+07:00@{datetime.now().timestamp()}")
    runner = TaskRunner(db)
    window = CounterWindow(config, runner, "Loket 1", refresh_ms=60_000)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.state.loaded, timeout=10_000)
    # call (roll unused), recall, no-show | call, transfer | call, done
    pilot = CounterAutopilot(window)
    pilot.rng = ScriptedRandom([0.5, 0.05, 0.2, 0.5, 0.3, 0.5, 0.9])
    pilot._tick_timer.setInterval(10)
    pilot.start()
    kinds = lambda: db.run(lambda s: [e.kind for e in s.scalars(select(CallEvent))])  # noqa: E731
    qtbot.waitUntil(lambda: len(kinds()) >= 4 and pilot.idle() and not window.state.has_current, timeout=30_000)
    pilot.stop()
    qtbot.waitUntil(pilot.idle, timeout=10_000)
    statuses = db.run(lambda s: {t.number: (t.status, t.service_prefix) for t in s.scalars(select(Ticket))})
    runner.shutdown(wait=True)
    window.close()
    db.dispose()
    assert kinds()[:2] == ["call", "recall"]
    assert any(status == "no_show" for status, _ in statuses.values())
    assert any(prefix == "D" and status == "waiting" for status, prefix in statuses.values())
    assert any(status == "done" for status, _ in statuses.values())
