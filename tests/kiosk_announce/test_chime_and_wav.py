"""The chime WAV and the stdlib PCM conversions used to join chime and speech."""

from __future__ import annotations

import array
import math
import wave
from pathlib import Path

from kiosk.announce.chime import ChimeSpec, chime_pcm, chime_wav
from kiosk.announce.wavio import (
    SAMPLE_RATE,
    Pcm,
    concatenate,
    read_pcm,
    resample,
    rms,
    silence,
    wav_duration_s,
    write_pcm,
)


def dominant_freq(samples: array.array, rate: int, candidates: list[float]) -> float:
    """The candidate frequency with the most energy (a tiny Goertzel-style probe)."""

    def power(freq: float) -> float:
        re = sum(s * math.cos(2 * math.pi * freq * i / rate) for i, s in enumerate(samples))
        im = sum(s * math.sin(2 * math.pi * freq * i / rate) for i, s in enumerate(samples))
        return re * re + im * im

    return max(candidates, key=power)


def test_chime_wav_format_and_length(cache_dir: Path) -> None:
    path = chime_wav(cache_dir)
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, SAMPLE_RATE)
    assert 1.0 < wav_duration_s(path) < 3.0


def test_chime_is_loud_but_not_clipping_and_starts_ends_quietly(cache_dir: Path) -> None:
    pcm = read_pcm(chime_wav(cache_dir))
    peak = max(abs(s) for s in pcm.samples)
    assert 0.3 * 32767 < peak < 0.6 * 32767
    assert rms(pcm) > 0.05
    assert abs(pcm.samples[0]) < 200 and abs(pcm.samples[-1]) < 50  # no click at either end


def test_chime_has_three_descending_tones(cache_dir: Path) -> None:
    spec = ChimeSpec()
    pcm = read_pcm(chime_wav(cache_dir, spec))
    step = round(spec.tone_spacing_s * spec.rate)
    window = round(0.05 * spec.rate)
    heard = []
    for index in range(3):
        start = index * step + round(0.01 * spec.rate)
        heard.append(dominant_freq(pcm.samples[start:start + window], spec.rate, list(spec.tones_hz)))
    assert heard == list(spec.tones_hz)


def test_chime_is_cached_by_spec(cache_dir: Path) -> None:
    first = chime_wav(cache_dir)
    mtime = first.stat().st_mtime_ns
    assert chime_wav(cache_dir) == first and first.stat().st_mtime_ns == mtime
    other = chime_wav(cache_dir, ChimeSpec(tones_hz=(659.25, 523.25)))
    assert other != first and other.is_file()
    assert len(chime_pcm(ChimeSpec(tones_hz=(659.25, 523.25))).samples) < len(read_pcm(first).samples)


def test_resample_keeps_duration_and_pitch(tone) -> None:
    src = tone(0.5, 1000.0, rate=16000)
    out = resample(src, SAMPLE_RATE)
    assert out.rate == SAMPLE_RATE
    assert abs(out.duration_s - 0.5) < 0.001
    probe = out.samples[1000:3000]
    assert dominant_freq(probe, SAMPLE_RATE, [800.0, 1000.0, 1378.0]) == 1000.0


def test_read_pcm_converts_8bit_stereo(tmp_path: Path) -> None:
    path = tmp_path / "u8.wav"
    frames = bytes(v for i in range(800) for v in ((128 + 100, 128 - 100) if i % 2 else (128, 128)))
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(1)
        wav.setframerate(8000)
        wav.writeframes(frames)
    pcm = read_pcm(path)
    assert pcm.rate == 8000 and len(pcm.samples) == 800
    assert all(s == 0 for s in pcm.samples)  # left and right cancel out in the down-mix


def test_concatenate_and_write(tmp_path: Path, tone) -> None:
    parts = [tone(0.2), silence(0.1), tone(0.3, rate=11025)]
    whole = concatenate(parts)
    assert abs(whole.duration_s - 0.6) < 0.001
    path = write_pcm(whole, tmp_path / "out" / "whole.wav")
    assert abs(wav_duration_s(path) - 0.6) < 0.001
    assert read_pcm(path).samples == whole.samples
    assert not list(path.parent.glob(".tmp-*"))  # the atomic write leaves no temp file behind


def test_rms_of_silence_is_zero() -> None:
    assert rms(silence(0.1)) == 0.0
    assert rms(Pcm(array.array("h"), SAMPLE_RATE)) == 0.0
