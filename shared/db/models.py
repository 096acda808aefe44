"""Tables of one office's day: bookings down from the server, tickets, counters, and the audit trails.

Typed SQLAlchemy 2 models. Times are stored as timezone-aware UTC (SQLite keeps the offset in the text);
`day` columns are the office-local date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite (naive text) and PostgreSQL alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Booking(Base):
    __tablename__ = "booking"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    office_code: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date, index=True)
    slot_start: Mapped[time] = mapped_column(Time)
    slot_end: Mapped[time] = mapped_column(Time)
    status: Mapped[str] = mapped_column(String(16))
    server_updated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime())

    applicants: Mapped[list[Applicant]] = relationship(
        back_populates="booking", order_by="Applicant.position", cascade="all, delete-orphan"
    )


class Applicant(Base):
    __tablename__ = "applicant"
    __table_args__ = (UniqueConstraint("booking_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    nik: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    application_type: Mapped[str] = mapped_column(String(16))
    replacement_reason: Mapped[str | None] = mapped_column(String(16))
    priority: Mapped[str | None] = mapped_column(String(16))
    nik_problem: Mapped[str | None] = mapped_column(String(120))

    booking: Mapped[Booking] = relationship(back_populates="applicants")


class NumberAllocator(Base):
    """One row per (day, prefix): the last number issued. Incremented in the ticket's own transaction."""

    __tablename__ = "number_allocator"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    prefix: Mapped[str] = mapped_column(String(1), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(Base):
    __tablename__ = "ticket"
    __table_args__ = (
        UniqueConstraint("day", "prefix", "seq"),
        Index("ix_ticket_queue", "day", "service_prefix", "status", "sort_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    prefix: Mapped[str] = mapped_column(String(1))  # the number's letter, kept across transfers
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(8))
    service_prefix: Mapped[str] = mapped_column(String(1))  # the service it waits for now
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    is_priority: Mapped[bool] = mapped_column(Boolean, default=False)
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id"), index=True)
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("applicant.id"), unique=True)
    walk_in_kind: Mapped[str | None] = mapped_column(String(32))
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sort_at: Mapped[datetime] = mapped_column(UtcDateTime())  # appointment time, or arrival for walk-ins / late / transfers
    called_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    late_override: Mapped[bool] = mapped_column(Boolean, default=False)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))  # the gate officer; None: walk-in kiosk
    checklist: Mapped[str] = mapped_column(Text, default="")  # JSON {document: ticked}
    transferred_from: Mapped[str | None] = mapped_column(String(1))

    applicant: Mapped[Applicant | None] = relationship()
    booking: Mapped[Booking | None] = relationship()


class Counter(Base):
    __tablename__ = "counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    services: Mapped[str] = mapped_column(String(64))  # prefixes in config order, e.g. "PAB"
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    regular_streak: Mapped[int] = mapped_column(Integer, default=0)  # regular calls since the last priority call


class CallEvent(Base):
    """Every call and recall: the board's source of truth."""

    __tablename__ = "call_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"))
    number: Mapped[str] = mapped_column(String(8))
    counter_name: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))  # who authorised an out-of-order call


class QueueEvent(Base):
    """Every other step of a ticket's life (done, no-show, transfer, pause): the reports' source."""

    __tablename__ = "queue_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    counter_name: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(24))
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))


class CheckinEvent(Base):
    """Every scan decision, accepted or not: the audit trail, and the upload outbox for accepted ones."""

    __tablename__ = "checkin_event"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # uuid4: the upload's idempotency key
    code: Mapped[str] = mapped_column(String(80))  # as read, made printable and cut short
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("booking.id"), index=True)
    result: Mapped[str] = mapped_column(String(24), index=True)
    gate: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    override_reason: Mapped[str | None] = mapped_column(Text)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))  # who admitted a late applicant
    tickets: Mapped[str] = mapped_column(Text, default="")  # "A-001,A-002"
    upload_state: Mapped[str | None] = mapped_column(String(16), index=True)  # pending / accepted / rejected
    upload_attempts: Mapped[int] = mapped_column(Integer, default=0)
    upload_reason: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    uploaded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class PrintJob(Base):
    """Every ticket print attempt chain: queued -> printed / failed (with the reason)."""

    __tablename__ = "print_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str | None] = mapped_column(Text)
    printer: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))  # who authorised a reprint


class SyncState(Base):
    """Key/value memory of the booking sync: last success, ETag, cursor per day."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class LocalSecret(Base):
    """Secrets of this installation, made once and never shown: the salt of the privacy purge's hashes.
    They travel with a backup, so a restored database goes on hashing the same person to the same value."""

    __tablename__ = "local_secret"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Station(Base):
    """A running role on a PC: its station name, who holds it (host, pid) and when it last said so.

    A role claims (name, role) at start and beats every `shared.services.stations.HEARTBEAT_SECONDS`; a claim
    whose heartbeat is older than twice that (or None: released at a clean exit) is free again."""

    __tablename__ = "station"
    __table_args__ = (UniqueConstraint("name", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), index=True)
    role: Mapped[str] = mapped_column(String(16))
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))  # who is signed in there now
    health: Mapped[str | None] = mapped_column(Text)  # JSON {part: {level, id, en}}: a gate's camera and printer


class Officer(Base):
    """A member of staff who signs in: NIP, name, roles ("gate,counter"), and the argon2id hash of the PIN.

    Never deleted (the audit trail names them): a leaver is disabled. Only an admin writes here; the lock-out
    after wrong PINs is counted in `auth_event` (which the PCs may only append to)."""

    __tablename__ = "officer"

    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    roles: Mapped[str] = mapped_column(String(64))  # comma-separated, sorted: admin,counter,gate,supervisor
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    pin_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuthEvent(Base):
    """Append-only: every sign-in attempt, sign-out, lock, supervisor authorisation, take-over and staff change.

    `nip` is what was typed (also for an unknown NIP); `officer_id` the officer it named, if any."""

    __tablename__ = "auth_event"
    __table_args__ = (Index("ix_auth_event_nip_id", "nip", "id"),)  # an officer's lock-out state

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    nip: Mapped[str] = mapped_column(String(24), default="")
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("officer.id"))
    station: Mapped[str] = mapped_column(String(40), default="")
    role: Mapped[str] = mapped_column(String(16), default="")
    action: Mapped[str] = mapped_column(String(24), default="")  # what a supervisor authorised
    subject: Mapped[str] = mapped_column(String(40), default="")  # for which booking, ticket or loket
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text, default="")


class ReportVisit(Base):
    """A closed day's visits (docs/reports.md), fixed at day close (shared.services.day_close) so that later
    reports read the same numbers: one row per visit, exactly what the report groups and sums by."""

    __tablename__ = "report_visit"

    # the key leads with the day: it is the index the reports read a period by (and no sequence to grant)
    day: Mapped[date] = mapped_column(Date, primary_key=True)  # the ticket's office day
    visit: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # 0, 1, ... within the day
    stage: Mapped[int] = mapped_column(Integer)  # 0: the ticket's first visit (its arrival); +1 per transfer
    hour: Mapped[int] = mapped_column(Integer)  # office-local hour of the visit's start
    service: Mapped[str] = mapped_column(String(8))
    counter: Mapped[str] = mapped_column(String(40))  # of the first call; "—" when never called
    officer: Mapped[str] = mapped_column(String(18))  # NIP of the first call's officer; "—" when none recorded
    outcome: Mapped[str] = mapped_column(String(8))  # served, no_show, unserved, open
    wait_s: Mapped[float | None] = mapped_column(Double)
    service_s: Mapped[float | None] = mapped_column(Double)
    late: Mapped[bool] = mapped_column(Boolean)  # called later than its service's target at the close
    walk_in_kind: Mapped[str | None] = mapped_column(String(32))  # the ticket's
