"""The board's voice: each new call (and each recall) gets a chime and, when enabled, Indonesian speech.

Speech comes from the announcer (`kiosk.announce.render.Announcer`: espeak-ng off the GUI thread, one call
after another). Without espeak-ng the announcer plays the chime alone and tells us why; the board shows
"Suara tidak tersedia / Voice unavailable". With `voice.enabled = false` only the chime is played.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.announce.chime import chime_wav
from kiosk.announce.players import PlayerBackend
from kiosk.announce.queue import AnnouncementItem, AnnouncementQueue
from kiosk.announce.render import Announcer
from kiosk.announce.speech import SpeechSettings, default_cache_dir
from shared.config import Config
from shared.domain import CallEventView

from .texts import VOICE_FAILED, VOICE_UNAVAILABLE

log = logging.getLogger(__name__)


class BoardVoice(QObject):
    # ---- Signals
    call_queued = Signal(str)  # the call's label ("A-042 Loket 3 #17") each time one is handed to the queue
    announcement_started = Signal(str)
    problem_changed = Signal(object)  # the Text of a notice for the screen, None when the voice is fine

    def __init__(
        self,
        config: Config,
        cache_dir: Path | None = None,
        backend: PlayerBackend | None = None,
        settings: SpeechSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._cache_dir = cache_dir if cache_dir is not None else default_cache_dir()
        self._speak = config.voice.enabled
        self._announcer: Announcer | None = None
        self._chime_queue: AnnouncementQueue | None = None
        if self._speak:
            settings = settings or SpeechSettings(voice=config.voice.voice)
            self._announcer = Announcer(self._cache_dir, config.voice.style, settings, backend, parent=self)
            self._announcer.announcement_started.connect(self.announcement_started)
            self._announcer.speech_unavailable.connect(self._on_announcer_speech_unavailable)
            self._announcer.announcement_failed.connect(self._on_announcer_failed)
        else:
            self._chime_queue = AnnouncementQueue(backend, parent=self)
            self._chime_queue.announcement_started.connect(self.announcement_started)
            # Generated off the GUI thread now, so the first call only finds it in the cache.
            threading.Thread(target=self._warm_chime, name="antrian-chime", daemon=True).start()

    def _warm_chime(self) -> None:
        try:
            chime_wav(self._cache_dir)
        except OSError as exc:
            log.warning("chime not generated: %s", exc)

    @property
    def speaks(self) -> bool:
        return self._speak

    def announce(self, calls: list[CallEventView]) -> None:
        """Queue the calls, oldest first; the queue plays them one after another."""
        for call in calls:
            label = f"{call.number} {call.counter_name} #{call.id}"
            if self._announcer is not None:
                if self._announcer.announce(call.number, call.counter_name, label):
                    self.call_queued.emit(label)
            else:
                self._queue_chime(label)

    def _queue_chime(self, label: str) -> None:
        assert self._chime_queue is not None
        try:
            chime = chime_wav(self._cache_dir)  # ~0.1 s the first time, then read from the cache
        except OSError as exc:
            log.warning("chime not generated: %s", exc)
            self.problem_changed.emit(VOICE_FAILED)
            return
        self._chime_queue.enqueue(AnnouncementItem(label, (chime,)))
        self.call_queued.emit(label)

    def shutdown(self) -> None:
        if self._announcer is not None:
            self._announcer.shutdown()
        if self._chime_queue is not None:
            self._chime_queue.shutdown()

    # ---- slots

    def _on_announcer_speech_unavailable(self, message: str) -> None:
        log.warning("speech unavailable: %s", message)
        self.problem_changed.emit(VOICE_UNAVAILABLE)

    def _on_announcer_failed(self, label: str, message: str) -> None:
        log.warning("announcement %s failed: %s", label, message)
        self.problem_changed.emit(VOICE_FAILED + f": {label}")
