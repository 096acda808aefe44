"""The officer's actions: their labels and keys, and when each one makes sense (a pure function, tested alone)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from shared.text import Text


class Act(StrEnum):
    CALL_NEXT = "call_next"
    RECALL = "recall"
    NO_SHOW = "no_show"
    DONE = "done"
    TRANSFER = "transfer"
    CALL_NUMBER = "call_number"
    PAUSE = "pause"
    REOPEN = "reopen"  # a no-show who came back waits again (a supervisor's call)
    VOID = "void"  # a ticket issued in error (a supervisor's call)


SUPERVISED: frozenset[Act] = frozenset({Act.CALL_NUMBER, Act.REOPEN, Act.VOID})  # need a supervisor's NIP + PIN


@dataclass(frozen=True)
class ActionSpec:
    act: Act
    key: str
    label: Text


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(Act.CALL_NEXT, "F1", Text("Panggil berikutnya", "Call next")),
    ActionSpec(Act.RECALL, "F2", Text("Panggil ulang", "Recall")),
    ActionSpec(Act.NO_SHOW, "F3", Text("Tidak hadir", "No-show")),
    ActionSpec(Act.DONE, "F4", Text("Selesai", "Done")),
    ActionSpec(Act.TRANSFER, "F5", Text("Alihkan", "Transfer")),
    ActionSpec(Act.CALL_NUMBER, "F6", Text("Panggil nomor", "Call number")),
    ActionSpec(Act.REOPEN, "F7", Text("Buka lagi", "Re-open")),
    ActionSpec(Act.PAUSE, "F8", Text("Istirahat", "Pause")),
    ActionSpec(Act.VOID, "F9", Text("Batalkan karcis", "Void")),
)
RESUME_LABEL = Text("Buka", "Resume")


@dataclass(frozen=True)
class CounterState:
    """What the window knows right now; `busy` while an action is on its way to the database."""

    has_current: bool = False
    paused: bool = False
    waiting: int = 0
    busy: bool = False
    loaded: bool = False
    can_transfer: bool = True
    lost: bool = False  # the loket was taken over by another PC: nothing more from here


def enabled_actions(state: CounterState) -> frozenset[Act]:
    """The buttons an officer may press: nothing while busy or before the first read of the database."""
    if state.busy or not state.loaded or state.lost:
        return frozenset()
    acts = {Act.PAUSE, Act.REOPEN, Act.VOID}
    if not state.paused:
        acts.add(Act.CALL_NUMBER)
        if state.waiting > 0:
            acts.add(Act.CALL_NEXT)
    if state.has_current:
        acts |= {Act.RECALL, Act.NO_SHOW, Act.DONE}
        if state.can_transfer:
            acts.add(Act.TRANSFER)
    return frozenset(acts)
