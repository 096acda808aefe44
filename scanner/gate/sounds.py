"""One short sound per decision tone (accept / warn / refuse), so the officer hears the result without looking.

The WAVs are generated with the standard library into a cache folder (no binary assets in the repo) and played
with QSoundEffect. A PC without a sound device, or without QtMultimedia, is silent: the gate never fails for it.
"""

from __future__ import annotations

import logging
import math
import os
import struct
import wave
from pathlib import Path

from shared.domain import Tone

log = logging.getLogger(__name__)
RATE = 22050

# (frequency Hz, duration s) notes; 0 Hz is a pause. Accept rises, warn repeats, refuse is low and long.
MELODIES: dict[Tone, tuple[tuple[float, float], ...]] = {
    Tone.ACCEPT: ((880.0, 0.09), (0.0, 0.03), (1318.5, 0.14)),
    Tone.WARN: ((659.3, 0.12), (0.0, 0.08), (659.3, 0.12)),
    Tone.REFUSE: ((196.0, 0.45),),
}


def _note(freq: float, seconds: float, square: bool) -> bytes:
    count = int(RATE * seconds)
    fade = max(1, int(RATE * 0.01))  # 10 ms ramps: no clicks at the edges
    samples = bytearray()
    for i in range(count):
        if freq <= 0:
            value = 0.0
        else:
            wave_value = math.sin(2 * math.pi * freq * i / RATE)
            value = (1.0 if wave_value >= 0 else -1.0) * 0.35 if square else wave_value * 0.6
        value *= min(1.0, i / fade, (count - i) / fade)
        samples += struct.pack("<h", int(value * 32767))
    return bytes(samples)


def write_tone(tone: Tone, path: Path) -> Path:
    """Write the tone's WAV (16-bit mono) to `path`; the refuse buzz is a square wave, harsh on purpose."""
    frames = b"".join(_note(f, s, square=tone is Tone.REFUSE) for f, s in MELODIES[tone])
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)
    return path


def sound_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(os.environ.get("ANTRIAN_SOUND_DIR") or user_cache_dir("antrian")) / "sounds"


def ensure_sounds(folder: Path | None = None) -> dict[Tone, Path]:
    folder = folder or sound_dir()
    paths = {}
    for tone in Tone:
        path = folder / f"gate-{tone.value}.wav"
        if not path.exists():
            write_tone(tone, path)
        paths[tone] = path
    return paths


class SoundBoard:
    """Plays a tone; `played` records what was asked for (tests and a silent PC can still check it)."""

    def __init__(self, enabled: bool = True, folder: Path | None = None) -> None:
        self.played: list[Tone] = []
        self._effects: dict[Tone, object] = {}
        if enabled and os.environ.get("ANTRIAN_SOUND", "1") != "0":
            self._effects = _load_effects(folder)

    @property
    def audible(self) -> bool:
        return bool(self._effects)

    def play(self, tone: Tone) -> None:
        self.played.append(tone)
        del self.played[:-20]
        effect = self._effects.get(tone)
        if effect is not None:
            effect.play()  # type: ignore[attr-defined]


def _load_effects(folder: Path | None) -> dict[Tone, object]:
    try:
        from PySide6.QtCore import QUrl
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
    except ImportError as exc:
        log.warning("no QtMultimedia, the gate is silent: %s", exc)
        return {}
    if not QMediaDevices.audioOutputs():
        log.info("no sound device, the gate is silent")
        return {}
    try:
        paths = ensure_sounds(folder)
    except OSError as exc:
        log.warning("cannot write the gate sounds, silent: %s", exc)
        return {}
    effects: dict[Tone, object] = {}
    for tone, path in paths.items():
        effect = QSoundEffect()
        effect.setSource(QUrl.fromLocalFile(str(path)))
        effect.setVolume(0.8)
        effects[tone] = effect
    return effects
