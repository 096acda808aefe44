"""Real espeak-ng renders (skipped where espeak-ng is absent) and the missing-engine path."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kiosk.announce.chime import chime_wav
from kiosk.announce.phrase import announcement_phrase
from kiosk.announce.speech import (
    GAP_AFTER_CHIME_S,
    SpeechSettings,
    SpeechUnavailable,
    check_voice,
    render_speech,
    write_announcement_wav,
)
from kiosk.announce.wavio import SAMPLE_RATE, read_pcm, rms, wav_duration_s

PHRASE = "Nomor antrean A, nol empat dua, silakan menuju loket tiga"


def test_indonesian_voice_is_installed(espeak: str) -> None:
    out = subprocess.run([espeak, "--voices=id"], capture_output=True, text=True, check=True).stdout
    assert any(line.split()[1:2] == ["id"] for line in out.splitlines()[1:])


@pytest.mark.parametrize(
    ("letter", "phonemes"),
    # Indonesian letter names: an English voice would say "si", "jei", "kyu", "wai".
    [("A", "'a"), ("B", "b'e"), ("C", "tS'e"), ("J", "dZ'e"), ("P", "p'e"), ("Q", "k'i"), ("Y", "j'e")],
)
def test_espeak_names_ticket_letters_the_indonesian_way(espeak: str, letter: str, phonemes: str) -> None:
    """Why the phrase keeps prefix letters as plain capitals instead of respelling them."""
    cmd = [espeak, "-v", "id", "-q", "-x", "--", f"Nomor antrean {letter}, nol"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.split()
    assert out[2] == phonemes


def test_render_speech_real_wav(espeak: str, cache_dir: Path) -> None:
    path = render_speech(PHRASE, cache_dir)
    pcm = read_pcm(path)
    assert pcm.rate == SAMPLE_RATE
    assert 2.5 < pcm.duration_s < 10.0  # a dozen words at ~145 wpm
    assert rms(pcm) > 0.02  # real speech energy, not silence


def test_speech_cache_keyed_by_phrase_voice_rate(espeak: str, cache_dir: Path) -> None:
    first = render_speech(PHRASE, cache_dir)
    mtime = first.stat().st_mtime_ns
    assert render_speech(PHRASE, cache_dir) == first and first.stat().st_mtime_ns == mtime
    faster = render_speech(PHRASE, cache_dir, SpeechSettings(rate_wpm=220))
    assert faster != first
    assert wav_duration_s(faster) < wav_duration_s(first)
    other = render_speech(announcement_phrase("B-001", "Loket 2"), cache_dir)
    assert other not in (first, faster)


def test_announcement_wav_is_chime_pause_speech(espeak: str, cache_dir: Path, tmp_path: Path) -> None:
    out = write_announcement_wav(PHRASE, tmp_path / "call.wav", cache_dir)
    chime = read_pcm(chime_wav(cache_dir))
    speech = read_pcm(render_speech(PHRASE, cache_dir))
    whole = read_pcm(out)
    expected = chime.duration_s + GAP_AFTER_CHIME_S + speech.duration_s
    assert abs(whole.duration_s - expected) < 0.01
    n = len(chime.samples)
    assert whole.samples[:n] == chime.samples
    assert whole.samples[-len(speech.samples):] == speech.samples


def test_missing_espeak_raises_bilingual_message(cache_dir: Path) -> None:
    settings = SpeechSettings(executable="espeak-ng-not-installed-here")
    with pytest.raises(SpeechUnavailable) as info:
        render_speech(PHRASE, cache_dir, settings)
    assert "Suara tidak tersedia" in str(info.value) and "Speech unavailable" in str(info.value)


def test_unknown_voice_raises_speech_unavailable(espeak: str, cache_dir: Path) -> None:
    with pytest.raises(SpeechUnavailable, match="no-such-voice"):
        render_speech(PHRASE, cache_dir, SpeechSettings(voice="no-such-voice"))
    assert not list(cache_dir.glob("*.wav"))  # no half-written file pretends to be cached


def test_phrase_starting_with_dash_is_spoken_not_parsed_as_option(espeak: str, cache_dir: Path) -> None:
    assert wav_duration_s(render_speech("-v tidak ada", cache_dir)) > 0.3


def test_check_voice_accepts_indonesian_and_variants(espeak: str) -> None:
    assert check_voice(SpeechSettings(voice="id")) == espeak
    assert check_voice(SpeechSettings(voice="id+f3")) == espeak
    with pytest.raises(SpeechUnavailable, match="not installed"):
        check_voice(SpeechSettings(voice="no-such-voice"))  # espeak-ng alone would speak Norwegian
