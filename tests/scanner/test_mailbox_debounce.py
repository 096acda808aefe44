from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from scanner.camera.mailbox import FrameMailbox
from scanner.decode.debounce import Debouncer


def frame(value: int) -> np.ndarray:
    return np.full((2, 2), value, np.uint8)


def test_put_keeps_only_the_newest_frame():
    box = FrameMailbox()
    assert box.latest() == (0, None)
    box.put(frame(1))
    seq = box.put(frame(2))
    got_seq, got = box.latest()
    assert (got_seq, int(got[0, 0])) == (seq, 2) == (2, 2)


def test_get_newer_returns_at_once_when_a_newer_frame_is_there():
    box = FrameMailbox()
    box.put(frame(7))
    seq, got = box.get_newer(0, timeout=0)
    assert (seq, int(got[0, 0])) == (1, 7)


def test_get_newer_times_out_without_a_newer_frame():
    box = FrameMailbox()
    box.put(frame(1))
    start = time.monotonic()
    assert box.get_newer(1, timeout=0.05) is None
    assert time.monotonic() - start >= 0.04


def test_get_newer_wakes_when_another_thread_puts():
    box = FrameMailbox()
    threading.Timer(0.05, box.put, args=(frame(3),)).start()
    seq, got = box.get_newer(0, timeout=2)
    assert (seq, int(got[0, 0])) == (1, 3)


def test_close_wakes_waiters():
    box = FrameMailbox()
    threading.Timer(0.05, box.close).start()
    start = time.monotonic()
    assert box.get_newer(0, timeout=2) is None
    assert time.monotonic() - start < 1


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_same_code_within_window_is_one_scan():
    clock = FakeClock()
    debounce = Debouncer(3.0, clock)
    assert debounce.accept("K7Q2M9XA")
    clock.now += 1.0
    assert not debounce.accept("K7Q2M9XA")
    assert debounce.accept("OTHER123")


def test_a_held_phone_stays_one_scan_and_a_return_is_a_new_scan():
    clock = FakeClock()
    debounce = Debouncer(3.0, clock)
    assert debounce.accept("K7Q2M9XA")
    for _ in range(10):           # seen every second for 10 s: still the same scan
        clock.now += 1.0
        assert not debounce.accept("K7Q2M9XA")
    clock.now += 3.5              # away for longer than the window, then shown again
    assert debounce.accept("K7Q2M9XA")


def test_negative_window_is_rejected():
    with pytest.raises(ValueError, match="Negative debounce window"):
        Debouncer(-1)
