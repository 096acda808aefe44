"""Personal data kept only as long as needed (UU PDP No. 27/2022), while the statistics stay.

`purge_personal_data` replaces, for every day older than `[privacy] keep_days`, each applicant's name and NIK by
a salted hash (HMAC-SHA256 with this installation's salt, `local_secret`, made once by the migration and never
shown): the same person still hashes to the same value, so people stay countable but not readable. No row is
deleted and no count changes: bookings, applicants, tickets, check-in decisions and calls per day are the same
before and after. The audit trail keeps its rows; the personal data in them is scrubbed too: the names in a
check-in's `detail` (the gate's "Welcome: <names>"), names and phone or ID numbers in a supervisor's free-text
override reason, and what was held up to the camera when it was not a known booking (an UNKNOWN or MALFORMED
scan's code, which may be a phone number or anyone's QR code). The database has no phone-number column.

A pseudonymised value starts with '#' (a NIK is 16 digits, so a hashed NIK is '#' and 15 hex digits and still
fits its column); that is how a second run knows what is done (it is idempotent). One transaction per day, so
the gate never waits long behind a first purge of a year of data.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time as timer
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.engine import Database
from shared.db.models import Applicant, Booking, CheckinEvent, LocalSecret
from shared.text import Text

SALT_NAME = "privacy_salt"
TOKEN_MARK = "#"
NIK_HEX, NAME_HEX, CODE_HEX, NUMBER_HEX = 15, 24, 24, 12
_CODE_TOKEN = re.compile(rf"#[0-9a-f]{{{CODE_HEX}}}")
# Phone or ID numbers in free text: 8+ digits, single spaces, dots or hyphens between them; not inside a token.
_NUMBER = re.compile(r"(?<![\w#])\+?\d(?:[ .-]?\d){7,}(?!\w)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}[-./]\d{2}[-./]\d{4}")
LOOSE_BATCH = 2000

Token = Callable[[str, str], str]


@dataclass(frozen=True)
class PurgeReport:
    today: date
    keep_days: int
    before: date  # days before this one were pseudonymised
    dry_run: bool
    days: int
    bookings: int
    applicants: int
    checkin_events: int
    seconds: float
    message: Text

    def lines(self) -> list[str]:
        return [self.message.line()]


def pseudonym(salt: bytes, kind: str, value: str, hex_digits: int) -> str:
    """'#' and the first hex digits of HMAC-SHA256(salt, kind:value): the same value, the same token."""
    digest = hmac.new(salt, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return TOKEN_MARK + digest[:hex_digits]


def privacy_salt(session: Session) -> bytes:
    """This installation's salt (the migration makes it; made here if it went missing). Never printed."""
    row = session.get(LocalSecret, SALT_NAME)
    if row is None:
        row = LocalSecret(name=SALT_NAME, value=secrets.token_hex(32), created_at=datetime.now(UTC))
        session.add(row)
        session.flush()
    return row.value.encode()


def purge_personal_data(
    db: Database, config: Config, today: date, keep_days: int | None = None, *, dry_run: bool = False
) -> PurgeReport:
    """Pseudonymise the personal data of the days before `today - keep_days` (default `[privacy] keep_days`).
    `dry_run`: count what would change, change nothing."""
    keep = config.privacy.keep_days if keep_days is None else keep_days
    if keep < 1:
        raise ValueError("keep_days must be 1 or more")
    started = timer.perf_counter()
    before = today - timedelta(days=keep)
    days = db.read(_days_to_purge, before)
    bookings = applicants = events = 0
    for day in days:
        counts = db.read(_purge_day, day, True) if dry_run else db.run(_purge_day, day, False)
        bookings, applicants, events = bookings + counts[0], applicants + counts[1], events + counts[2]
    until = datetime.combine(before, time(0), tzinfo=config.office.tz)
    while True:
        changed, read = db.read(_purge_loose_events, until, True) if dry_run else db.run(_purge_loose_events, until, False)
        events += changed
        if dry_run or changed == 0 or read < LOOSE_BATCH:
            break
    seconds = timer.perf_counter() - started
    if dry_run:
        message = Text(
            f"Uji coba, tidak ada yang diubah: data pribadi sebelum {before:%d-%m-%Y} yang akan disamarkan: "
            f"{applicants} pemohon dari {bookings} booking ({len(days)} hari), {events} catatan check-in",
            f"Dry run, nothing changed: personal data before {before:%Y-%m-%d} that would be pseudonymised: "
            f"{applicants} applicants of {bookings} bookings ({len(days)} days), {events} check-in records",
        )
    else:
        message = Text(
            f"Data pribadi sebelum {before:%d-%m-%Y} disamarkan: {applicants} pemohon dari {bookings} booking "
            f"({len(days)} hari), {events} catatan check-in; jumlah laporan tetap ({seconds:.1f} s)",
            f"Personal data before {before:%Y-%m-%d} pseudonymised: {applicants} applicants of {bookings} "
            f"bookings ({len(days)} days), {events} check-in records; report counts unchanged ({seconds:.1f} s)",
        )
    return PurgeReport(today=today, keep_days=keep, before=before, dry_run=dry_run, days=len(days),
                       bookings=bookings, applicants=applicants, checkin_events=events,
                       seconds=round(seconds, 3), message=message)


def _days_to_purge(session: Session, before: date) -> list[date]:
    return list(session.scalars(
        select(Booking.day).distinct().join(Applicant, Applicant.booking_id == Booking.id)
        .where(Booking.day < before, ~Applicant.nik.startswith(TOKEN_MARK)).order_by(Booking.day)
    ))


def _token_maker(session: Session, dry_run: bool) -> Token:
    if dry_run:
        return lambda kind, value: TOKEN_MARK + "0" * NAME_HEX  # counts only; the salt is not even read
    salt = privacy_salt(session)
    lengths = {"nik": NIK_HEX, "name": NAME_HEX, "code": CODE_HEX}
    return lambda kind, value: pseudonym(salt, kind, value, lengths.get(kind, NUMBER_HEX))


def _purge_day(session: Session, day: date, dry_run: bool) -> tuple[int, int, int]:
    """One day's applicants and their bookings' check-in records; (bookings, applicants, events) changed."""
    token = _token_maker(session, dry_run)
    rows = session.execute(
        select(Applicant.id, Applicant.booking_id, Applicant.nik, Applicant.name)
        .join(Booking, Applicant.booking_id == Booking.id)
        .where(Booking.day == day, ~Applicant.nik.startswith(TOKEN_MARK))
        .order_by(Applicant.id)
        .with_for_update(of=Applicant)
    ).all()
    if not rows:
        return 0, 0, 0
    names: dict[int, dict[str, str]] = {}
    changes = []
    for applicant_id, booking_id, nik, name in rows:
        hashed_name = name if name.startswith(TOKEN_MARK) else token("name", name)
        names.setdefault(booking_id, {})[name] = hashed_name
        changes.append({"id": applicant_id, "nik": token("nik", nik), "name": hashed_name})
    events = 0
    for chunk in _chunks(sorted(names), 500):
        found = session.execute(
            select(CheckinEvent.id, CheckinEvent.booking_id, CheckinEvent.detail, CheckinEvent.override_reason)
            .where(CheckinEvent.booking_id.in_(chunk))
        ).all()
        event_changes = []
        for event_id, booking_id, detail, reason in found:
            new_detail = _replace_names(detail or "", names[booking_id])
            new_reason = None if reason is None else _scrub_numbers(_replace_names(reason, names[booking_id]), token)
            if new_detail != (detail or "") or new_reason != reason:
                event_changes.append({"id": event_id, "detail": new_detail, "override_reason": new_reason})
        events += len(event_changes)
        if event_changes and not dry_run:
            session.execute(update(CheckinEvent), event_changes)
    if not dry_run:
        session.execute(update(Applicant), changes)
    return len(names), len(changes), events


def _purge_loose_events(session: Session, until: datetime, dry_run: bool) -> tuple[int, int]:
    """Scans of no known booking (UNKNOWN, MALFORMED) before `until`: what was read becomes a token, in the code
    and wherever the detail repeats it. At most LOOSE_BATCH rows per call (per transaction); (changed, read)."""
    token = _token_maker(session, dry_run)
    rows = session.execute(
        select(CheckinEvent.id, CheckinEvent.code, CheckinEvent.detail, CheckinEvent.override_reason)
        .where(CheckinEvent.booking_id.is_(None), CheckinEvent.at < until,
               or_(~CheckinEvent.code.startswith(TOKEN_MARK), CheckinEvent.code.not_like("#" + "_" * CODE_HEX)))
        .order_by(CheckinEvent.id)
        .limit(None if dry_run else LOOSE_BATCH)
    ).all()
    changes = []
    for event_id, code, detail, reason in rows:
        if _CODE_TOKEN.fullmatch(code):
            continue
        hashed = token("code", code)
        new_detail = (detail or "").replace(code, hashed) if code else (detail or "")
        new_reason = None if reason is None else _scrub_numbers(reason, token)
        changes.append({"id": event_id, "code": hashed, "detail": new_detail, "override_reason": new_reason})
    if changes and not dry_run:
        session.execute(update(CheckinEvent), changes)
    return len(changes), len(rows)


def _replace_names(text: str, names: dict[str, str]) -> str:
    for name in sorted(names, key=len, reverse=True):  # "BUDI SANTOSO" before "BUDI"
        if name and not name.startswith(TOKEN_MARK):
            text = text.replace(name, names[name])
    return text


def _scrub_numbers(text: str, token: Token) -> str:
    """Phone and ID numbers in free text become tokens; dates stay."""
    def swap(m: re.Match[str]) -> str:
        found = m.group(0)
        if _DATE.fullmatch(found):
            return found
        return token("number", re.sub(r"\D", "", found))

    return _NUMBER.sub(swap, text)


def _chunks(items: list[int], size: int) -> list[list[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
