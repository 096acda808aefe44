"""Fixtures for the board's announcer tests: offscreen Qt, a cache dir, real WAV files."""

from __future__ import annotations

import array
import math
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.announce.wavio import SAMPLE_RATE, Pcm, write_pcm  # noqa: E402


@pytest.fixture
def espeak() -> str:
    """Path of espeak-ng; the test is skipped where it is not installed."""
    path = shutil.which("espeak-ng")
    if path is None:
        pytest.skip("espeak-ng is not installed on this machine")
    return path


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _tone(seconds: float, freq: float = 440.0, rate: int = SAMPLE_RATE, level: float = 0.3) -> Pcm:
    count = round(seconds * rate)
    amp = level * 32767
    return Pcm(array.array("h", (int(amp * math.sin(2 * math.pi * freq * i / rate)) for i in range(count))), rate)


@pytest.fixture
def tone():
    """Build a sine-tone Pcm: tone(seconds, freq=440, rate=SAMPLE_RATE)."""
    return _tone


@pytest.fixture
def make_wav(tmp_path: Path):
    """Write a real tone WAV of the given length and return its path."""

    def _make(name: str, seconds: float, freq: float = 440.0) -> Path:
        return write_pcm(_tone(seconds, freq), tmp_path / "wav" / f"{name}.wav")

    return _make
