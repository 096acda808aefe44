"""Realistic demo bookings in the booking server's JSON shape: Indonesian names, structurally valid NIKs,
hourly slots through the office day, families of 1 to 5, some priority, some cancelled or rescheduled."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

FIRST_M = ["AHMAD", "BUDI", "DEDI", "EKO", "FAJAR", "HENDRA", "IRFAN", "JOKO", "RUDI", "SLAMET", "WAHYU", "YUSUF",
           "AGUS", "BAMBANG", "RIZKY", "DIMAS", "ANDI", "HERU", "IMAM", "TAUFIK"]
FIRST_F = ["SITI", "DEWI", "RINA", "AYU", "PUTRI", "NUR", "SRI", "LESTARI", "FITRI", "INDAH", "WULAN", "YULI",
           "RATNA", "MEGA", "DIAN", "NOVI", "ANISA", "MAYA", "TUTI", "LINA"]
LAST = ["AMINAH", "SANTOSO", "WIJAYA", "SAPUTRA", "HIDAYAT", "PURNAMA", "SETIAWAN", "KURNIAWAN", "LUBIS",
        "NASUTION", "SIREGAR", "HASIBUAN", "PRATAMA", "RAHMAWATI", "SUSANTI", "HARAHAP", "SIMANJUNTAK", "TANJUNG",
        "GUNAWAN", "HALIM", "WIBOWO", "UTAMI", "MAULANA", "RAMADHAN"]
# Kalimantan Barat (61) regencies and districts, so NIKs look local to Ketapang.
REGIONS = ["610401", "610402", "610403", "610405", "617101", "617102", "610101", "610601"]
SLOTS = [(time(h, 0), time(h + 1, 0)) for h in (8, 9, 10, 11, 13, 14)]
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone without mistakes


def make_nik(rng: random.Random, female: bool, born: date) -> str:
    day = born.day + (40 if female else 0)
    serial = rng.randint(1, 9999)
    return f"{rng.choice(REGIONS)}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


def booking_code(rng: random.Random) -> str:
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(8))


def _applicant(rng: random.Random, family_name: str, today: date, child: bool) -> dict[str, Any]:
    female = rng.random() < 0.5
    age = rng.randint(1, 4) if child else rng.choice([rng.randint(18, 59)] * 9 + [rng.randint(60, 80)])
    born = today - timedelta(days=age * 365 + rng.randint(0, 364))
    first = rng.choice(FIRST_F if female else FIRST_M)
    replacement = rng.random() < 0.35 and not child
    priority = None
    if child:
        priority = "child"
    elif age >= 60:
        priority = "elderly"
    elif rng.random() < 0.03:
        priority = rng.choice(["disability", "pregnant"] if female else ["disability"])
    return {
        "nik": make_nik(rng, female, born),
        "name": f"{first} {family_name}",
        "application_type": "replacement" if replacement else "new",
        "replacement_reason": rng.choice(["expired"] * 6 + ["full", "lost", "damaged"]) if replacement else None,
        "priority": priority,
    }


def demo_bookings(
    day: date, office_code: str, count: int = 60, seed: int = 7, timezone: str = "Asia/Pontianak"
) -> list[dict[str, Any]]:
    """`count` bookings for `day`, deterministic for a seed; about 5 % cancelled and 3 % rescheduled away."""
    rng = random.Random(f"{seed}:{day.isoformat()}:{office_code}")
    tz = ZoneInfo(timezone)
    made_at = datetime.combine(day - timedelta(days=1), time(19, 0), tzinfo=tz)
    codes: set[str] = set()
    bookings = []
    for index in range(count):
        code = booking_code(rng)
        while code in codes:
            code = booking_code(rng)
        codes.add(code)
        size = rng.choice([1] * 6 + [2] * 3 + [3, 4, 5])
        family = rng.choice(LAST)
        applicants = [_applicant(rng, family, day, child=(i > 1 and rng.random() < 0.3)) for i in range(size)]
        start, end = SLOTS[index * len(SLOTS) // max(count, 1)]
        roll = rng.random()
        status, booked_day = "active", day
        if roll < 0.05:
            status = "cancelled"
        elif roll < 0.08:
            status, booked_day = "rescheduled", day + timedelta(days=rng.randint(1, 14))
        bookings.append(
            {
                "booking_code": code,
                "status": status,
                "date": booked_day.isoformat(),
                "office_code": office_code,
                "slot": {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")},
                "applicants": applicants,
                "updated_at": (made_at + timedelta(minutes=index)).isoformat(),
            }
        )
    return bookings


def demo_payload(day: date, office_code: str, count: int = 60, seed: int = 7, timezone: str = "Asia/Pontianak") -> dict:
    """The whole day as one page of the contract's GET response."""
    tz = ZoneInfo(timezone)
    return {
        "office_code": office_code,
        "date": day.isoformat(),
        "generated_at": datetime.combine(day, time(6, 0), tzinfo=tz).isoformat(),
        "bookings": demo_bookings(day, office_code, count, seed, timezone),
        "next_cursor": None,
    }


def main(argv: list[str] | None = None) -> int:
    """`python -m demo.data [--date D] [--bookings N] [--seed S] [--out FILE]`: write the demo day's bookings as
    the booking server's JSON, or (without --out) import them into the configured database."""
    import argparse
    import json
    import os
    from pathlib import Path

    from shared.clock import now as clock_now
    from shared.config import DEMO_CONFIG, load_config
    from shared.db.engine import open_config_database
    from shared.services.bookings_import import import_bookings, parse_bookings_payload
    from shared.services.counter_ops import ensure_counters

    parser = argparse.ArgumentParser(prog="python -m demo.data", description="Booking demo / demo bookings")
    parser.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD (bawaan: hari ini / default: today)")
    parser.add_argument("--bookings", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, help="tulis JSON, jangan impor / write JSON instead of importing")
    args = parser.parse_args(argv)
    config = load_config(None if os.environ.get("ANTRIAN_CONFIG") else DEMO_CONFIG)  # the demo's, unless named
    day = args.date or clock_now(config.office.tz).date()
    payload = demo_payload(day, config.office.code, args.bookings, args.seed, config.office.timezone)
    if args.out:
        args.out.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"{len(payload['bookings'])} booking -> {args.out}")
        return 0
    db = open_config_database(config)
    try:
        records, _problems = parse_bookings_payload(payload)
        report = db.run(import_bookings, records, clock_now(config.office.tz))
        db.run(ensure_counters, config)
    finally:
        db.dispose()
    print(f"Demo {day}: {report.inserted} baru / new, {report.updated} diperbarui / updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
