"""One scan per code: the same code seen again within ``window`` seconds is not reported again.

The camera sees a held phone in every frame; the gate must check it in once. The window restarts each time
the code is seen, so a phone held still for a minute is still one scan.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

from shared.text import Text

DEFAULT_WINDOW_S = 3.0


class Debouncer:
    def __init__(self, window: float = DEFAULT_WINDOW_S, clock: Callable[[], float] = time.monotonic) -> None:
        if window < 0:
            raise ValueError((Text("Jendela debounce negatif", "Negative debounce window") + f": {window}").line())
        self.window = window
        self._clock = clock
        self._last_seen: dict[str, float] = {}

    def accept(self, code: str) -> bool:
        """True when ``code`` is a new scan; every sighting refreshes its window."""
        now = self._clock()
        self._forget_older_than(now)
        last = self._last_seen.get(code)
        self._last_seen[code] = now
        return last is None or now - last > self.window

    def _forget_older_than(self, now: float) -> None:
        # Keeps the table small over a long day of scanning.
        stale = [code for code, seen in self._last_seen.items() if now - seen > self.window]
        for code in stale:
            del self._last_seen[code]

    def reset(self) -> None:
        self._last_seen.clear()


class SharedDebouncer(Debouncer):
    """One debounce for the camera (decode thread) and the keyboard (GUI thread): a lock makes it safe, and
    a code counts as the same whatever its case or surrounding spaces."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lock = threading.Lock()

    def accept(self, code: str) -> bool:
        with self._lock:
            return super().accept(code.strip().upper())
