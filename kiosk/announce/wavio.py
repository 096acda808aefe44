"""Small PCM WAV helpers on the stdlib `wave` module (audioop is deprecated and gone in 3.13).

Everything the announcer plays is 16-bit mono at SAMPLE_RATE, the rate espeak-ng writes; anything else
(e.g. an MBROLA voice at 16 kHz, 8-bit or stereo input) is converted here by plain Python.
"""

from __future__ import annotations

import array
import os
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

SAMPLE_RATE = 22050  # espeak-ng's native output rate: speech then needs no resampling
_INT16_MAX = 32767


@dataclass(frozen=True, slots=True)
class Pcm:
    """16-bit signed mono samples at `rate` Hz."""

    samples: array.array
    rate: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / self.rate


def wav_duration_s(path: Path | str) -> float:
    """Playing time of a WAV file, read from its header."""
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def read_pcm(path: Path | str) -> Pcm:
    """Read any PCM WAV (8/16/32-bit, mono/stereo) as 16-bit mono."""
    with wave.open(str(path), "rb") as wav:
        width, channels, rate = wav.getsampwidth(), wav.getnchannels(), wav.getframerate()
        raw = wav.readframes(wav.getnframes())
    samples = _to_int16(raw, width)
    if channels > 1:
        samples = _downmix(samples, channels)
    return Pcm(samples, rate)


def _to_int16(raw: bytes, width: int) -> array.array:
    if width == 1:  # unsigned 8-bit
        return array.array("h", ((b - 128) << 8 for b in raw))
    if width == 2:
        out = array.array("h")
        out.frombytes(raw)
    elif width == 4:
        wide = array.array("i")
        wide.frombytes(raw)
        if sys.byteorder == "big":
            wide.byteswap()
        return array.array("h", (v >> 16 for v in wide))
    else:
        raise ValueError(f"unsupported WAV sample width: {width} bytes")
    if sys.byteorder == "big":  # WAV data is little-endian
        out.byteswap()
    return out


def _downmix(samples: array.array, channels: int) -> array.array:
    frames = len(samples) // channels
    return array.array(
        "h", (sum(samples[i * channels:(i + 1) * channels]) // channels for i in range(frames))
    )


def resample(pcm: Pcm, rate: int) -> Pcm:
    """Linear-interpolation resampling: plenty for speech going to a loudspeaker."""
    if pcm.rate == rate or not pcm.samples:
        return Pcm(pcm.samples, rate)
    src = pcm.samples
    count = max(1, round(len(src) * rate / pcm.rate))
    step = pcm.rate / rate
    last = len(src) - 1
    out = array.array("h", bytes(2 * count))
    for i in range(count):
        pos = i * step
        j = min(int(pos), last)
        frac = pos - j
        nxt = src[min(j + 1, last)]
        out[i] = int(src[j] + (nxt - src[j]) * frac)
    return Pcm(out, rate)


def silence(seconds: float, rate: int = SAMPLE_RATE) -> Pcm:
    return Pcm(array.array("h", bytes(2 * round(seconds * rate))), rate)


def concatenate(parts: list[Pcm], rate: int = SAMPLE_RATE) -> Pcm:
    out = array.array("h")
    for part in parts:
        out.extend(resample(part, rate).samples)
    return Pcm(out, rate)


def write_pcm(pcm: Pcm, path: Path | str) -> Path:
    """Write atomically (temp file + rename): the board and the CLI may share a cache directory."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = array.array("h", pcm.samples)
    if sys.byteorder == "big":
        data.byteswap()
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".wav", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle, wave.open(handle, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(pcm.rate)
            wav.writeframes(data.tobytes())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def rms(pcm: Pcm) -> float:
    """Root-mean-square level, 0..1 of full scale (tests and sanity checks)."""
    if not pcm.samples:
        return 0.0
    return (sum(s * s for s in pcm.samples) / len(pcm.samples)) ** 0.5 / _INT16_MAX
