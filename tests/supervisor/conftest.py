"""A scripted day for the supervisor's view (office time, Asia/Pontianak; demo config: C and I target 15 min):

  08:00 walk-in pickup C-001   08:05 C-002   08:10 info I-001   08:20 C-003
  08:05 Loket 2 pauses (and stays paused)
  08:15 Loket 3 calls C-001 (wait 15 min = the target: within)   08:25 done (service 600 s)
  08:30 Loket 3 calls C-002 (wait 25 min: late)                  08:34 done (service 240 s)
  08:50 Loket 3 calls I-001 (wait 40 min: late), serving it at 09:00
  stations: GATE-1 (gate) beat 08:59:30 (alive), BOARD-1 (board) last beat 08:50 (gone)
At 09:00 C-003 has waited 40 min (> 15: alert), Loket 2 has been paused 55 min (> 20: alert).
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from shared.services import counter_ops as ops  # noqa: E402
from shared.services.stations import claim_station  # noqa: E402
from shared.services.tickets import issue_walk_in  # noqa: E402

DAY = date(2026, 11, 28)
REPO_ROOT = Path(__file__).resolve().parents[2]


def at(config, hhmm: str) -> datetime:
    return datetime.combine(DAY, time.fromisoformat(hhmm), tzinfo=config.office.tz)


def script_day(db, config) -> None:
    db.run(ops.ensure_counters, config)
    for kind, hhmm in (("pickup", "08:00"), ("pickup", "08:05"), ("info", "08:10"), ("pickup", "08:20")):
        db.run(issue_walk_in, config, kind, at(config, hhmm))
    db.run(ops.set_paused, config, "Loket 2", True, at(config, "08:05"))
    for call, end in (("08:15", "08:25"), ("08:30", "08:34")):
        db.run(ops.call_next, config, "Loket 3", at(config, call))
        db.run(ops.done, config, "Loket 3", at(config, end))
    assert db.run(ops.call_next, config, "Loket 3", at(config, "08:50")).ticket.number == "I-001"
    db.run(claim_station, "GATE-1", "gate", "pc-gate", 101, at(config, "08:00"))
    db.run(claim_station, "BOARD-1", "board", "pc-board", 102, at(config, "08:50"))
    from shared.services.stations import StationClaim, beat

    db.run(beat, StationClaim("GATE-1", "gate", "pc-gate", 101), at(config, "08:59:30"))


@pytest.fixture
def day_db(sqlite_db, config):
    script_day(sqlite_db, config)
    return sqlite_db
