"""Announcer: calls rendered off the GUI thread with real espeak-ng, spoken in call order."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk.announce.phrase import announcement_phrase
from kiosk.announce.players import WavClockBackend
from kiosk.announce.render import Announcer
from kiosk.announce.speech import DEFAULT_SPEECH, SpeechSettings, render_speech


@pytest.fixture
def announcer_factory(qtbot, cache_dir: Path):
    made: list[Announcer] = []

    def _make(settings: SpeechSettings = DEFAULT_SPEECH) -> Announcer:
        announcer = Announcer(cache_dir, settings=settings, backend=WavClockBackend(), item_gap_ms=50)
        made.append(announcer)
        return announcer

    yield _make
    for announcer in made:
        announcer.shutdown()


def labels_of(blocker_args: list[list[str]]) -> list[str]:
    return [args[0] for args in blocker_args]


@pytest.mark.slow
def test_calls_spoken_in_call_order_even_when_renders_finish_out_of_order(
    espeak: str, qtbot, cache_dir: Path, announcer_factory
) -> None:
    # The second call's speech is already cached, so its render finishes long before the first one's.
    announcer = announcer_factory(SpeechSettings(rate_wpm=400))  # fast speech keeps the test short
    render_speech(announcement_phrase("B-007", "Loket 2"), cache_dir, SpeechSettings(rate_wpm=400))
    started: list[str] = []
    finished: list[str] = []
    announcer.announcement_started.connect(started.append)
    announcer.announcement_finished.connect(finished.append)
    assert announcer.announce("A-123", "Loket 1")
    assert announcer.announce("B-007", "Loket 2")
    assert announcer.announce("A-123", "Loket 1", label="A-123 recall")
    qtbot.waitUntil(lambda: len(finished) == 3, timeout=30_000)
    assert started == ["A-123", "B-007", "A-123 recall"]
    assert finished == started


def test_announce_returns_before_espeak_has_finished(espeak: str, qtbot, cache_dir: Path,
                                                     announcer_factory) -> None:
    t0 = time.perf_counter()
    render_speech("Nomor antrean C, satu dua tiga, silakan menuju loket sembilan", cache_dir / "probe")
    blocking_s = time.perf_counter() - t0
    announcer = announcer_factory()
    t0 = time.perf_counter()
    announcer.announce("C-124", "Loket 9")
    returned_s = time.perf_counter() - t0
    assert returned_s < blocking_s / 2  # the espeak subprocess ran on a worker thread
    with qtbot.waitSignal(announcer.announcement_started, timeout=15_000) as blocker:
        pass
    assert blocker.args == ["C-124"]


def test_without_espeak_the_chime_still_plays_and_the_reason_is_shown(qtbot, announcer_factory) -> None:
    announcer = announcer_factory(SpeechSettings(executable="espeak-ng-missing"))
    messages: list[str] = []
    announcer.speech_unavailable.connect(messages.append)
    with qtbot.waitSignal(announcer.announcement_finished, timeout=15_000) as blocker:
        announcer.announce("A-042", "Loket 3")
    assert blocker.args == ["A-042"]
    assert messages and "Suara tidak tersedia" in messages[0] and "Speech unavailable" in messages[0]


def test_malformed_ticket_reported_not_queued(qtbot, announcer_factory) -> None:
    announcer = announcer_factory()
    with qtbot.waitSignal(announcer.announcement_failed, timeout=1000) as blocker:
        assert announcer.announce("42", "Loket 3") is False
    assert blocker.args[0] == "42" and "Invalid ticket number" in blocker.args[1]
    assert not announcer.queue.is_busy()
