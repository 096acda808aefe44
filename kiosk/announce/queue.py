"""The board's announcement queue: calls are played one after another, never over each other.

An item is a call's WAV files (chime, then speech). An item is never cut off by a newer one; a recall is
simply queued again and spoken again. Items play in the order they were queued (FIFO).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.announce.players import MediaPlayerBackend, PlayerBackend

DEFAULT_PART_GAP_MS = 350  # pause between the chime and the speech
DEFAULT_ITEM_GAP_MS = 700  # pause between two calls, so listeners hear where one ends


@dataclass(frozen=True, slots=True)
class AnnouncementItem:
    """One call to announce. `label` is what the signals carry (e.g. the ticket number or a call id)."""

    label: str
    files: tuple[Path, ...]
    text: str = ""


class AnnouncementQueue(QObject):
    """Plays AnnouncementItems strictly one at a time through a PlayerBackend."""

    announcement_started = Signal(str)
    announcement_finished = Signal(str)
    playback_failed = Signal(str)

    def __init__(
        self,
        backend: PlayerBackend | None = None,
        part_gap_ms: int = DEFAULT_PART_GAP_MS,
        item_gap_ms: int = DEFAULT_ITEM_GAP_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend if backend is not None else MediaPlayerBackend()
        self._backend.setParent(self)
        self._backend.playback_finished.connect(self._on_backend_finished)
        self._backend.playback_failed.connect(self.playback_failed)
        self._pending: deque[AnnouncementItem] = deque()
        self._current: AnnouncementItem | None = None
        self._part = 0
        self._part_gap_ms = part_gap_ms
        self._item_gap_ms = item_gap_ms
        self._pause = QTimer(self)  # one timer for both gaps: while it runs, nothing else may start
        self._pause.setSingleShot(True)
        self._pause.setTimerType(Qt.TimerType.PreciseTimer)
        self._pause.timeout.connect(self._on_pause_timeout)

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def is_busy(self) -> bool:
        """True while an item plays or a gap runs."""
        return self._current is not None or self._pause.isActive()

    def enqueue(self, item: AnnouncementItem) -> None:
        if not item.files:
            raise ValueError(f"announcement {item.label!r} has no audio files")
        self._pending.append(item)
        if not self.is_busy():
            self._start_next()

    def clear_pending(self) -> None:
        """Drop the waiting items; the one playing finishes normally."""
        self._pending.clear()

    def shutdown(self) -> None:
        self._pending.clear()
        self._pause.stop()
        self._backend.stop()
        self._current = None

    def _start_next(self) -> None:
        if not self._pending:
            return
        self._current = self._pending.popleft()
        self._part = 0
        self.announcement_started.emit(self._current.label)
        self._backend.play(self._current.files[0])

    def _on_backend_finished(self) -> None:
        item = self._current
        if item is None:
            return
        self._part += 1
        if self._part < len(item.files):
            self._pause.start(self._part_gap_ms)
            return
        self._current = None
        self.announcement_finished.emit(item.label)
        self._pause.start(self._item_gap_ms)

    def _on_pause_timeout(self) -> None:
        if self._current is not None:
            self._backend.play(self._current.files[self._part])
        else:
            self._start_next()
