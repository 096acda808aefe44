"""The counter's pilot for the demo: an officer who presses the window's real buttons.

Every ~2.5–4 s (jittered, seeded by the counter's name) one step: with a ticket being served it finishes it
(Recall ≈15 % once per ticket, No-show ≈10 %, Transfer to D ≈15 % where D is a target, else Done); with none it
presses Call next, and after a call ticks some documents of the checklist. An empty queue means waiting. A step
is taken only while the window is not busy, so two actions are never on their way at once.

Started through the role's pilot hook (`ANTRIAN_PILOT=demo.pilots.counter:start`), on autopilot only: with
windows for a person, the person presses the buttons. The window comes inside its sign-in frame: the pilot signs
in first as the station's demo officer (ANTRIAN_DEMO_OFFICER names the NIP, demo/officers.py holds the PIN; the
first counter officer by default), typing NIP and PIN into the real fields, and again whenever the screen locks.
"""

from __future__ import annotations

import random
import zlib

from PySide6.QtCore import QObject, QTimer

from demo import officers
from kiosk.counter.actions import Act, CounterState, enabled_actions
from kiosk.counter.window import CounterWindow
from shared.palette import Level
from shared.qt.app import RoleLifecycle, say
from shared.qt.auth import SignedInFrame
from shared.text import Text

from .sign_in import SignInPilot

STEP_SECONDS = (2.5, 4.0)
TICK_DELAY_MS = 800  # the officer looks at the documents a moment after the number is called
RETRY_MS = 300
TRANSFER_TO = "D"
LOG_NAMES = {Act.CALL_NEXT: "CALL", Act.RECALL: "RECALL", Act.NO_SHOW: "NOSHOW", Act.DONE: "DONE",
             Act.TRANSFER: "TRANSFER"}
QUEUE_EMPTY = Text("antrean kosong", "queue empty")


def choose_act(state: CounterState, roll: float, recalled: bool, can_transfer: bool) -> Act | None:
    """The next button for this state and a roll in [0, 1); None: nothing to do (busy, or nobody waiting)."""
    allowed = enabled_actions(state)
    if state.has_current:
        if roll < 0.15 and not recalled:
            return Act.RECALL
        if roll < 0.25:
            return Act.NO_SHOW
        if 0.25 <= roll < 0.40 and can_transfer and Act.TRANSFER in allowed:
            return Act.TRANSFER
        return Act.DONE if Act.DONE in allowed else None
    return Act.CALL_NEXT if Act.CALL_NEXT in allowed else None


def seed_for(counter_name: str) -> int:
    return zlib.crc32(counter_name.encode("utf-8"))  # stable across runs, unlike hash()


class CounterAutopilot(QObject):
    def __init__(self, window: CounterWindow, seed: int | None = None) -> None:
        super().__init__(window)
        self.window = window
        seed = seed_for(window.counter_name) if seed is None else seed
        self.rng = random.Random(seed)  # the steps
        self.tick_rng = random.Random(seed + 1)  # which documents: apart, so ticks never shift the steps
        self._stopped = True
        self._pending: tuple[Act, str] | None = None  # the act on its way and the number it was pressed for
        self._recalled: str | None = None  # number already recalled once
        self._ticks_in_flight = 0
        self._waiting_logged = False
        self._step_timer = QTimer(self, singleShot=True, timeout=self._on_step_timer_timeout)
        self._tick_timer = QTimer(self, singleShot=True, interval=TICK_DELAY_MS, timeout=self._on_tick_timer_timeout)
        window.action_finished.connect(self._on_window_action_finished)
        window.checklist_saved.connect(self._on_window_checklist_saved)

    # ---- Pilot

    def start(self) -> None:
        self._stopped = False
        self._schedule(round(self.rng.uniform(0.8, 1.6) * 1000))

    def stop(self) -> None:
        """No new steps; one last Call next if nobody is at the counter, so the screenshot shows a ticket."""
        self._stopped = True
        self._step_timer.stop()
        self._tick_timer.stop()
        state = self.window.state
        if self._pending is None and not state.has_current and Act.CALL_NEXT in enabled_actions(state):
            self.press(Act.CALL_NEXT, "")

    def idle(self) -> bool:
        return self._pending is None and not self.window.state.busy and self._ticks_in_flight <= 0

    # ---- steps

    def _schedule(self, millis: int | None = None) -> None:
        if not self._stopped:
            self._step_timer.start(millis if millis is not None else round(self.rng.uniform(*STEP_SECONDS) * 1000))

    def _on_step_timer_timeout(self) -> None:
        state = self.window.state
        if state.busy or not state.loaded or self._pending is not None:
            self._schedule(RETRY_MS)
            return
        current = self._current_number()
        act = choose_act(state, self.rng.random(), self._recalled == current, self._can_transfer())
        if act is None:
            if not self._waiting_logged:
                say("WAIT", self.window.counter_name, QUEUE_EMPTY.line())
                self._waiting_logged = True
            self._schedule()
            return
        self._waiting_logged = False
        self.press(act, current)

    def press(self, act: Act, current: str) -> None:
        if act is Act.TRANSFER:
            targets = self.window.actions.target
            targets.setCurrentIndex(targets.findData(TRANSFER_TO))
        self._pending = (act, current)
        self.window.actions.buttons[act].click()
        if not self.window.state.busy:  # the window refused it (e.g. not enabled after all)
            self._pending = None
            self._schedule(RETRY_MS)

    def _on_window_action_finished(self, value: str) -> None:
        if self._pending is None:
            return
        act, before = self._pending
        self._pending = None
        window = self.window
        if window.message.property("tone") == Level.ERROR:
            say("ERROR", window.counter_name, LOG_NAMES.get(act, act.value), before, window.message.text())
        else:
            number = self._current_number() if act is Act.CALL_NEXT else before
            extra = (TRANSFER_TO,) if act is Act.TRANSFER else ()
            say(LOG_NAMES.get(act, act.value), window.counter_name, number, *extra)
            if act is Act.RECALL:
                self._recalled = before
            if act is Act.CALL_NEXT and window.panel.checkboxes() and not self._stopped:
                self._tick_timer.start()
        self._schedule()

    # ---- checklist

    def _on_tick_timer_timeout(self) -> None:
        if self._stopped or self.window.state.busy:
            return
        boxes = [b for b in self.window.panel.checkboxes() if not b.isChecked()]
        chosen = [b for b in boxes if self.tick_rng.random() < 0.6]
        for box in chosen:
            self._ticks_in_flight += 1  # each toggle saves the whole checklist once
            box.click()
        if chosen:
            total = len(self.window.panel.checkboxes())
            say("TICK", self.window.counter_name, self._current_number(), f"{len(chosen)}/{total}")

    def _on_window_checklist_saved(self, _ticket: object) -> None:
        self._ticks_in_flight = max(0, self._ticks_in_flight - 1)

    # ---- reading the window

    def _current_number(self) -> str:
        text = self.window.panel.number.text()
        return "" if text == "—" else text

    def _can_transfer(self) -> bool:
        if self.window.actions.target.findData(TRANSFER_TO) < 0:
            return False
        # a transferred ticket keeps its number: the service line says where it is now
        return not self.window.panel.values["service"].text().startswith(f"{TRANSFER_TO} ")


def start(window: CounterWindow | SignedInFrame, lifecycle: RoleLifecycle) -> CounterAutopilot | SignInPilot | None:
    """The pilot hook's factory: an officer on autopilot (signing in first when the window asks), nobody
    otherwise."""
    if not lifecycle.autopilot:
        return None
    if isinstance(window, SignedInFrame):
        assert isinstance(window.content, CounterWindow)
        pilot = CounterAutopilot(window.content)
        return SignInPilot(window, pilot, window.content.counter_name, officers.COUNTER_1)
    pilot = CounterAutopilot(window)
    pilot.start()
    return pilot
