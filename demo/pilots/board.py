"""The board's pilot for the demo: each announcement is also written as a WAV to DIR/announcements.

`AnnouncementRecorder` listens to the same `calls_arrived` the voice does and writes chime + speech
(`write_announcement_wav`, the announcer's own renderer and cache) to NNN_<number>_<counter>.wav on one worker
thread, in call order. Without espeak-ng the file holds the chime alone, as the board would play it.

Started through the role's pilot hook (`ANTRIAN_PILOT=demo.pilots.board:start`) whenever ANTRIAN_DEMO_OUTPUT
names a folder, with windows or on autopilot; the board itself has nothing to drive.
"""

from __future__ import annotations

import logging
import shutil
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject

from kiosk.announce.chime import chime_wav
from kiosk.announce.phrase import announcement_phrase
from kiosk.announce.speech import SpeechSettings, SpeechUnavailable, default_cache_dir, write_announcement_wav
from kiosk.board.window import BoardWindow
from shared.config import Config
from shared.domain import CallEventView
from shared.qt.app import RoleLifecycle, demo_output, say

log = logging.getLogger(__name__)
LINGER_SECONDS = 4.0  # on autopilot: the counters stop with us and make one last call; announce it too


def announcement_file(folder: Path, seq: int, number: str, counter: str) -> Path:
    """001_A-003_Loket-1.wav: sorted by call order, readable at a glance."""
    return folder / f"{seq:03d}_{number}_{'-'.join(counter.split())}.wav"


def write_call_wav(config: Config, call: CallEventView, path: Path, cache_dir: Path) -> Path:
    """Blocking (espeak-ng): chime + speech when the voice is on and available, else the chime only."""
    if config.voice.enabled:
        phrase = announcement_phrase(call.number, call.counter_name, config.voice.style)
        try:
            return write_announcement_wav(phrase, path, cache_dir, SpeechSettings(voice=config.voice.voice))
        except SpeechUnavailable as exc:
            log.warning("speech unavailable, chime only: %s", exc)
    shutil.copyfile(chime_wav(cache_dir), path)
    return path


class AnnouncementRecorder(QObject):
    def __init__(self, config: Config, out_dir: Path, cache_dir: Path | None = None, linger_seconds: float = 0.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._linger_seconds = linger_seconds
        self._stopped_at: float | None = None
        self._config = config
        self._folder = out_dir / "announcements"
        self._folder.mkdir(parents=True, exist_ok=True)
        self._cache_dir = cache_dir if cache_dir is not None else default_cache_dir()
        self._seq = len(list(self._folder.glob("*.wav")))  # a restarted board goes on numbering
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="antrian-record")
        self._futures: list[Future] = []

    def record(self, calls: list[CallEventView]) -> None:
        """Slot for CallFeed.calls_arrived: one file per call (a recall is announced, so recorded, again)."""
        for call in calls:
            self._seq += 1
            path = announcement_file(self._folder, self._seq, call.number, call.counter_name)
            say("ANNOUNCE", call.number, call.counter_name, f"({call.kind})" if call.kind else "")
            self._futures.append(self._pool.submit(self._write, call, path))

    def _write(self, call: CallEventView, path: Path) -> None:
        try:
            write_call_wav(self._config, call, path, self._cache_dir)
        except Exception as exc:  # a worker must report, never die silently
            say("WAV-FAILED", path.name, exc)
            return
        say("WAV", path)

    # ---- Pilot (the board has nothing to drive: it only has to finish writing)

    def stop(self) -> None:
        """Nothing to stop; on autopilot the board lingers a moment for the counters' last calls (they stop at
        the same time and make one last call), and records everything that still arrives."""
        self._stopped_at = time.monotonic()

    def idle(self) -> bool:
        if self._stopped_at is not None and time.monotonic() < self._stopped_at + self._linger_seconds:
            return False
        self._futures = [f for f in self._futures if not f.done()]
        return not self._futures

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)


def start(window: BoardWindow, lifecycle: RoleLifecycle) -> AnnouncementRecorder | None:
    """The pilot hook's factory: a recorder of every announcement while the demo has an output folder."""
    out = demo_output()
    if out is None:
        return None
    linger = LINGER_SECONDS if lifecycle.autopilot else 0.0
    recorder = AnnouncementRecorder(window.config, out, linger_seconds=linger, parent=window)
    window.feed.calls_arrived.connect(recorder.record)
    lifecycle.before_quit(recorder.shutdown)
    return recorder
