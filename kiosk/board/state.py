"""What the board knows of the call log: the calls it shows and which new ones to announce (Qt-free).

The call log (`call_event`) is the truth; this only remembers the highest id seen, so each read asks for
what is new. A recall is a new row with the same number: it moves that number back to the top and is
announced again, but the recent list shows each number once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from shared.domain import CallEventView


@dataclass
class BoardState:
    recent_limit: int
    last_seen: int = 0
    loaded: bool = False
    day: date | None = None
    calls: list[CallEventView] = field(default_factory=list)  # newest first, one per number

    @property
    def newest(self) -> CallEventView | None:
        return self.calls[0] if self.calls else None

    @property
    def previous(self) -> list[CallEventView]:
        return self.calls[1 : self.recent_limit + 1]

    def apply(self, day: date, new_calls: list[CallEventView]) -> list[CallEventView]:
        """Merge calls read newest first; return the ones to announce, oldest first.

        The first read only fills the screen: a board restarted at noon must not call the whole morning.
        """
        if self.day != day:
            self.calls = []
            self.day = day
        fresh = sorted((c for c in new_calls if c.id > self.last_seen), key=lambda c: c.id)
        for call in fresh:
            self.calls = [call] + [c for c in self.calls if c.number != call.number]
        del self.calls[self.recent_limit + 1 :]
        if fresh:
            self.last_seen = fresh[-1].id
        first, self.loaded = not self.loaded, True
        return [] if first else fresh

    def is_fresh(self, call: CallEventView, now: datetime, blink_seconds: float) -> bool:
        """A call younger than blink_seconds still blinks (also right after a restart or a snapshot)."""
        return now - call.at < timedelta(seconds=blink_seconds)
