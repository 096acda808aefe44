"""Offline Indonesian speech with espeak-ng, cached on disk, plus the full announcement WAV.

Rendering runs a subprocess (tens to hundreds of ms): call it from a worker thread, never the GUI thread
(kiosk.announce.render does that for the board).
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kiosk.announce.chime import chime_wav
from kiosk.announce.wavio import SAMPLE_RATE, concatenate, read_pcm, silence, write_pcm
from shared.text import Text

DEFAULT_VOICE = "id"
DEFAULT_RATE_WPM = 145  # a little slower than espeak's 175: the hall echoes and many listen from afar
GAP_AFTER_CHIME_S = 0.35
_TIMEOUT_S = 30


NOT_INSTALLED = Text("Suara tidak tersedia: {exe} tidak terpasang. Hanya bunyi bel yang diputar.",
                     "Speech unavailable: {exe} is not installed. Only the chime is played.")
VOICE_MISSING = Text("Suara '{voice}' tidak terpasang di espeak-ng", "Voice '{voice}' is not installed in espeak-ng")
ESPEAK_FAILED = Text("espeak-ng gagal", "espeak-ng failed")
VOICE_FAILED = Text("Suara '{voice}' gagal dibuat", "Speech with voice '{voice}' failed")


class SpeechUnavailable(RuntimeError):
    """Speech cannot be produced here; the caller plays the chime only and shows `text` (str() is its one-line
    form, with the technical `detail` once at the end)."""

    def __init__(self, text: Text, detail: str = "") -> None:
        self.text = text
        self.detail = detail
        super().__init__(f"{text.line()}: {detail}" if detail else text.line())


@dataclass(frozen=True, slots=True)
class SpeechSettings:
    voice: str = DEFAULT_VOICE
    rate_wpm: int = DEFAULT_RATE_WPM
    executable: str = "espeak-ng"


DEFAULT_SPEECH = SpeechSettings()

def default_cache_dir() -> Path:
    """Per-user cache (e.g. ~/.cache/antrian/announce on Linux)."""
    import platformdirs  # imported late: only needed when no directory is given

    return platformdirs.user_cache_path("antrian", appauthor=False) / "announce"


def find_espeak(executable: str = "espeak-ng") -> str:
    """Full path of espeak-ng, or SpeechUnavailable with a bilingual message."""
    path = shutil.which(executable)
    if path is None:
        raise SpeechUnavailable(NOT_INSTALLED.format(exe=executable))
    return path


@functools.lru_cache(maxsize=8)
def installed_voices(exe: str) -> frozenset[str]:
    """Every name espeak-ng accepts for `-v`: languages, voice names and voice files."""
    done = subprocess.run([exe, "--voices"], capture_output=True, text=True, timeout=_TIMEOUT_S, check=False)
    names: set[str] = set()
    for line in done.stdout.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 5:
            names.update((fields[1], fields[3], fields[4], fields[4].rsplit("/", 1)[-1]))
    return frozenset(names)


def check_voice(settings: SpeechSettings = DEFAULT_SPEECH) -> str:
    """The espeak-ng path if `settings.voice` is installed, else SpeechUnavailable.

    espeak-ng itself quietly falls back on a prefix ("no-such-voice" speaks Norwegian), so ask first.
    """
    exe = find_espeak(settings.executable)
    base = settings.voice.split("+", 1)[0]  # "id+f3": a voice with a variant
    if base not in installed_voices(exe):
        raise SpeechUnavailable(VOICE_MISSING.format(voice=settings.voice))
    return exe


def speech_key(phrase: str, settings: SpeechSettings) -> str:
    text = "\x1f".join((phrase, settings.voice, str(settings.rate_wpm)))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def render_speech(
    phrase: str, cache_dir: Path | str | None = None, settings: SpeechSettings = DEFAULT_SPEECH
) -> Path:
    """WAV of `phrase` spoken by espeak-ng, cached by (phrase, voice, rate)."""
    if not phrase.strip():
        raise ValueError("empty phrase")
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    path = folder / f"speech-{speech_key(phrase, settings)}.wav"
    if path.is_file():
        return path
    exe = check_voice(settings)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-speech-", suffix=".wav", dir=folder)
    os.close(fd)
    try:
        _run_espeak(exe, phrase, settings, Path(tmp))
        os.replace(tmp, path)  # atomic: a concurrent render of the same phrase just wins or loses the race
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path


def _run_espeak(exe: str, phrase: str, settings: SpeechSettings, out: Path) -> None:
    # "--" ends the options: a phrase can never be taken for a flag.
    cmd = [exe, "-v", settings.voice, "-s", str(settings.rate_wpm), "-w", str(out), "--", phrase]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SpeechUnavailable(ESPEAK_FAILED, str(exc)) from exc
    if done.returncode != 0 or out.stat().st_size <= 44:
        detail = (done.stderr or done.stdout).strip() or f"exit code {done.returncode}"
        raise SpeechUnavailable(VOICE_FAILED.format(voice=settings.voice), detail)


def write_announcement_wav(
    phrase: str,
    out_path: Path | str,
    cache_dir: Path | str | None = None,
    settings: SpeechSettings = DEFAULT_SPEECH,
) -> Path:
    """One WAV: chime, a short pause, then the speech (all 16-bit mono at SAMPLE_RATE)."""
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    speech = read_pcm(render_speech(phrase, folder, settings))
    chime = read_pcm(chime_wav(folder))
    whole = concatenate([chime, silence(GAP_AFTER_CHIME_S), speech], SAMPLE_RATE)
    return write_pcm(whole, out_path)
