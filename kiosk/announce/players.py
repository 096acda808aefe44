"""Player backends for the announcement queue: each plays one WAV at a time and reports its end.

`MediaPlayerBackend` is the real loudspeaker (QtMultimedia). `WavClockBackend` plays nothing and only
waits each file's real duration: for tests and for a board PC without a sound card, so the queue's
timing (one call after another) stays the same.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal

from kiosk.announce.wavio import wav_duration_s
from shared.text import Text

_WATCHDOG_SLACK_MS = 3000  # a player that never reports the end must not stall the board forever
UNREADABLE = Text("WAV tidak terbaca", "Unreadable WAV")
PLAYBACK_FAILED = Text("Audio gagal diputar", "Audio playback failed")
NOT_FINISHED = Text("Audio tidak selesai (tidak ada perangkat audio?)", "Audio did not finish (no audio device?)")


class PlayerBackend(QObject):
    """Interface: `play(path)` then exactly one `playback_finished` (also after an error)."""

    playback_finished = Signal()
    playback_failed = Signal(str)  # one line for the log (the board shows its own notice)

    def play(self, path: Path) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        """Stop without emitting playback_finished (used at shutdown only)."""


class WavClockBackend(PlayerBackend):
    """"Plays" a WAV by waiting its duration, read from the file header."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # coarse timers may fire 5% early: overlap
        self._timer.timeout.connect(self.playback_finished)

    def play(self, path: Path) -> None:
        try:
            millis = round(wav_duration_s(path) * 1000)
        except Exception as exc:  # wave.Error, OSError, EOFError: report, then move on
            self.playback_failed.emit(f"{UNREADABLE.line()} {path}: {exc}")
            millis = 0
        self._timer.start(millis)

    def stop(self) -> None:
        self._timer.stop()


class MediaPlayerBackend(PlayerBackend):
    """QMediaPlayer + QAudioOutput, with a watchdog in case no end-of-media ever arrives."""

    def __init__(self, volume: float = 1.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer  # heavy: only for the real board

        self._media_status = QMediaPlayer.MediaStatus
        self._output = QAudioOutput(self)
        self._output.setVolume(volume)
        self._player = QMediaPlayer(self)
        self._player.setAudioOutput(self._output)
        self._player.mediaStatusChanged.connect(self._on_player_status_changed)
        self._player.errorOccurred.connect(self._on_player_error)
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._on_watchdog_timeout)
        self._busy = False

    def play(self, path: Path) -> None:
        try:
            millis = round(wav_duration_s(path) * 1000)
        except Exception:  # the player reports its own error below
            millis = 0
        self._busy = True
        self._watchdog.start(millis + _WATCHDOG_SLACK_MS)
        self._player.setSource(QUrl.fromLocalFile(str(Path(path).resolve())))
        self._player.play()

    def stop(self) -> None:
        self._busy = False
        self._watchdog.stop()
        self._player.stop()

    def _finish(self) -> None:
        if self._busy:  # exactly one finished per play(), whichever of end/error/watchdog comes first
            self._busy = False
            self._watchdog.stop()
            self.playback_finished.emit()

    def _on_player_status_changed(self, status: object) -> None:
        if status in (self._media_status.EndOfMedia, self._media_status.InvalidMedia):
            self._finish()

    def _on_player_error(self, _error: object, message: str) -> None:
        if self._busy:
            self.playback_failed.emit(f"{PLAYBACK_FAILED.line()}: {message}")
        self._finish()

    def _on_watchdog_timeout(self) -> None:
        if self._busy:
            self.playback_failed.emit(NOT_FINISHED.line())
        self._finish()
