"""Turning calls into announcements off the GUI thread, and the board-facing `Announcer`.

espeak-ng runs in a subprocess that takes a noticeable time, so WAVs are rendered on a private
QThreadPool; results come back to the GUI thread through a queued signal. Renders may finish out of order
(a cached recall is instant), so finished items are held until every earlier call is ready: the queue
always speaks calls in the order `announce()` was called.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal

from kiosk.announce.chime import chime_wav
from kiosk.announce.phrase import NumberStyle, announcement_phrase
from kiosk.announce.players import PlayerBackend
from kiosk.announce.queue import DEFAULT_ITEM_GAP_MS, AnnouncementItem, AnnouncementQueue
from kiosk.announce.speech import (
    DEFAULT_SPEECH,
    SpeechSettings,
    SpeechUnavailable,
    default_cache_dir,
    render_speech,
)
from shared.text import Text

FAILED = Text("Pengumuman gagal", "Announcement failed")


@dataclass(frozen=True, slots=True)
class RenderRequest:
    seq: int
    label: str
    phrase: str
    cache_dir: Path
    settings: SpeechSettings


class _RenderSignals(QObject):
    """Lives in the GUI thread; emitting from a worker thread queues the call to the GUI thread."""

    rendered = Signal(int, object, str)  # seq, AnnouncementItem, speech problem ("" when none)
    failed = Signal(int, str, str)  # seq, label, message


def render_item(request: RenderRequest) -> tuple[AnnouncementItem, str]:
    """Blocking: chime + speech WAVs for one call; chime only (and the reason) if speech is unavailable."""
    chime = chime_wav(request.cache_dir)
    try:
        speech = render_speech(request.phrase, request.cache_dir, request.settings)
    except SpeechUnavailable as exc:
        return AnnouncementItem(request.label, (chime,), request.phrase), str(exc)
    return AnnouncementItem(request.label, (chime, speech), request.phrase), ""


def _run_render(request: RenderRequest, signals: _RenderSignals) -> None:
    try:
        item, problem = render_item(request)
    except Exception as exc:  # a worker must report, never die silently
        signals.failed.emit(request.seq, request.label, f"{FAILED.line()}: {exc}")
        return
    signals.rendered.emit(request.seq, item, problem)


class Announcer(QObject):
    """What the board uses: `announce("A-042", "Loket 3")`, in call order, one at a time."""

    announcement_started = Signal(str)
    announcement_finished = Signal(str)
    speech_unavailable = Signal(str)  # the reason in one line (both languages); the chime still plays
    announcement_failed = Signal(str, str)  # label, the reason in one line

    def __init__(
        self,
        cache_dir: Path | str | None = None,
        style: NumberStyle = "digits",
        settings: SpeechSettings = DEFAULT_SPEECH,
        backend: PlayerBackend | None = None,
        item_gap_ms: int = DEFAULT_ITEM_GAP_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self._style: NumberStyle = style
        self._settings = settings
        self._queue = AnnouncementQueue(backend, item_gap_ms=item_gap_ms, parent=self)
        self._queue.announcement_started.connect(self.announcement_started)
        self._queue.announcement_finished.connect(self.announcement_finished)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._signals = _RenderSignals(self)
        self._signals.rendered.connect(self._on_worker_rendered)
        self._signals.failed.connect(self._on_worker_failed)
        self._next_seq = 0
        self._next_to_queue = 0
        self._ready: dict[int, AnnouncementItem | None] = {}

    @property
    def queue(self) -> AnnouncementQueue:
        return self._queue

    def announce(self, ticket_number: str, counter_name: str, label: str | None = None) -> bool:
        """Queue one call (a recall is just another call). False, with announcement_failed, if malformed."""
        label = label if label is not None else ticket_number
        try:
            phrase = announcement_phrase(ticket_number, counter_name, self._style)
        except ValueError as exc:
            self.announcement_failed.emit(label, str(exc))
            return False
        request = RenderRequest(self._next_seq, label, phrase, self._cache_dir, self._settings)
        self._next_seq += 1
        self._pool.start(functools.partial(_run_render, request, self._signals))
        return True

    def shutdown(self, wait_ms: int = 10_000) -> None:
        """Stop speaking and wait for running renders (call from the window's closeEvent)."""
        self._pool.clear()
        self._pool.waitForDone(wait_ms)
        self._queue.shutdown()

    def _on_worker_rendered(self, seq: int, item: AnnouncementItem, problem: str) -> None:
        if problem:
            self.speech_unavailable.emit(problem)
        self._ready[seq] = item
        self._flush_ready()

    def _on_worker_failed(self, seq: int, label: str, message: str) -> None:
        self.announcement_failed.emit(label, message)
        self._ready[seq] = None  # keeps the order moving for the calls after it
        self._flush_ready()

    def _flush_ready(self) -> None:
        while self._next_to_queue in self._ready:
            item = self._ready.pop(self._next_to_queue)
            self._next_to_queue += 1
            if item is not None:
                self._queue.enqueue(item)
