"""What the demo camera shows on autopilot: today's bookings, plus the codes a real gate meets — a booking for
another day, a cancelled one, one shown twice, a family too late for its slot (the supervisor lets it in), and
things that are not booking codes at all."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

import requests
from sqlalchemy import select

from demo.data import demo_payload
from shared.clock import now
from shared.config import Config
from shared.db.engine import open_config_database
from shared.db.models import Booking
from shared.services.bookings_import import import_bookings, parse_bookings_payload

GARBAGE = ["HELLO WORLD", "https://example.com/promo?id=42", "12345"]


def _other_day_codes(db, config: Config, day: date) -> list[str]:
    """Tomorrow's bookings are in the list too (a real sync of several days); one of them is scanned today."""
    payload = demo_payload(day + timedelta(days=1), config.office.code, 4, seed=99, timezone=config.office.timezone)
    records, _ = parse_bookings_payload(payload)
    db.run(import_bookings, records, now(config.office.tz))
    return [r.code for r in records if r.status == "active"][:1]


def _late_codes(db, config: Config, day: date) -> list[str]:
    """A family booked for 07:00-07:30 arrives after the window closed: the gate asks for the supervisor."""
    payload = demo_payload(day, config.office.code, 1, seed=77, timezone=config.office.timezone)
    for booking in payload["bookings"]:
        booking.update(status="active", slot={"start": "07:00", "end": "07:30"})
    if config.booking_server.url:  # the central server knows it too, so its check-in is accepted on upload
        for booking in payload["bookings"]:
            requests.post(f"{config.booking_server.url}/_sim/put", json={"booking": booking}, timeout=10)
    records, _ = parse_bookings_payload(payload)
    db.run(import_bookings, records, now(config.office.tz))
    return [r.code for r in records]


def write_demo_codes(out: Path, config: Config, count: int = 18) -> Path:
    db = open_config_database(config)
    today = now(config.office.tz).date()
    clock = now(config.office.tz)
    with db.sessions() as s:
        rows = s.execute(select(Booking.code, Booking.status, Booking.day, Booking.slot_start).where(Booking.day >= today)).all()
    # Codes whose arrival window is open on the simulated morning, and one family that came too early.
    opens = {c: datetime.combine(d, start, tzinfo=config.office.tz) - timedelta(minutes=config.checkin.early_minutes)
             for c, st, d, start in rows}
    active = sorted(c for c, st, d, _ in rows if st == "active" and d == today and opens[c] <= clock)
    early = sorted(c for c, st, d, _ in rows if st == "active" and d == today and opens[c] > clock)[:1]
    cancelled = [c for c, st, d, _ in rows if st != "active"][:2]
    other_day = _other_day_codes(db, config, today)
    late = _late_codes(db, config, today)
    db.dispose()
    rng = random.Random(5)
    chosen = rng.sample(active, min(count, len(active)))
    codes = chosen[:]
    codes.insert(4, chosen[0])  # the same family scans again: ALREADY_CHECKED_IN
    for i, extra in enumerate(cancelled + other_day + late + early + GARBAGE):
        codes.insert(3 + i * 3, extra)
    path = out / "demo-codes.txt"
    path.write_text("\n".join(codes) + "\n", encoding="utf-8")
    return path
