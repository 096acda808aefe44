"""AnnouncementQueue: one call after another, FIFO, never cut off; recalls spoken again."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk.announce.players import MediaPlayerBackend, WavClockBackend
from kiosk.announce.queue import AnnouncementItem, AnnouncementQueue
from kiosk.announce.wavio import wav_duration_s

PART_GAP_MS = 80
ITEM_GAP_MS = 60


class Timeline:
    """Records (label, start, end) from the queue's signals, on a monotonic clock."""

    def __init__(self, queue: AnnouncementQueue) -> None:
        self.starts: list[tuple[str, float]] = []
        self.ends: list[tuple[str, float]] = []
        self.errors: list[str] = []
        queue.announcement_started.connect(lambda label: self.starts.append((label, time.monotonic())))
        queue.announcement_finished.connect(lambda label: self.ends.append((label, time.monotonic())))
        queue.playback_failed.connect(self.errors.append)


@pytest.fixture
def queue(qtbot) -> AnnouncementQueue:
    q = AnnouncementQueue(WavClockBackend(), part_gap_ms=PART_GAP_MS, item_gap_ms=ITEM_GAP_MS)
    yield q
    q.shutdown()


def item(make_wav, label: str, chime_s: float = 0.15, speech_s: float = 0.25) -> AnnouncementItem:
    files = (make_wav(f"{label}-chime", chime_s, 880.0), make_wav(f"{label}-speech", speech_s, 300.0))
    return AnnouncementItem(label, files)


def play_length_s(entry: AnnouncementItem) -> float:
    return sum(wav_duration_s(f) for f in entry.files) + PART_GAP_MS / 1000 * (len(entry.files) - 1)


def wait_finished(qtbot, timeline: Timeline, count: int, timeout_ms: int = 10_000) -> None:
    qtbot.waitUntil(lambda: len(timeline.ends) >= count, timeout=timeout_ms)


def test_items_play_fifo_and_never_overlap(qtbot, queue: AnnouncementQueue, make_wav) -> None:
    timeline = Timeline(queue)
    items = [item(make_wav, "A-001"), item(make_wav, "B-002", 0.1, 0.4), item(make_wav, "A-003")]
    queue.enqueue(items[0])
    queue.enqueue(items[1])
    qtbot.wait(100)  # the third call arrives while the first is still playing
    assert queue.is_busy() and queue.pending_count == 1
    queue.enqueue(items[2])
    wait_finished(qtbot, timeline, 3)
    assert [label for label, _ in timeline.starts] == ["A-001", "B-002", "A-003"]
    assert [label for label, _ in timeline.ends] == ["A-001", "B-002", "A-003"]
    for n in range(2):
        assert timeline.starts[n + 1][1] >= timeline.ends[n][1]
    for entry, (_, start), (_, end) in zip(items, timeline.starts, timeline.ends, strict=True):
        assert end - start >= play_length_s(entry) - 0.02  # played to the end: never cut off


def test_new_call_never_cuts_off_the_playing_one(qtbot, queue: AnnouncementQueue, make_wav) -> None:
    timeline = Timeline(queue)
    long_item = item(make_wav, "A-010", 0.2, 0.8)
    queue.enqueue(long_item)
    qtbot.wait(150)
    queue.enqueue(item(make_wav, "P-001"))
    wait_finished(qtbot, timeline, 2)
    (_, a_start), (_, a_end) = timeline.starts[0], timeline.ends[0]
    assert a_end - a_start >= play_length_s(long_item) - 0.02
    assert timeline.starts[1][1] >= a_end + ITEM_GAP_MS / 1000 - 0.02


def test_recall_is_spoken_again(qtbot, queue: AnnouncementQueue, make_wav) -> None:
    timeline = Timeline(queue)
    first = item(make_wav, "A-042")
    queue.enqueue(first)
    queue.enqueue(item(make_wav, "B-007"))
    queue.enqueue(first)  # the officer pressed Recall while B-007 was still waiting
    wait_finished(qtbot, timeline, 3)
    assert [label for label, _ in timeline.starts] == ["A-042", "B-007", "A-042"]
    assert not queue.is_busy() or queue.pending_count == 0


def test_chime_only_item_plays(qtbot, queue: AnnouncementQueue, make_wav) -> None:
    timeline = Timeline(queue)
    queue.enqueue(AnnouncementItem("C-001", (make_wav("chime", 0.2),)))
    wait_finished(qtbot, timeline, 1)
    assert timeline.ends[0][1] - timeline.starts[0][1] >= 0.18


def test_unreadable_file_reports_and_queue_moves_on(qtbot, queue: AnnouncementQueue, make_wav,
                                                    tmp_path: Path) -> None:
    timeline = Timeline(queue)
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"not a wav at all")
    queue.enqueue(AnnouncementItem("A-001", (broken,)))
    queue.enqueue(item(make_wav, "A-002"))
    wait_finished(qtbot, timeline, 2)
    assert [label for label, _ in timeline.ends] == ["A-001", "A-002"]
    assert timeline.errors and "Unreadable WAV" in timeline.errors[0]


def test_item_without_files_rejected(queue: AnnouncementQueue) -> None:
    with pytest.raises(ValueError):
        queue.enqueue(AnnouncementItem("A-001", ()))


def test_media_player_backend_always_reports_the_end(qtbot, make_wav) -> None:
    """Real QtMultimedia: with or without a sound card the queue gets its 'finished' (watchdog)."""
    backend = MediaPlayerBackend()
    path = make_wav("real", 0.3)
    with qtbot.waitSignal(backend.playback_finished, timeout=8000):
        backend.play(path)
    backend.stop()
