"""The gate's decision: one transaction reads the booking, decides, records the event and issues the tickets.

Two gates scanning the same code at once produce one set of tickets: the booking row is locked
(SELECT ... FOR UPDATE on PostgreSQL; BEGIN IMMEDIATE serialises writers on SQLite) before the check.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Booking, CheckinEvent, Ticket
from shared.domain import (
    MAX_CODE_INPUT,
    ApplicantView,
    BookingStatus,
    BookingView,
    CheckinResult,
    Decision,
    TicketView,
    UploadState,
    mask_nik,
    normalise_code,
)
from shared.text import Text

from .day_marker import DayClosed, day_closed_at
from .staff import Action, Actor, Authority, StaffRole, require_actor, require_authority
from .sync import last_sync_at
from .tickets import allocate_number, issue_ticket, office_day, route_applicant, ticket_view


def printable(raw: str, limit: int = 80) -> str:
    """What was read, safe to store and show: control characters as '?', cut short."""
    text = "".join(ch if ch.isprintable() else "?" for ch in raw[: limit + 1])
    return text if len(text) <= limit else text[: limit - 1] + "…"


def malformed_reason(raw: str, pattern: str) -> Text | None:
    """Why `raw` is not a booking code, or None. The pattern is matched in ASCII mode: a Unicode digit or
    letter that merely looks like one of the code's is not the code."""
    if len(raw) > MAX_CODE_INPUT:
        return Text(f"terlalu panjang ({len(raw)} karakter)", f"too long ({len(raw)} characters)")
    if any(not ch.isprintable() for ch in raw.strip()):
        return Text("berisi karakter kontrol", "contains control characters")
    if not re.fullmatch(pattern, normalise_code(raw), flags=re.ASCII):
        return Text("bukan format kode booking", "not the booking code format")
    return None


def check_in(
    session: Session,
    config: Config,
    raw_code: str,
    gate: str,
    now: datetime,
    override_late_reason: str | None = None,
    *,
    actor: Actor | None = None,
    authority: Authority | None = None,
) -> CheckinResult:
    """Decide one scan and write its event; on VALID, issue one ticket per applicant. `actor` is the gate officer
    (required once officers are registered); a late admission needs a supervisor's `authority` as well."""
    officer_id = require_actor(session, actor, StaffRole.GATE)
    # Added to the session only once decided (result is NOT NULL), in _finish.
    event = CheckinEvent(id=str(uuid.uuid4()), code=printable(raw_code), gate=gate[:40], at=now, detail="",
                         officer_id=officer_id)
    reason = malformed_reason(raw_code, config.checkin.code_pattern)
    if reason:
        return _finish(session, event, Decision.MALFORMED, Text("Bukan kode booking: ", "Not a booking code: ") + reason,
                       config)
    code = normalise_code(raw_code)
    event.code = code
    booking = session.scalar(select(Booking).where(Booking.code == code).with_for_update())
    if booking is None:
        return _finish(session, event, Decision.UNKNOWN, _unknown_message(code), config)
    event.booking_id = booking.id
    override = _Override(override_late_reason, authority)
    return _decide_booking(session, config, event, booking, now, override)


@dataclass(frozen=True)
class _Override:
    """What the gate was given for a late applicant: a reason, and the supervisor's authority for it."""

    reason: str | None
    authority: Authority | None

    def asked(self) -> bool:
        return bool((self.reason and self.reason.strip()) or self.authority)

    def granted(self, session: Session, config: Config, now: datetime, code: str, officer_id: int | None
                ) -> Authority | None:
        """The supervisor's authority for this booking and this gate officer, checked (StaffError when missing,
        expired, for another booking or not a supervisor's)."""
        return require_authority(session, config, self.authority, Action.LATE_ADMISSION, now, code, officer_id)

    def text(self) -> str:
        """The reason kept: the one the supervisor approved (on a fresh install, the one given)."""
        reason = self.authority.reason if self.authority else (self.reason or "")
        return reason.strip()[:500]


def _decide_booking(
    session: Session, config: Config, event: CheckinEvent, booking: Booking, now: datetime, override: _Override
) -> CheckinResult:
    tz = config.office.tz
    today = office_day(config, now)
    start = datetime.combine(booking.day, booking.slot_start, tzinfo=tz)
    end = datetime.combine(booking.day, booking.slot_end, tzinfo=tz)
    opens = start - timedelta(minutes=config.checkin.early_minutes)
    closes = end + timedelta(minutes=config.checkin.late_minutes)
    extra = {"booking": booking, "allowed_from": opens, "allowed_until": closes}
    moved = booking.status == BookingStatus.RESCHEDULED and booking.day != today
    if booking.status == BookingStatus.CANCELLED or moved:
        what = f"dijadwalkan ulang ke {booking.day:%d-%m-%Y}" if moved else "dibatalkan"
        what_en = f"rescheduled to {booking.day:%Y-%m-%d}" if moved else "cancelled"
        return _finish(session, event, Decision.CANCELLED, Text(f"Booking {what}", f"Booking {what_en}"), config, **extra)
    if booking.status == BookingStatus.WITHDRAWN:
        return _finish(session, event, Decision.WITHDRAWN, withdrawn_message(booking.code), config, **extra)
    if booking.office_code != config.office.code:
        msg = Text(f"Booking untuk kantor {booking.office_code}", f"Booked at office {booking.office_code}")
        return _finish(session, event, Decision.WRONG_OFFICE, msg, config, **extra)
    if booking.day != today:
        msg = Text(f"Jadwal booking: {booking.day:%d-%m-%Y}", f"Booked for {booking.day:%Y-%m-%d}")
        return _finish(session, event, Decision.WRONG_DATE, msg, config, **extra)
    previous = session.scalar(
        select(CheckinEvent)
        .where(CheckinEvent.booking_id == booking.id, CheckinEvent.result == Decision.VALID)
        .order_by(CheckinEvent.at)
        .limit(1)
    )
    if previous is not None:
        return _already(session, config, event, booking, previous, now)
    if now < opens:
        local = opens.astimezone(tz)
        msg = Text(f"Silakan masuk mulai pukul {local:%H:%M}", f"You may enter from {local:%H:%M}")
        return _finish(session, event, Decision.TOO_EARLY, msg, config, **extra)
    if now > closes and not override.asked():
        slot = f"{booking.slot_start:%H:%M}-{booking.slot_end:%H:%M}"
        msg = Text(f"Terlambat: jadwal {slot}. Perlu persetujuan supervisor",
                   f"Late for the {slot} slot; supervisor override needed")
        return _finish(session, event, Decision.TOO_LATE, msg, config, **extra)
    closed = day_closed_at(session, today)
    if closed is not None:
        return _finish(session, event, Decision.DAY_CLOSED, DayClosed(today, closed, tz).text, config, **extra)
    late = now > closes
    if late:
        granted = override.granted(session, config, now, booking.code, event.officer_id)
        event.supervisor_id = granted.supervisor_id if granted else None
        event.override_reason = override.text() or None
    tickets = _issue_for_booking(session, config, booking, now, start, late, event.officer_id)
    event.tickets = ",".join(t.number for t in tickets)
    event.upload_state = UploadState.PENDING
    names = ", ".join(a.name for a in booking.applicants)
    msg = Text(f"Silakan masuk: {names}", f"Welcome: {names}")
    views = tuple(ticket_view(session, config, t, now) for t in tickets)
    return _finish(session, event, Decision.VALID, msg, config, tickets=views, override_reason=event.override_reason, **extra)


def _issue_for_booking(
    session: Session, config: Config, booking: Booking, now: datetime, start: datetime, late: bool,
    issued_by: int | None = None,
) -> list[Ticket]:
    # Late arrivals let in by a supervisor go to the back of the queue: ordered by arrival, not by slot.
    sort_at = now if late else start
    routes = [(a, route_applicant(config, a)) for a in booking.applicants]
    # One allocator update per prefix, in sorted prefix order: two families at two gates never deadlock.
    next_seq: dict[str, int] = {}
    for prefix in sorted({service.prefix for _, service in routes}):
        wanted = sum(1 for _, service in routes if service.prefix == prefix)
        next_seq[prefix] = allocate_number(session, office_day(config, now), prefix, wanted)
    tickets = []
    for applicant, service in routes:
        seq = next_seq[service.prefix]
        next_seq[service.prefix] += 1
        tickets.append(issue_ticket(session, config, service, now, sort_at, booking=booking, applicant=applicant,
                                    late_override=late, seq=seq, issued_by=issued_by))
    return tickets


def _already(
    session: Session, config: Config, event: CheckinEvent, booking: Booking, previous: CheckinEvent, now: datetime
) -> CheckinResult:
    tickets = session.scalars(select(Ticket).where(Ticket.booking_id == booking.id).order_by(Ticket.id)).all()
    views = tuple(ticket_view(session, config, t, now) for t in tickets)
    local = previous.at.astimezone(config.office.tz)
    msg = Text(
        f"Sudah check-in pukul {local:%H:%M} di {previous.gate}: {previous.tickets}",
        f"Checked in at {local:%H:%M} at {previous.gate}: {previous.tickets}",
    )
    event.detail = f"first={previous.id}"
    return _finish(
        session, event, Decision.ALREADY_CHECKED_IN, msg, config, booking=booking, tickets=views,
        previous_checkin_at=previous.at, previous_gate=previous.gate,
    )


def withdrawn_message(code: str) -> Text:
    return Text(
        f"Booking {code} tidak ada lagi dalam daftar booking pusat (dibatalkan atau dipindah). Minta pemohon "
        "memeriksa aplikasi M-Paspor dan membuat booking baru, atau ke meja informasi",
        f"Booking {code} is no longer in the central booking list (cancelled or moved). Ask the applicant to "
        "check the M-Paspor app and book again, or to go to the information desk",
    )


def _unknown_message(code: str) -> Text:
    return Text(f"Kode {code} tidak ada dalam daftar booking", f"Code {code} is not in the booking list")


def _finish(
    session: Session,
    event: CheckinEvent,
    decision: Decision,
    message: Text,
    config: Config,
    booking: Booking | None = None,
    tickets: tuple[TicketView, ...] = (),
    **extra: object,
) -> CheckinResult:
    event.result = decision.value
    session.add(event)
    event.detail = (event.detail + " " + message.en).strip()[:1000]
    session.flush()
    return CheckinResult(
        decision=decision,
        code=event.code,
        message=message,
        event_id=event.id,
        at=event.at,
        booking=booking_view(booking, tickets) if booking else None,
        tickets=tickets,
        last_sync_at=last_sync_at(session) if decision is Decision.UNKNOWN else None,
        **extra,  # type: ignore[arg-type]
    )


def booking_view(booking: Booking, tickets: tuple[TicketView, ...] = ()) -> BookingView:
    by_name = {t.applicant_name: t.number for t in tickets}
    return BookingView(
        code=booking.code,
        office_code=booking.office_code,
        day=booking.day,
        slot_start=booking.slot_start,
        slot_end=booking.slot_end,
        status=booking.status,
        applicants=tuple(
            ApplicantView(
                position=a.position,
                name=a.name,
                nik_masked=mask_nik(a.nik),
                application_type=a.application_type,
                replacement_reason=a.replacement_reason,
                priority=a.priority,
                ticket_number=by_name.get(a.name),
            )
            for a in booking.applicants
        ),
    )
