"""Builders for core tests: bookings in the contract's shape, imported through the real import service."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from shared.config import Config
from shared.db.engine import Database
from shared.services.bookings_import import import_bookings, parse_bookings_payload
from shared.services.counter_ops import ensure_counters

NIKS = ["6104014101900003", "6104015203850011", "6171020512700004", "6104034506100021", "6104011210550007"]


def applicant(i: int = 0, kind: str = "new", priority: str | None = None, reason: str | None = None) -> dict[str, Any]:
    return {"nik": NIKS[i % len(NIKS)], "name": f"PEMOHON {i + 1}", "application_type": kind,
            "replacement_reason": reason if kind == "replacement" else None, "priority": priority}


def booking(code: str, day: date, start: str = "08:00", end: str = "09:00", status: str = "active",
            office: str = "KANIM-KETAPANG", applicants: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"booking_code": code, "status": status, "date": day.isoformat(), "office_code": office,
            "slot": {"start": start, "end": end}, "applicants": applicants or [applicant(0)],
            "updated_at": "2026-11-27T19:12:44+07:00"}


def load(db: Database, config: Config, bookings: list[dict[str, Any]]) -> None:
    records, problems = parse_bookings_payload({"bookings": bookings})
    assert not problems, problems
    db.run(import_bookings, records, datetime(2026, 11, 28, 6, 0, tzinfo=config.office.tz))
    db.run(ensure_counters, config)


def at(config: Config, day: date, hhmm: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), tzinfo=config.office.tz)
