"""The demo office's staff: who signs in at the gate, the two lokets and the supervisor's desk (README lists them).

Real NIPs have this shape (birth date, appointment month, sex, sequence); these belong to nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from shared.config import Config
from shared.db.engine import Database
from shared.services import staff


@dataclass(frozen=True)
class DemoOfficer:
    nip: str
    name: str
    roles: tuple[str, ...]
    pin: str


GATE = DemoOfficer("199001012015031003", "Rudi Hartono", ("gate",), "112233")
COUNTER_1 = DemoOfficer("198703152010121002", "Dewi Lestari", ("counter",), "246810")
COUNTER_2 = DemoOfficer("199206302016022001", "Ayu Wulandari", ("counter",), "808080")
SUPERVISOR = DemoOfficer("197905202005011001", "Bambang Sutrisno", ("admin", "supervisor"), "135790")
OFFICERS = (GATE, COUNTER_1, COUNTER_2, SUPERVISOR)


def seed_officers(db: Database, config: Config, now: datetime) -> int:
    """Registers the demo officers that are missing; returns how many were added."""
    known = {o.nip for o in db.read(staff.list_officers)}
    added = 0
    for officer in OFFICERS:
        if officer.nip not in known:
            db.run(staff.add_officer, config, officer.nip, officer.name, officer.roles, officer.pin, now)
            added += 1
    return added
