"""Bring the day's bookings down from the booking server into the local database.

The first sync of a day fetches everything; later ones ask only for what changed (`updated_since`, the server's
own `generated_at` of the last success, so clocks need not agree) and send the ETag (a 304 costs nothing).
All pages are fetched before anything is written, then imported in one transaction: a failed sync leaves the
local database as it was, and the gate goes on deciding from it. No transaction is open during HTTP.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from shared.booking.client import BookingClient, BookingsFetch
from shared.booking.errors import BookingServerError
from shared.clock import now as clock_now
from shared.config import Config
from shared.db.engine import Database
from shared.db.errors import DatabaseError
from shared.db.models import SyncState
from shared.domain import ImportProblem
from shared.services.bookings_import import (
    BadRecord,
    import_bookings,
    parse_bookings_payload,
    payload_codes,
    withdraw_missing,
)
from shared.text import Text

LAST_SYNC_KEY = "last_sync_at"  # the gate reads it (checkin.last_sync_at) to say how fresh the list is
CLOCK_MARGIN = timedelta(minutes=5)  # without the server's generated_at, ask again a little further back


@dataclass(frozen=True)
class DayState:
    """What the last successful sync of one office's day left behind."""

    etag: str | None
    since: datetime
    last_success: datetime


@dataclass(frozen=True)
class SyncReport:
    office_code: str
    day: date
    full: bool
    fetched: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: tuple[ImportProblem, ...] = ()
    not_modified: bool = False
    error: Text | None = None
    error_kind: str | None = None
    pages: int = 0
    fetch_seconds: float = 0.0
    import_seconds: float = 0.0
    last_sync_at: datetime | None = None
    withdrawn: tuple[str, ...] = ()  # a full sync: active bookings the server's complete list no longer names
    withdraw_note: Text | None = None  # why a full sync withdrew nothing although it could have

    @property
    def ok(self) -> bool:
        return self.error is None

    def lines(self) -> list[str]:
        """The report for `antrian bookings sync`, Indonesian / English."""
        head = f"{self.office_code} {self.day.isoformat()} ({'penuh / full' if self.full else 'perubahan / changes'})"
        if self.error:
            return [f"GAGAL / FAILED {head}: {self.error.line()}", _last_sync_line(self.last_sync_at)]
        if self.not_modified:
            return [f"OK {head}: tidak ada perubahan / not modified (304)"]
        out = [
            f"OK {head}: diterima / fetched {self.fetched} ({self.pages} halaman / pages), "
            f"baru / inserted {self.inserted}, diubah / updated {self.updated}, sama / unchanged {self.unchanged}, "
            f"dilewati / skipped {len(self.skipped)}",
            f"  waktu / time: unduh / fetch {self.fetch_seconds:.2f} s, simpan / import {self.import_seconds:.2f} s",
        ]
        out += [f"  dilewati / skipped {p.booking_code}: {p.reason}" for p in self.skipped]
        if self.withdrawn:
            shown = ", ".join(self.withdrawn[:20]) + (" ..." if len(self.withdrawn) > 20 else "")
            out.append(f"  ditarik (tidak ada lagi di daftar pusat) / withdrawn (no longer in the central list) "
                       f"{len(self.withdrawn)}: {shown}")
        if self.withdraw_note:
            out.append(f"  {self.withdraw_note.line()}")
        return out


def sync_day(
    db: Database, client: BookingClient, day: date, now: datetime | None = None, *, full: bool = False
) -> SyncReport:
    """Fetch (all pages, no transaction open) then import (one transaction). Never raises for the network."""
    now = now or clock_now(UTC)  # the office clock (simulated in the demo)
    office = client.office_code
    state = None if full else db.run(day_state, office, day)
    report = SyncReport(office_code=office, day=day, full=state is None)
    started = time.perf_counter()
    try:
        fetched = client.fetch_bookings(
            day, updated_since=state.since if state else None, etag=state.etag if state else None
        )
    except BookingServerError as exc:
        return _failed(db, report, exc.text, str(exc.kind))
    report = replace(report, fetch_seconds=time.perf_counter() - started, pages=fetched.pages)
    new_state = _next_state(state, fetched, now)
    if fetched.not_modified:
        db.run(_record_success, office, day, new_state)
        return replace(report, not_modified=True, last_sync_at=now)
    return _import(db, report, fetched, new_state)


def _import(db: Database, report: SyncReport, fetched: BookingsFetch, new_state: DayState) -> SyncReport:
    started = time.perf_counter()
    try:
        records, problems = parse_bookings_payload(fetched.payload(), report.office_code)
    except BadRecord as exc:
        return _failed(db, report, Text(f"Format data salah: {exc}", f"Unexpected data: {exc}"), "wrong_shape")

    def store(session: Session) -> SyncReport:
        result = import_bookings(session, records, new_state.last_success)
        withdrawn, note = _withdraw(session, report, fetched, new_state.last_success) if report.full else ((), None)
        _record_success(session, report.office_code, report.day, new_state)
        return replace(
            report, fetched=len(fetched.bookings), inserted=result.inserted, updated=result.updated,
            unchanged=result.unchanged, skipped=tuple(problems) + tuple(result.skipped),
            last_sync_at=new_state.last_success, withdrawn=withdrawn, withdraw_note=note,
        )

    try:
        done = db.run(store)
    except DatabaseError as exc:
        reason = Text(f"Gagal menyimpan booking: {exc.detail}", f"Could not store the bookings: {exc.detail}")
        return _failed(db, report, reason, "database")
    return replace(done, import_seconds=time.perf_counter() - started)


def _withdraw(
    session: Session, report: SyncReport, fetched: BookingsFetch, now: datetime
) -> tuple[tuple[str, ...], Text | None]:
    """A full sync is the server's complete list of the day: what it no longer names is withdrawn, unless the
    list cannot be trusted for that (empty, or a record without a readable code)."""
    present = payload_codes(fetched.bookings)
    if present is None:
        return (), Text("Tidak ada booking yang ditarik: ada data tanpa kode booking yang terbaca",
                        "Nothing withdrawn: a record has no readable booking code")
    if not present:
        if withdraw_missing(session, report.office_code, report.day, set(), now, dry_run=True) == ():
            return (), None  # nothing of the day here either
        return (), Text("Tidak ada booking yang ditarik: daftar pusat untuk hari ini kosong",
                        "Nothing withdrawn: the central list for the day is empty")
    return withdraw_missing(session, report.office_code, report.day, present, now), None


def _failed(db: Database, report: SyncReport, message: Text, kind: str) -> SyncReport:
    return replace(report, error=message, error_kind=kind, last_sync_at=db.run(last_sync_at))


def _next_state(previous: DayState | None, fetched: BookingsFetch, now: datetime) -> DayState:
    since = fetched.generated_at or (now - CLOCK_MARGIN)
    if fetched.not_modified and previous is not None:
        since = previous.since  # nothing new was read: ask again from the same point
    etag = fetched.etag or (previous.etag if previous and fetched.not_modified else None)
    return DayState(etag=etag, since=since, last_success=now)


# ---- sync_state rows


def day_key(office_code: str, day: date) -> str:
    key = f"sync:{office_code}:{day.isoformat()}"
    if len(key) <= 64:
        return key
    return f"sync:{hashlib.sha1(office_code.encode()).hexdigest()[:16]}:{day.isoformat()}"


def day_state(session: Session, office_code: str, day: date) -> DayState | None:
    row = session.get(SyncState, day_key(office_code, day))
    if row is None:
        return None
    try:
        data = json.loads(row.value)
        return DayState(
            etag=data.get("etag"),
            since=datetime.fromisoformat(data["since"]),
            last_success=datetime.fromisoformat(data["last_success"]),
        )
    except (ValueError, KeyError, TypeError):
        return None  # unreadable memory: the next sync is a full one


def _record_success(session: Session, office_code: str, day: date, state: DayState) -> None:
    value = json.dumps(
        {"etag": state.etag, "since": state.since.isoformat(), "last_success": state.last_success.isoformat()}
    )
    _put(session, day_key(office_code, day), value, state.last_success)
    _put(session, LAST_SYNC_KEY, state.last_success.astimezone(UTC).isoformat(), state.last_success)


def _put(session: Session, key: str, value: str, now: datetime) -> None:
    row = session.get(SyncState, key)
    if row is None:
        session.add(SyncState(key=key, value=value, updated_at=now))
    else:
        row.value, row.updated_at = value, now


def last_sync_at(session: Session) -> datetime | None:
    """When the booking list was last brought up to date (a full fetch, changes, or a 304), or None."""
    row = session.get(SyncState, LAST_SYNC_KEY)
    if row is None:
        return None
    try:
        return datetime.fromisoformat(row.value)
    except ValueError:
        return None


def last_sync_for(session: Session, office_code: str, day: date) -> datetime | None:
    state = day_state(session, office_code, day)
    return state.last_success if state else None


def _last_sync_line(when: datetime | None) -> str:
    if when is None:
        return "  Belum pernah sinkron / Never synced"
    return f"  Sinkron terakhir / Last successful sync: {when.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def sync_from_config(db: Database, config: Config, day: date | None = None, *, full: bool = False) -> SyncReport:
    """What `antrian bookings sync [--date D] [--full]` runs: the configured server, today in office time."""
    day = day or clock_now(config.office.tz).date()
    with BookingClient.from_config(config) as client:
        return sync_day(db, client, day, full=full)
