"""The booking server's JSON into the local database: tolerant reading, strict storing, upsert by code.

A malformed record is skipped and reported by its code and reason; the rest of the day still imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, selectinload

from shared.db.models import Applicant, Booking
from shared.domain import (
    MAX_APPLICANTS,
    ApplicationType,
    BookingStatus,
    ImportProblem,
    ImportReport,
    Priority,
    ReplacementReason,
    nik_problem,
    normalise_code,
)

CODE_RE = re.compile(r"[A-Z0-9]{4,16}", re.ASCII)
OFFICE_CODE_MAX = 64  # the column's length: a longer value is this record's fault, not the whole page's
# What the server may say; `withdrawn` is ours (a booking gone from a full sync), never read from a payload.
SERVER_STATUSES = frozenset({BookingStatus.ACTIVE, BookingStatus.CANCELLED, BookingStatus.RESCHEDULED})


@dataclass(frozen=True)
class ApplicantRecord:
    nik: str
    name: str
    application_type: str
    replacement_reason: str | None
    priority: str | None


@dataclass(frozen=True)
class BookingRecord:
    code: str
    status: str
    day: date
    office_code: str
    slot_start: time
    slot_end: time
    applicants: tuple[ApplicantRecord, ...]
    updated_at: datetime | None


class BadRecord(ValueError):
    pass


def parse_bookings_payload(data: Any, office_code: str | None = None) -> tuple[list[BookingRecord], list[ImportProblem]]:
    """The contract's page ({"bookings": [...]}) or a bare list of bookings into records and problems."""
    if isinstance(data, dict):
        items = data.get("bookings")
    else:
        items = data
    if not isinstance(items, list):
        raise BadRecord("isi bukan daftar booking / payload has no 'bookings' list")
    records: list[BookingRecord] = []
    problems: list[ImportProblem] = []
    for index, item in enumerate(items):
        code = item.get("booking_code") if isinstance(item, dict) else None
        label = code if isinstance(code, str) and code else f"#{index + 1}"
        try:
            records.append(parse_booking(item))
        except BadRecord as exc:
            problems.append(ImportProblem(booking_code=str(label)[:32], reason=str(exc)))
    return records, problems


def parse_booking(item: Any) -> BookingRecord:
    if not isinstance(item, dict):
        raise BadRecord("booking bukan objek / booking is not an object")
    code = normalise_code(_text(item, "booking_code"))
    if not CODE_RE.fullmatch(code):
        raise BadRecord(f"booking_code {code[:20]!r} tidak sah / is not A-Z0-9, 4-16 characters")
    status = _text(item, "status", "active")
    if status not in SERVER_STATUSES:
        raise BadRecord(f"status {status!r} tidak dikenal / unknown status")
    slot = item.get("slot")
    if not isinstance(slot, dict):
        raise BadRecord("slot hilang / slot is missing")
    start, end = _time(slot, "start"), _time(slot, "end")
    if end <= start:
        raise BadRecord(f"slot {start}-{end}: akhir sebelum awal / ends before it starts")
    raw_applicants = item.get("applicants")
    if not isinstance(raw_applicants, list) or not 1 <= len(raw_applicants) <= MAX_APPLICANTS:
        n = len(raw_applicants) if isinstance(raw_applicants, list) else 0
        raise BadRecord(f"{n} pemohon; harus 1 sampai {MAX_APPLICANTS} / {n} applicants; must be 1 to {MAX_APPLICANTS}")
    return BookingRecord(
        code=code,
        status=status,
        day=_date(item, "date"),
        office_code=_office_code(item),
        slot_start=start,
        slot_end=end,
        applicants=tuple(_applicant(a, i) for i, a in enumerate(raw_applicants, 1)),
        updated_at=parse_aware_datetime(item.get("updated_at")),
    )


def _applicant(item: Any, position: int) -> ApplicantRecord:
    if not isinstance(item, dict):
        raise BadRecord(f"pemohon {position} bukan objek / applicant {position} is not an object")
    nik = _text(item, "nik")
    problem = nik_problem(nik)
    if problem:
        raise BadRecord(f"pemohon {position}: {problem}")
    name = " ".join(_text(item, "name").split())
    if not name or len(name) > 120:
        raise BadRecord(f"pemohon {position}: nama kosong atau terlalu panjang / name empty or too long")
    app_type = _text(item, "application_type", "new")
    _one_of(app_type, ApplicationType, f"applicant {position} application_type")
    reason = item.get("replacement_reason")
    priority = item.get("priority")
    if reason is not None:
        _one_of(reason, ReplacementReason, f"applicant {position} replacement_reason")
    if priority is not None:
        _one_of(priority, Priority, f"applicant {position} priority")
    return ApplicantRecord(nik, name, app_type, reason, priority)


def _one_of(value: Any, enum: type, what: str) -> None:
    if not isinstance(value, str):  # a list or an object here must not crash the page (unhashable)
        raise BadRecord(f"{what} bukan teks / is not text: {type(value).__name__}")
    if value not in {e.value for e in enum}:
        allowed = ", ".join(e.value for e in enum)
        raise BadRecord(f"{what} {value!r} tidak dikenal / unknown; allowed: {allowed}")


def _text(item: dict, key: str, default: str | None = None) -> str:
    value = item.get(key, default)
    if not isinstance(value, str):
        raise BadRecord(f"{key} hilang atau bukan teks / {key} missing or not text")
    return value


def _office_code(item: dict) -> str:
    code = _text(item, "office_code").strip()
    if not 1 <= len(code) <= OFFICE_CODE_MAX:
        raise BadRecord(f"office_code: 1 sampai {OFFICE_CODE_MAX} karakter / 1 to {OFFICE_CODE_MAX} characters")
    return code


def _time(item: dict, key: str) -> time:
    try:
        value = time.fromisoformat(_text(item, key))
    except ValueError:
        raise BadRecord(f"slot.{key} {item.get(key)!r} bukan jam / is not HH:MM") from None
    if value.tzinfo is not None:  # slots are office time; an offset would not compare with a plain time
        raise BadRecord(f"slot.{key} {item.get(key)!r}: jam kantor tanpa zona / office time without an offset")
    return value


def _date(item: dict, key: str) -> date:
    try:
        return date.fromisoformat(_text(item, key))
    except ValueError:
        raise BadRecord(f"{key} {item.get(key)!r} bukan tanggal / is not YYYY-MM-DD") from None


def parse_aware_datetime(value: Any) -> datetime | None:
    """An ISO-8601 text as an aware datetime (UTC when it carries no offset), or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# ---- storing


def import_bookings(session: Session, records: list[BookingRecord], now: datetime) -> ImportReport:
    """Upsert by booking code. Applicants are replaced only while no ticket was issued for the booking."""
    codes = [r.code for r in records]
    existing: dict[str, Booking] = {}
    for chunk in _chunks(codes, 500):
        # Locked (PostgreSQL): a gate checking one of these in waits, so applicants never change under new tickets.
        rows = session.scalars(
            select(Booking).where(Booking.code.in_(chunk)).options(selectinload(Booking.applicants)).with_for_update()
        )
        existing.update({b.code: b for b in rows})
    fresh = {r.code: r for r in records if r.code not in existing}  # the last record of a code wins
    _bulk_insert(session, list(fresh.values()), now)
    updated = unchanged = 0
    for record in records:
        booking = existing.get(record.code)
        if booking is None:
            continue
        if _differs(booking, record):
            _fill(booking, record, checked_in=_has_tickets(session, booking))
            booking.imported_at = now
            updated += 1
        else:
            unchanged += 1
    session.flush()
    return ImportReport(inserted=len(fresh), updated=updated, unchanged=unchanged, skipped=())


def _bulk_insert(session: Session, records: list[BookingRecord], now: datetime) -> None:
    """New bookings with two multi-row INSERTs instead of the unit of work: 10,000 bookings in about a second."""
    if not records:
        return
    rows = [
        {"code": r.code, "office_code": r.office_code, "day": r.day, "slot_start": r.slot_start, "slot_end": r.slot_end,
         "status": r.status, "server_updated_at": r.updated_at, "imported_at": now}
        for r in records
    ]
    ids = dict(session.execute(insert(Booking).returning(Booking.code, Booking.id), rows).all())
    applicants = [
        {"booking_id": ids[r.code], "position": i, "nik": a.nik, "name": a.name, "application_type": a.application_type,
         "replacement_reason": a.replacement_reason, "priority": a.priority, "nik_problem": None}
        for r in records
        for i, a in enumerate(r.applicants, 1)
    ]
    session.execute(insert(Applicant), applicants)


def _fill(booking: Booking, record: BookingRecord, checked_in: bool = False) -> None:
    booking.office_code = record.office_code
    booking.day = record.day
    booking.slot_start = record.slot_start
    booking.slot_end = record.slot_end
    booking.status = record.status
    booking.server_updated_at = record.updated_at
    if checked_in:
        return  # who came is fixed once tickets exist; the status change above still shows at the next scan
    current = list(booking.applicants)
    for position, a in enumerate(record.applicants, 1):
        if position <= len(current):
            row = current[position - 1]  # updated in place: (booking, position) is unique
        else:
            row = Applicant(position=position)
            booking.applicants.append(row)
        row.nik, row.name, row.application_type = a.nik, a.name, a.application_type
        row.replacement_reason, row.priority = a.replacement_reason, a.priority
    for row in current[len(record.applicants) :]:
        booking.applicants.remove(row)


def _differs(booking: Booking, record: BookingRecord) -> bool:
    same_booking = (
        booking.status == record.status
        and booking.day == record.day
        and booking.office_code == record.office_code
        and booking.slot_start == record.slot_start
        and booking.slot_end == record.slot_end
    )
    theirs = [(a.nik, a.name, a.application_type, a.replacement_reason, a.priority) for a in record.applicants]
    ours = [(a.nik, a.name, a.application_type, a.replacement_reason, a.priority) for a in booking.applicants]
    return not (same_booking and theirs == ours)


def _has_tickets(session: Session, booking: Booking) -> bool:
    from shared.db.models import Ticket

    return session.scalar(select(Ticket.id).where(Ticket.booking_id == booking.id).limit(1)) is not None


def payload_codes(items: Any) -> set[str] | None:
    """Every booking code a page names (normalised as `parse_booking` does), skipped records included; None
    when one of them has no readable code (then nobody can say which booking it was)."""
    codes: set[str] = set()
    for item in items if isinstance(items, list | tuple) else ():
        code = item.get("booking_code") if isinstance(item, dict) else None
        if not isinstance(code, str) or not code.strip():
            return None
        codes.add(normalise_code(code))
    return codes


def withdraw_missing(
    session: Session, office_code: str, day: date, present: set[str], now: datetime, *, dry_run: bool = False
) -> tuple[str, ...]:
    """After a FULL sync: this office's active bookings of `day` that the server's complete list no longer names
    become `withdrawn` (the gate then refuses them with WITHDRAWN). A booking already checked in (it has tickets
    or an accepted check-in) stays as it is: who came is fixed. Returns the withdrawn codes."""
    from shared.db.models import CheckinEvent, Ticket
    from shared.domain import Decision

    rows = session.execute(
        select(Booking.id, Booking.code).where(
            Booking.office_code == office_code, Booking.day == day,
            Booking.status.in_([BookingStatus.ACTIVE, BookingStatus.RESCHEDULED]),
        )
    ).all()
    gone = {booking_id: code for booking_id, code in rows if code not in present}
    if not gone or dry_run:
        return tuple(sorted(gone.values()))  # dry run: the candidates, checked-in ones included
    withdrawn: list[str] = []
    for chunk in _chunks(sorted(gone), 500):
        # Locked (PostgreSQL) as the gate locks it: a check-in of one of these either came first (tickets, kept)
        # or waits and then sees the booking withdrawn.
        locked = session.scalars(select(Booking).where(Booking.id.in_(chunk)).order_by(Booking.id).with_for_update())
        bookings = {b.id: b for b in locked}
        came = set(session.scalars(select(Ticket.booking_id).where(Ticket.booking_id.in_(chunk))))
        came |= set(session.scalars(
            select(CheckinEvent.booking_id).where(CheckinEvent.booking_id.in_(chunk), CheckinEvent.result == Decision.VALID)
        ))
        for booking_id, booking in bookings.items():
            if booking_id in came or booking.status not in (BookingStatus.ACTIVE, BookingStatus.RESCHEDULED):
                continue
            booking.status = BookingStatus.WITHDRAWN
            booking.imported_at = now
            withdrawn.append(booking.code)
    session.flush()
    return tuple(sorted(withdrawn))


def _chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
