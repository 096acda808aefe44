"""The office clock: one time for every PC of the office.

- `pc_now(tz)`: this PC's own clock. Normally the wall clock; the demo runs a simulated morning that every process
  agrees on: ANTRIAN_CLOCK="<simulated start, ISO-8601 with offset>@<real start, Unix seconds>" makes it run from
  that start (tests also use it to set a PC's clock wrong).
- `now(tz)`: the office's time = this PC's clock + the offset to the database server. On PostgreSQL every PC
  measures that offset against the server's clock (`shared.services.office_clock.sync_office_clock`, at start
  and every few minutes on the db lane), so "too early / too late" and every timestamp follow ONE clock, the
  server's, whatever a PC's own clock says. On SQLite (one PC) the offset stays 0.
"""

from __future__ import annotations

import os
import threading
import time
from datetime import datetime, timedelta, tzinfo

_lock = threading.Lock()
_offset_seconds = 0.0
_measured = False


def pc_now(tz: tzinfo) -> datetime:
    """This PC's own clock (ANTRIAN_CLOCK, or the wall clock), without the office offset."""
    spec = os.environ.get("ANTRIAN_CLOCK", "")
    if not spec:
        return datetime.now(tz)
    simulated, _, real = spec.partition("@")
    start = datetime.fromisoformat(simulated)
    elapsed = time.time() - float(real or time.time())
    return (start + timedelta(seconds=elapsed)).astimezone(tz)


def now(tz: tzinfo) -> datetime:
    """The office's time: this PC's clock corrected by the last measured offset to the database server."""
    return pc_now(tz) + timedelta(seconds=_offset_seconds)


def set_offset(seconds: float) -> None:
    """The database server's clock minus this PC's clock, as measured (0 on SQLite)."""
    global _offset_seconds, _measured
    with _lock:
        _offset_seconds = float(seconds)
        _measured = True


def offset() -> float:
    """The offset now() applies, in seconds (positive: this PC's clock is behind the server's)."""
    return _offset_seconds


def measured() -> bool:
    """True once an offset was measured (or set) in this process."""
    return _measured


def reset() -> None:
    """Back to this PC's own clock (tests)."""
    global _offset_seconds, _measured
    with _lock:
        _offset_seconds, _measured = 0.0, False


def simulated_clock(start: datetime) -> str:
    """The ANTRIAN_CLOCK value for a morning that starts at `start` now."""
    return f"{start.isoformat()}@{time.time():.3f}"
