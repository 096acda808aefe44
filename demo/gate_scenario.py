"""A known office morning for the gate's tests, screenshots and benchmark: one booking per decision.

At 10:40 on the scenario day (office time), each code below gets its decision; `extra` are more valid
bookings (slot 10:00-11:00) for camera tests and the benchmark. Qt-free; imports bookings like a sync would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from demo.data import demo_payload
from shared.config import Config
from shared.db.engine import Database
from shared.db.models import SyncState
from shared.domain import Decision
from shared.services.bookings_import import import_bookings, parse_bookings_payload, withdraw_missing
from shared.services.checkin import check_in
from shared.services.counter_ops import ensure_counters

DAY = date(2026, 11, 28)
AT = time(10, 40)
CODES = {
    Decision.VALID: "K7Q2M9XA",
    Decision.ALREADY_CHECKED_IN: "R4TN8WQE",
    Decision.TOO_EARLY: "H2PD6LMC",
    Decision.TOO_LATE: "T9XB3KFA",
    Decision.WRONG_DATE: "W3JC7RNA",
    Decision.WRONG_OFFICE: "P8LM2QVD",
    Decision.CANCELLED: "C5VK9HTE",
    Decision.WITHDRAWN: "D4WN7RXK",
    Decision.UNKNOWN: "ZX8Q4PLM",
    Decision.MALFORMED: "HTTPS://X.ID/?B=1",
}
FAMILY = [
    {"nik": "6104014101900003", "name": "SITI AMINAH", "application_type": "new", "replacement_reason": None,
     "priority": None},
    {"nik": "6104010507880002", "name": "BUDI SANTOSO", "application_type": "replacement",
     "replacement_reason": "expired", "priority": None},
    {"nik": "6104015203230001", "name": "PUTRI SANTOSO", "application_type": "new", "replacement_reason": None,
     "priority": "child"},
]
SINGLE = [{"nik": "6171021208750004", "name": "AHMAD HIDAYAT", "application_type": "new",
           "replacement_reason": None, "priority": None}]


@dataclass(frozen=True)
class GateScenario:
    day: date
    now: datetime
    codes: dict[Decision, str]
    extra: tuple[str, ...] = field(default=())


def _booking(code: str, day: date, office: str, slot: tuple[int, int], people: list[dict[str, Any]],
             status: str = "active") -> dict[str, Any]:
    return {"booking_code": code, "status": status, "date": day.isoformat(), "office_code": office,
            "slot": {"start": f"{slot[0]:02d}:00", "end": f"{slot[1]:02d}:00"}, "applicants": people,
            "updated_at": f"{(day - timedelta(days=1)).isoformat()}T19:00:00+07:00"}


def extra_code(index: int) -> str:
    """Valid-looking codes for the extra bookings: 'Q' + 7 digits of the index."""
    return f"Q{index:07d}"


def scenario_payload(config: Config, day: date = DAY, extra: int = 0) -> list[dict[str, Any]]:
    office = config.office.code
    c = CODES
    bookings = [
        _booking(c[Decision.VALID], day, office, (10, 11), FAMILY),
        _booking(c[Decision.ALREADY_CHECKED_IN], day, office, (10, 11), SINGLE[:1] + FAMILY[:1]),
        _booking(c[Decision.TOO_EARLY], day, office, (13, 14), SINGLE),
        _booking(c[Decision.TOO_LATE], day, office, (8, 9), FAMILY[1:2]),
        _booking(c[Decision.WRONG_DATE], day + timedelta(days=3), office, (9, 10), SINGLE),
        _booking(c[Decision.WRONG_OFFICE], day, "KANIM-PONTIANAK", (10, 11), SINGLE),
        _booking(c[Decision.CANCELLED], day, office, (10, 11), SINGLE, status="cancelled"),
        _booking(c[Decision.WITHDRAWN], day, office, (10, 11), SINGLE),  # gone from the next full sync
    ]
    bookings += [_booking(extra_code(i), day, office, (10, 11), SINGLE) for i in range(extra)]
    return bookings


def build_scenario(db: Database, config: Config, day: date = DAY, extra: int = 0, background: int = 30,
                   synced_minutes_ago: int = 12) -> GateScenario:
    """Import the scenario (plus `background` demo bookings for realistic counts) and check one in already."""
    tz = config.office.tz
    now = datetime.combine(day, AT, tzinfo=tz)
    items = scenario_payload(config, day, extra)
    if background:
        items += demo_payload(day, config.office.code, background, 11, config.office.timezone)["bookings"]
    records, problems = parse_bookings_payload(items)
    if problems:
        raise ValueError(f"scenario bookings rejected: {problems}")
    db.run(import_bookings, records, now - timedelta(hours=3))
    still_listed = {r.code for r in records} - {CODES[Decision.WITHDRAWN]}
    db.run(withdraw_missing, config.office.code, day, still_listed, now - timedelta(hours=1))
    db.run(ensure_counters, config)
    db.run(check_in, config, CODES[Decision.ALREADY_CHECKED_IN], "GATE-2", now - timedelta(minutes=35))
    if synced_minutes_ago is not None:
        db.run(_set_last_sync, now - timedelta(minutes=synced_minutes_ago))
    return GateScenario(day, now, dict(CODES), tuple(extra_code(i) for i in range(extra)))


def _set_last_sync(session, at: datetime) -> None:
    row = session.get(SyncState, "last_sync_at")
    if row is None:
        session.add(SyncState(key="last_sync_at", value=at.isoformat(), updated_at=at))
    else:
        row.value, row.updated_at = at.isoformat(), at
