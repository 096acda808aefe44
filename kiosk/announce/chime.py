"""The call chime: a soft three-tone "ding-dong-ding" (G5, E5, C5) made with stdlib math.

Each tone is a sine with a quieter octave overtone and an exponential decay, like a struck bell, with a
few milliseconds of attack so there is no click. It is generated once per parameter set and cached.
"""

from __future__ import annotations

import array
import hashlib
import math
from dataclasses import astuple, dataclass
from pathlib import Path

from kiosk.announce.wavio import SAMPLE_RATE, Pcm, write_pcm

_INT16_MAX = 32767


@dataclass(frozen=True, slots=True)
class ChimeSpec:
    """What the chime sounds like; every field is part of the cache key."""

    tones_hz: tuple[float, ...] = (783.99, 659.25, 523.25)  # G5, E5, C5
    tone_spacing_s: float = 0.42  # next tone starts while the previous one rings out
    ring_s: float = 1.1  # length of each tone's decay tail
    decay_per_s: float = 3.2
    peak: float = 0.45  # fraction of full scale: loud enough, never clipping
    rate: int = SAMPLE_RATE


DEFAULT_CHIME = ChimeSpec()


def chime_pcm(spec: ChimeSpec = DEFAULT_CHIME) -> Pcm:
    """Mix the overlapping bell tones into one 16-bit mono buffer."""
    tone_len = round(spec.ring_s * spec.rate)
    offset = round(spec.tone_spacing_s * spec.rate)
    total = offset * (len(spec.tones_hz) - 1) + tone_len
    mix = [0.0] * total
    for index, freq in enumerate(spec.tones_hz):
        start = index * offset
        for i, value in enumerate(_bell_tone(freq, tone_len, spec)):
            mix[start + i] += value
    loudest = max(abs(v) for v in mix) or 1.0
    scale = spec.peak * _INT16_MAX / loudest
    return Pcm(array.array("h", (int(v * scale) for v in mix)), spec.rate)


def _bell_tone(freq: float, length: int, spec: ChimeSpec) -> list[float]:
    attack = max(1, round(0.006 * spec.rate))
    release = max(1, round(0.05 * spec.rate))  # fade the tail to exact zero: no click at the end
    out = []
    for i in range(length):
        t = i / spec.rate
        envelope = math.exp(-spec.decay_per_s * t) * min(1.0, i / attack, (length - i) / release)
        wave_value = math.sin(2 * math.pi * freq * t) + 0.25 * math.sin(4 * math.pi * freq * t)
        out.append(envelope * wave_value)
    return out


def chime_key(spec: ChimeSpec = DEFAULT_CHIME) -> str:
    return hashlib.sha256(repr(astuple(spec)).encode()).hexdigest()[:16]


def chime_wav(cache_dir: Path | str, spec: ChimeSpec = DEFAULT_CHIME) -> Path:
    """The chime as a WAV in `cache_dir`, generated on first use."""
    path = Path(cache_dir) / f"chime-{chime_key(spec)}.wav"
    if not path.is_file():
        write_pcm(chime_pcm(spec), path)
    return path
