"""The office clock. Normally the wall clock; the demo runs a simulated morning that every process agrees on:
ANTRIAN_CLOCK="<simulated start, ISO-8601 with offset>@<real start, Unix seconds>" makes now() run from that start."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, tzinfo


def now(tz: tzinfo) -> datetime:
    spec = os.environ.get("ANTRIAN_CLOCK", "")
    if not spec:
        return datetime.now(tz)
    simulated, _, real = spec.partition("@")
    start = datetime.fromisoformat(simulated)
    elapsed = time.time() - float(real or time.time())
    return (start + timedelta(seconds=elapsed)).astimezone(tz)


def simulated_clock(start: datetime) -> str:
    """The ANTRIAN_CLOCK value for a morning that starts at `start` now."""
    return f"{start.isoformat()}@{time.time():.3f}"
