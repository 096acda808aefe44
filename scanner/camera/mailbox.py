"""A thread-safe one-slot mailbox holding only the newest camera frame.

Capture never waits for decoding or the screen: ``put`` overwrites the old frame. Readers ask for a frame
newer than the sequence number they last saw, so no frame is decoded twice.
"""
from __future__ import annotations

import threading

import numpy as np


class FrameMailbox:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._frame: np.ndarray | None = None
        self._seq = 0
        self._closed = False

    def put(self, frame: np.ndarray) -> int:
        """Store ``frame`` in place of the previous one; returns its sequence number (1, 2, ...)."""
        with self._cond:
            self._frame = frame
            self._seq += 1
            self._cond.notify_all()
            return self._seq

    def latest(self) -> tuple[int, np.ndarray | None]:
        """The newest (sequence number, frame) without waiting; (0, None) before the first frame."""
        with self._cond:
            return self._seq, self._frame

    def get_newer(self, seq: int, timeout: float | None = None) -> tuple[int, np.ndarray] | None:
        """Wait up to ``timeout`` s for a frame numbered above ``seq``; None on timeout or close."""
        with self._cond:
            ready = self._cond.wait_for(lambda: self._seq > seq or self._closed, timeout)
            if not ready or self._seq <= seq or self._frame is None:
                return None
            return self._seq, self._frame

    def close(self) -> None:
        """Wake every waiter (used when the pipeline stops)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    @property
    def closed(self) -> bool:
        with self._cond:
            return self._closed

    def reopen(self) -> None:
        with self._cond:
            self._closed = False
