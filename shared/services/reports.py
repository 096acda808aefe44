"""The office's report figures: one module, the definitions of docs/reports.md.

The unit of the queue figures is a *visit*: one ticket waiting in one service's queue. A ticket makes its first
visit when it is issued (to the service of its number's letter) and one more visit for every transfer (to the
next stage, from the time of the transfer). For each visit:

- wait = first call of the visit − start of the visit (issued, or transferred); a recall does not restart it;
- service (transaction) time = end − first call, the end being the done (or the transfer onward);
- outcome: served (done, or transferred on), no-show, unserved (still waiting: on a past day it was never
  called before the day closed; today it is still waiting at the time of the report), or open (called, not
  finished);
- above service level: called later than the service's `target_wait_minutes`, or unserved.

People figures: `booked_applicants` (applicants of the period's bookings, cancelled and withdrawn ones left out)
and `arrived` (tickets issued: checked-in applicants and walk-ins; a transfer is not an arrival).

Reading: a closed day's visits were fixed at its close (`store_visits`, called by shared.services.day_close, into
`report_visit`) and are read back as plain rows: a year of one office (100 000 tickets) in well under a second.
The days not closed (today) are put together live: on PostgreSQL one statement puts the visits together and groups
them (`PG_VISITS`), sending per (group, service) the counts and the times as text; on SQLite three plain reads
(times as epoch seconds computed by the database, no ORM object) are cut into visits in one pass (`_Stager`, which
also makes the visits stored at the close). Both are added into the same sums; the rounding, the service level and
the percentiles are decided by the same Python code (`_Sums`).
"""

from __future__ import annotations

import math
from collections import Counter as Tally
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time
from functools import partial
from typing import Any, NamedTuple

from sqlalchemy import (
    String,
    and_,
    case,
    cast,
    delete,
    func,
    literal_column,
    select,
    text,
    type_coerce,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import Float

from shared.config import Config
from shared.db.models import (
    Applicant,
    Booking,
    CallEvent,
    CheckinEvent,
    Officer,
    PrintJob,
    QueueEvent,
    ReportVisit,
    Ticket,
)
from shared.domain import BookingStatus, QueueEventKind, TicketStatus
from shared.text import Text

GROUPINGS = ("day", "hour", "service", "counter", "officer")
NONE_KEY = "—"  # a visit never called has no counter; a call made with no officer signed in has no officer
NOT_BOOKED = (BookingStatus.CANCELLED, BookingStatus.WITHDRAWN)
ENDS = (QueueEventKind.DONE, QueueEventKind.NO_SHOW)
WAITING = (TicketStatus.WAITING, TicketStatus.UNSERVED)
OUTCOMES = {TicketStatus.DONE: "served", TicketStatus.NO_SHOW: "no_show"}  # of the last stage; else "open"
DEFAULT_TARGET_S = 30 * 60.0
FIELDS = (
    "booked_applicants", "arrived", "called", "served", "no_show", "unserved", "above_service_level",
    "service_level_pct", "wait_mean_s", "wait_median_s", "wait_p90_s", "wait_max_s",
    "service_mean_s", "service_median_s", "service_p90_s", "service_max_s",
)
GROUP_TITLES: dict[str, Text] = {
    "day": Text("Per hari", "By day"),
    "hour": Text("Per jam", "By hour"),
    "service": Text("Per layanan", "By service"),
    "counter": Text("Per loket", "By counter"),
    "officer": Text("Per petugas", "By officer"),
}
FIELD_TITLES: dict[str, Text] = {
    "booked_applicants": Text("Pemohon terjadwal", "Booked applicants"),
    "arrived": Text("Datang", "Arrived"),
    "called": Text("Dipanggil", "Called"),
    "served": Text("Dilayani", "Served"),
    "no_show": Text("Tidak hadir", "No-show"),
    "unserved": Text("Tidak terlayani", "Unserved"),
    "above_service_level": Text("Melebihi target", "Above target"),
    "service_level_pct": Text("Tingkat layanan %", "Service level %"),
    "wait_mean_s": Text("Tunggu rata-rata (dtk)", "Wait mean (s)"),
    "wait_median_s": Text("Tunggu median (dtk)", "Wait median (s)"),
    "wait_p90_s": Text("Tunggu P90 (dtk)", "Wait P90 (s)"),
    "wait_max_s": Text("Tunggu maks (dtk)", "Wait max (s)"),
    "service_mean_s": Text("Layanan rata-rata (dtk)", "Service mean (s)"),
    "service_median_s": Text("Layanan median (dtk)", "Service median (s)"),
    "service_p90_s": Text("Layanan P90 (dtk)", "Service P90 (s)"),
    "service_max_s": Text("Layanan maks (dtk)", "Service max (s)"),
}
UNATTRIBUTED = {
    "counter": Text("(belum dipanggil / tanpa loket)", "(not called / no counter)"),
    "officer": Text("(belum dipanggil / tanpa petugas tercatat)", "(not called / no officer recorded)"),
}
VOIDED_NOTE = Text("Tiket yang dibatalkan supervisor: tetap dihitung datang, tidak dipanggil atau dilayani lagi",
                   "Tickets a supervisor voided: still counted as arrived, never called or served after")


class ReportError(ValueError):
    def __init__(self, text: Text) -> None:
        super().__init__(text.line())
        self.text = text


# ---- records


@dataclass(frozen=True)
class Figures:
    """The sixteen fields of a report row (docs/reports.md); times in seconds, None when there is nothing."""

    booked_applicants: int = 0
    arrived: int = 0
    called: int = 0
    served: int = 0
    no_show: int = 0
    unserved: int = 0
    above_service_level: int = 0
    service_level_pct: float | None = None
    wait_mean_s: float | None = None
    wait_median_s: float | None = None
    wait_p90_s: float | None = None
    wait_max_s: float | None = None
    service_mean_s: float | None = None
    service_median_s: float | None = None
    service_p90_s: float | None = None
    service_max_s: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class ReportRow:
    key: str | int  # the day (ISO), the hour (0-23), the service prefix, the counter's name, the officer
    label: Text
    figures: Figures


@dataclass(frozen=True)
class SlotShowUp:
    slot: str  # "08:00-09:00", over every day of the period
    booked: int
    checked_in: int

    @property
    def show_up_pct(self) -> float | None:
        return round(100.0 * self.checked_in / self.booked, 1) if self.booked else None


@dataclass(frozen=True)
class Report:
    by: str
    date_from: date
    date_to: date
    generated_at: datetime
    rows: tuple[ReportRow, ...]
    total: Figures
    walk_ins: tuple[tuple[str, int], ...]  # (kind, tickets), in config order
    overrides: int  # late check-ins let in by a supervisor (checkin_event.override_reason)
    reprints: int  # print jobs beyond a ticket's first
    voided: int  # tickets a supervisor voided (counter_ops.void_ticket)
    show_up: tuple[SlotShowUp, ...]
    title: Text

    def as_json(self) -> dict[str, Any]:
        rows = [{self.by: r.key, **r.figures.as_dict()} for r in self.rows]
        return {
            "by": self.by, "from": self.date_from.isoformat(), "to": self.date_to.isoformat(),
            "generated_at": self.generated_at.isoformat(),
            "rows": rows,
            "total": {self.by: "total", **self.total.as_dict()},
            "labels": {str(r.key): r.label.as_dict() for r in self.rows},
            "walk_ins": dict(self.walk_ins),
            "overrides": self.overrides, "reprints": self.reprints, "voided": self.voided,
            "voided_note": VOIDED_NOTE.as_dict(),
            "show_up": [{"slot": s.slot, "booked": s.booked, "checked_in": s.checked_in,
                         "show_up_pct": s.show_up_pct} for s in self.show_up],
        }


class Visit(NamedTuple):
    """One ticket waiting in one service's queue: the unit of the queue figures, with where it counts."""

    day: str  # the office day, ISO
    hour: int  # the office-local hour of its start (issued, or transferred here)
    service: str
    counter: str  # the counter of the first call; NONE_KEY when never called
    officer: str  # the NIP of the officer who made the first call; NONE_KEY when none was recorded
    outcome: str  # served, no_show, unserved, open
    wait_s: float | None  # first call - start
    service_s: float | None  # end - first call, for a served visit
    late: bool  # called later than its service's target
    stage: int  # 0: the ticket's first visit, its arrival (day, hour issued, first service); +1 per transfer
    walk_in_kind: str | None  # the ticket's


@dataclass(frozen=True)
class Collected:
    """Everything the period's reports are made of, read once: group it any way with `report`.

    People (arrivals, booked applicants) are tallied by (office day ISO, hour, service)."""

    date_from: date
    date_to: date
    generated_at: datetime
    sums: dict[str, dict[Any, _Sums]]  # per grouping read: per key, the visits' counts and times
    arrivals: dict[tuple[str, int, str], int]
    booked: dict[tuple[str, int, str], int]
    walk_ins: tuple[tuple[str, int], ...]
    overrides: int
    reprints: int
    voided: int
    show_up: tuple[SlotShowUp, ...]
    service_names: dict[str, Text]
    officer_names: dict[str, str]  # NIP -> name


# ---- reading


def _epoch(session: Session, column: Any) -> ColumnElement[float]:
    """A stored UTC time as epoch seconds, computed by the database (no datetime object per row)."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.extract("epoch", column), Float)
    # julianday's float, back to whole milliseconds (08:00 is not 07:59:59.99999)
    return func.round((func.julianday(column) - literal_column("2440587.5")) * literal_column("86400.0"), 3)


def day_bounds(config: Config, first: date, last: date) -> tuple[datetime, datetime]:
    tz = config.office.tz
    return (datetime.combine(first, time.min, tzinfo=tz).astimezone(UTC),
            datetime.combine(last, time.max, tzinfo=tz).astimezone(UTC))


def collect(session: Session, config: Config, date_from: date, date_to: date, now: datetime,
            groupings: Iterable[str] = GROUPINGS) -> Collected:
    """Read the period [date_from, date_to] (office days, both included) once, for these groupings."""
    if date_to < date_from:
        raise ReportError(Text(f"Periode terbalik: {date_from} sampai {date_to}",
                               f"The period ends before it starts: {date_from} to {date_to}"))
    _tune(session)
    in_period = Ticket.day.between(date_from, date_to)
    officers = {oid: (nip, name) for oid, nip, name in session.execute(select(Officer.id, Officer.nip, Officer.name))}
    sums, arrivals, walk_in_tally = _queue_figures(session, config, date_from, date_to, tuple(groupings), officers)
    start_utc, end_utc = day_bounds(config, date_from, date_to)
    overrides = session.scalar(
        select(func.count(CheckinEvent.id)).where(CheckinEvent.at.between(start_utc, end_utc),
                                                  CheckinEvent.override_reason.is_not(None),
                                                  CheckinEvent.override_reason != "")
    ) or 0
    jobs = (select(PrintJob.ticket_id, func.count(PrintJob.id).label("n")).join(Ticket, Ticket.id == PrintJob.ticket_id)
            .where(in_period).group_by(PrintJob.ticket_id).subquery())
    reprints = session.scalar(select(func.coalesce(func.sum(jobs.c.n - 1), 0))) or 0
    voided = session.scalar(select(func.count(Ticket.id)).where(in_period, Ticket.status == TicketStatus.VOIDED)) or 0
    kinds_order = [k for s in config.services for k in s.walk_in_kinds]
    walk_ins = tuple((k, walk_in_tally.get(k, 0)) for k in kinds_order) + tuple(
        sorted((k, n) for k, n in walk_in_tally.items() if k not in kinds_order))
    return Collected(
        date_from=date_from, date_to=date_to, generated_at=now, sums=sums, arrivals=dict(arrivals),
        booked=_booked(session, config, date_from, date_to), walk_ins=walk_ins, overrides=int(overrides),
        reprints=int(reprints), voided=int(voided), show_up=_show_up(session, date_from, date_to),
        service_names={s.prefix: Text(s.name, s.name_en) for s in config.services},
        officer_names=dict(officers.values()),
    )


def _queue_figures(
    session: Session, config: Config, date_from: date, date_to: date, groupings: tuple[str, ...],
    officers: dict[int, tuple[str, str]],
) -> tuple[dict[str, dict[Any, _Sums]], Tally[tuple[str, int, str]], Tally[str]]:
    """The visits' sums per grouping, the arrivals and the walk-ins of the period: the closed days from the
    visits fixed at their close (`report_visit`), the other days put together live; added into the same sums."""
    arrivals, walk_ins, closed = _stored_arrivals(session, date_from, date_to)
    sums = {by: _stored_sums(session, date_from, date_to, by) if closed else {} for by in groupings}
    if len(closed) > (date_to - date_from).days:
        return sums, arrivals, walk_ins  # every day of the period is closed
    if session.get_bind().dialect.name == "postgresql":
        live = {by: _pg_sums(session, config, date_from, date_to, closed, by) for by in groupings}
        live_arrivals, live_walk_ins = _pg_arrivals(session, config, date_from, date_to, closed)
    else:
        open_days = Ticket.day.between(date_from, date_to)
        if closed:
            open_days = and_(open_days, Ticket.day.not_in(closed))
        visits, live_arrivals, live_walk_ins = _read_visits(session, config, open_days, officers)
        live = {by: _group(visits, by) for by in groupings}
    for by, parts in live.items():
        for key, part in parts.items():
            sums[by].setdefault(key, _Sums()).merge(part)
    return sums, arrivals + live_arrivals, walk_ins + live_walk_ins


def _tune(session: Session) -> None:
    """PostgreSQL: no JIT for these scans (compiling costs more than it saves on a year), sorts kept in memory.
    SET LOCAL: only this read's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL jit = off"))
        session.execute(text("SET LOCAL work_mem = '64MB'"))


def _read_visits(
    session: Session, config: Config, in_period: ColumnElement[bool], officers: dict[int, tuple[str, str]],
) -> tuple[list[Visit], Tally[tuple[str, int, str]], Tally[str]]:
    """The period's visits, put together from three plain reads (tickets with their last done or no-show,
    transfers, calls in time order): each ticket's stages, and each stage's first call by (time, counter)."""
    epoch, read = partial(_epoch, session), session.connection().execute  # Core rows: no ORM loading
    last_end = (select(func.max(epoch(QueueEvent.at)))
                .where(QueueEvent.ticket_id == Ticket.id, QueueEvent.kind.in_(ENDS)).correlate(Ticket).scalar_subquery())
    tickets = read(select(Ticket.id, type_coerce(Ticket.day, String), Ticket.prefix, Ticket.status,
                          Ticket.walk_in_kind, epoch(Ticket.issued_at), last_end).where(in_period))
    moves = _by_ticket(read(
        select(QueueEvent.ticket_id, epoch(QueueEvent.at), QueueEvent.detail)
        .join(Ticket, Ticket.id == QueueEvent.ticket_id).where(in_period, QueueEvent.kind == QueueEventKind.TRANSFER)
        .order_by(QueueEvent.ticket_id, QueueEvent.at, QueueEvent.id)))
    call_at = epoch(CallEvent.at).label("at")
    calls = _by_ticket(read(
        select(CallEvent.ticket_id, call_at, CallEvent.counter_name, CallEvent.officer_id)
        .join(Ticket, Ticket.id == CallEvent.ticket_id).where(in_period)
        .order_by(CallEvent.ticket_id, call_at, CallEvent.counter_name)))
    stager = _Stager(config, officers)
    arrivals: Tally[tuple[str, int, str]] = Tally()
    walk_ins: Tally[str] = Tally()
    no_moves: tuple[Any, ...] = ()
    for tid, day, prefix, status, walk_in_kind, issued, end in tickets:
        hour = stager.hour_of(issued)
        arrivals[(day, hour, prefix)] += 1
        if walk_in_kind:
            walk_ins[walk_in_kind] += 1
        stager.add(day, prefix, status, walk_in_kind, issued, hour, end, moves.get(tid, no_moves), calls.get(tid))
    return stager.visits, arrivals, walk_ins


def _by_ticket(rows: Iterable[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        group = grouped.get(row[0])
        if group is None:
            grouped[row[0]] = [row]
        else:
            group.append(row)
    return grouped


class _Stager:
    """Cuts each ticket into its visits (docs/reports.md): stage 0 from issue, one more from each transfer; a
    stage's first call is the earliest call in [its start, the next stage's start), by (time, counter)."""

    def __init__(self, config: Config, officers: dict[int, tuple[str, str]]) -> None:
        self.targets = {s.prefix: s.target_wait_minutes * 60.0 for s in config.services}
        self.nips = {oid: nip for oid, (nip, _name) in officers.items()}
        self.hour_of = _hour_reader(config.office.tz)
        self.visits: list[Visit] = []

    def add(self, day: str, prefix: str, status: str, walk_in_kind: str | None, issued: float, hour: int,
            last_end: float | None, moves: Sequence[Any], calls: list[Any] | None) -> None:
        """`calls` in (time, counter) order."""
        start, service = issued, prefix
        visit = partial(self._visit, day, walk_in_kind)
        for stage, (_tid, following, detail) in enumerate(moves):  # a transfer ends a stage, served; starts the next
            visit(stage, hour, service, start, _first_call(calls, start, following), "served", following)
            start, service, hour = following, detail.rpartition("->")[2] or prefix, -1
        if status in WAITING:
            visit(len(moves), hour, service, start, None, "unserved", None)
        else:
            end = last_end if last_end is not None and last_end >= start else None
            visit(len(moves), hour, service, start, _first_call(calls, start, None), OUTCOMES.get(status, "open"), end)

    def _visit(self, day: str, walk_in_kind: str | None, stage: int, hour: int, service: str, start: float,
               first: Any, outcome: str, end: float | None) -> None:
        wait = service_s = None
        counter = officer = NONE_KEY
        late = False
        if first is not None:
            _tid, called, counter, officer_id = first
            wait = round(called - start, 3)
            late = wait > self.targets.get(service, DEFAULT_TARGET_S)
            if officer_id is not None:
                officer = self.nips.get(officer_id, NONE_KEY)
            if end is not None and outcome == "served":
                service_s = round(end - called, 3)
        if hour < 0:
            hour = self.hour_of(start)
        self.visits.append(Visit(day, hour, service, counter, officer, outcome, wait, service_s, late, stage,
                                 walk_in_kind))


def _first_call(calls: list[Any] | None, start: float, following: float | None) -> Any:
    for call in calls or ():
        at = call[1]
        if at >= start and (following is None or at < following):
            return call
    return None


def _booked(session: Session, config: Config, date_from: date, date_to: date) -> dict[tuple[str, int, str], int]:
    """Booked applicants tallied by (day, the slot's start hour, the service they are routed to)."""
    tally: Tally[tuple[str, int, str]] = Tally()
    for day, slot, application_type, priority, n in session.execute(
        select(Booking.day, Booking.slot_start, Applicant.application_type, Applicant.priority, func.count())
        .join(Applicant, Applicant.booking_id == Booking.id)
        .where(Booking.day.between(date_from, date_to), Booking.status.not_in(NOT_BOOKED))
        .group_by(Booking.day, Booking.slot_start, Applicant.application_type, Applicant.priority)
    ):
        tally[(day.isoformat(), slot.hour, _route(config, application_type, priority))] += int(n)
    return dict(tally)


def _show_up(session: Session, date_from: date, date_to: date) -> tuple[SlotShowUp, ...]:
    """Per slot (over the period's days): booked applicants, and those of them with a ticket (checked in)."""
    has_ticket = select(Ticket.id).where(Ticket.applicant_id == Applicant.id).exists()
    rows = session.execute(
        select(Booking.slot_start, Booking.slot_end, func.count(Applicant.id),
               func.sum(case((has_ticket, 1), else_=0)))
        .join(Applicant, Applicant.booking_id == Booking.id)
        .where(and_(Booking.day.between(date_from, date_to), Booking.status.not_in(NOT_BOOKED)))
        .group_by(Booking.slot_start, Booking.slot_end).order_by(Booking.slot_start, Booking.slot_end)
    ).all()
    return tuple(SlotShowUp(f"{a:%H:%M}-{b:%H:%M}", int(n), int(c or 0)) for a, b, n, c in rows)


def _route(config: Config, application_type: str, priority: str | None) -> str:
    """The service a booked applicant's ticket goes to (the gate's own rule: shared.services.tickets)."""
    try:
        return config.service_for("priority" if priority else application_type).prefix
    except KeyError:
        return NONE_KEY


def _hour_reader(tz: Any) -> Callable[[float], int]:
    cache: dict[int, int] = {}  # the offset of each UTC hour (a time zone may change it)

    def hour(epoch: float) -> int:
        bucket = int(epoch // 3600)
        offset = cache.get(bucket)
        if offset is None:
            moment = datetime.fromtimestamp(bucket * 3600, UTC).astimezone(tz)
            offset = cache[bucket] = int(moment.utcoffset().total_seconds())  # type: ignore[union-attr]
        return int(((epoch + offset) % 86400) // 3600)

    return hour


# ---- closed days: the visits fixed at the day close


def store_visits(session: Session, config: Config, day: date) -> int:
    """Fix `day`'s visits (the day close, shared.services.day_close): put together exactly as a live report does,
    written to `report_visit` in place of any stored before. Returns how many."""
    session.flush()  # the close's own changes (waiting -> unserved) are what is fixed
    officers = {oid: (nip, name) for oid, nip, name in session.execute(select(Officer.id, Officer.nip, Officer.name))}
    visits, _arrivals, _walk_ins = _read_visits(session, config, Ticket.day == day, officers)
    session.execute(delete(ReportVisit).where(ReportVisit.day == day))
    if visits:
        _write_visits(session, day, visits)
    return len(visits)


STORED_COLUMNS = ("day", "visit", "stage", "hour", "service", "counter", "officer", "outcome", "wait_s", "service_s",
                  "late", "walk_in_kind")


def _write_visits(session: Session, day: date, visits: list[Visit]) -> None:
    """Plain tuples straight to the driver, a day's few hundred rows in a few ms (a parameter dict per row through
    SQLAlchemy costs more than the database's work): PostgreSQL by COPY (psycopg 3), SQLite by one executemany."""
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    stored_day = day.isoformat() if sqlite else day  # SQLite keeps a Date as ISO text
    rows = [(stored_day, n, v.stage, v.hour, v.service, v.counter, v.officer, v.outcome, v.wait_s, v.service_s,
             v.late, v.walk_in_kind) for n, v in enumerate(visits)]
    columns = ", ".join(STORED_COLUMNS)
    if sqlite:
        marks = ", ".join("?" * len(STORED_COLUMNS))
        connection.exec_driver_sql(f"INSERT INTO report_visit ({columns}) VALUES ({marks})", rows)
        return
    with connection.connection.dbapi_connection.cursor() as cursor:  # type: ignore[union-attr]
        with cursor.copy(f"COPY report_visit ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _stored_arrivals(session: Session, date_from: date, date_to: date,
                     ) -> tuple[Tally[tuple[str, int, str]], Tally[str], list[date]]:
    """Arrivals and walk-ins of the period's closed days (a ticket's first visit is its arrival), and those days:
    the days with stored visits (every ticket has a first visit; they are written with the day's close)."""
    arrivals: Tally[tuple[str, int, str]] = Tally()
    walk_ins: Tally[str] = Tally()
    days: set[date] = set()
    rv = ReportVisit
    for day, hour, service, walk_in_kind, n in session.connection().execute(
        select(rv.day, rv.hour, rv.service, rv.walk_in_kind, func.count())
        .where(rv.day.between(date_from, date_to), rv.stage == 0).group_by(rv.day, rv.hour, rv.service, rv.walk_in_kind)
    ):
        days.add(day)
        arrivals[(day.isoformat(), hour, service)] += n
        if walk_in_kind:
            walk_ins[walk_in_kind] += n
    return arrivals, walk_ins, sorted(days)


STORED_KEYS = {"day": ReportVisit.day, "hour": ReportVisit.hour, "service": ReportVisit.service,
               "counter": ReportVisit.counter, "officer": ReportVisit.officer}


def _stored_sums(session: Session, date_from: date, date_to: date, by: str) -> dict[Any, _Sums]:
    """The closed days' stored visits summed `by` a grouping: the same sums as of the live visits."""
    rv = ReportVisit
    sums = _sums_by_key(session.connection().execute(
        select(STORED_KEYS[by], rv.outcome, rv.wait_s, rv.service_s, rv.late).where(rv.day.between(date_from, date_to))))
    return {key.isoformat(): part for key, part in sums.items()} if by == "day" else sums


# ---- PostgreSQL: the same visits put together and grouped by the database


# one row per event of the period's tickets, in time order per ticket: stage starts (the issue, ord 0 eid 0; each
# transfer, ord 0), calls (ord 1), dones and no-shows (ord 2). k = the stage (transfers so far); s = its start;
# p = the latest call before this row. A stage's first call is its call with no earlier call in it (p < s), by
# (time, counter); its end is the latest done or no-show from its start on. Calls before the issue count nowhere.
PG_VISITS = """
WITH t AS MATERIALIZED (
  SELECT id, day, prefix, status, CAST(EXTRACT(epoch FROM issued_at) AS float8) AS born
  FROM ticket WHERE day BETWEEN :date_from AND :date_to AND day <> ALL(CAST(:closed AS date[]))),
ev AS (
  SELECT t.id AS tid, t.born, t.born AS at, 0 AS ord, 0 AS eid, CAST(NULL AS text) AS detail,
         CAST(NULL AS text) AS counter, CAST(NULL AS integer) AS officer FROM t
  UNION ALL
  SELECT q.ticket_id, t.born, CAST(EXTRACT(epoch FROM q.at) AS float8), 0, q.id, q.detail, NULL, NULL
  FROM queue_event q JOIN t ON t.id = q.ticket_id WHERE q.kind = 'transfer'
  UNION ALL
  SELECT c.ticket_id, t.born, CAST(EXTRACT(epoch FROM c.at) AS float8), 1, c.id, NULL, c.counter_name, c.officer_id
  FROM call_event c JOIN t ON t.id = c.ticket_id
  UNION ALL
  SELECT q.ticket_id, t.born, CAST(EXTRACT(epoch FROM q.at) AS float8), 2, q.id, NULL, NULL, NULL
  FROM queue_event q JOIN t ON t.id = q.ticket_id WHERE q.kind IN ('done', 'no_show')),
w AS (
  SELECT tid, ord, at, detail, counter, officer,
    CASE WHEN ord = 0 AND eid = 0 THEN 0 ELSE sum(CASE WHEN ord = 0 AND eid <> 0 THEN 1 ELSE 0 END) OVER win END AS k,
    CASE WHEN ord = 0 AND eid = 0 THEN born
         ELSE coalesce(max(CASE WHEN ord = 0 AND eid <> 0 THEN at END) OVER win, born) END AS s,
    max(CASE WHEN ord = 1 THEN at END) OVER (PARTITION BY tid ORDER BY at, ord, counter, eid
                                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS p
  FROM ev WINDOW win AS (PARTITION BY tid ORDER BY at, ord, counter, eid ROWS UNBOUNDED PRECEDING)),
stages AS (
  SELECT tid, k, max(CASE WHEN ord = 0 THEN at END) AS start, max(detail) AS detail,
    max(CASE WHEN ord = 1 AND at >= s AND (p IS NULL OR p < s) THEN at END) AS first_call,
    max(CASE WHEN ord = 1 AND at >= s AND (p IS NULL OR p < s) THEN counter END) AS counter,
    max(CASE WHEN ord = 1 AND at >= s AND (p IS NULL OR p < s) THEN officer END) AS officer,
    max(CASE WHEN ord = 2 AND at >= s THEN at END) AS last_end
  FROM w GROUP BY tid, k),
v AS (
  SELECT st.*, t.day, t.status, lead(st.start) OVER (PARTITION BY st.tid ORDER BY st.k) AS following,
    coalesce(nullif(regexp_replace(st.detail, '^.*->', ''), ''), t.prefix) AS service
  FROM stages st JOIN t ON t.id = st.tid),
x AS (
  SELECT day, start, service, counter, officer,
    CASE WHEN following IS NULL AND status IN ('waiting', 'unserved') THEN NULL ELSE first_call END AS called,
    CASE WHEN following IS NOT NULL THEN 'served' WHEN status IN ('waiting', 'unserved') THEN 'unserved'
         WHEN status = 'done' THEN 'served' WHEN status = 'no_show' THEN 'no_show' ELSE 'open' END AS outcome,
    coalesce(following, last_end) AS finish
  FROM v)
SELECT {key} AS key, x.service,
  count(*) FILTER (WHERE outcome = 'served'), count(*) FILTER (WHERE outcome = 'no_show'),
  count(*) FILTER (WHERE outcome = 'unserved'),
  string_agg(CAST(called - start AS text), ',') FILTER (WHERE called IS NOT NULL),
  string_agg(CAST(finish - called AS text), ',') FILTER (WHERE outcome = 'served' AND called IS NOT NULL
                                                          AND finish IS NOT NULL)
FROM x LEFT JOIN officer o ON o.id = x.officer AND x.called IS NOT NULL
GROUP BY 1, 2
"""
PG_KEYS = {
    "day": "x.day",
    "hour": "CAST(EXTRACT(hour FROM to_timestamp(x.start) AT TIME ZONE :tz) AS integer)",
    "service": "x.service",
    "counter": "CASE WHEN x.called IS NOT NULL THEN x.counter END",
    "officer": "o.nip",
}


def _pg_sums(session: Session, config: Config, date_from: date, date_to: date, closed: list[date],
             by: str) -> dict[Any, _Sums]:
    """The visits of docs/reports.md grouped `by` in one statement: counts, and the times as text per (key,
    service), so that the rounding and the service level are decided here exactly as for a visit in Python.
    The `closed` days are left out (their visits are stored)."""
    targets = {s.prefix: s.target_wait_minutes * 60.0 for s in config.services}
    sums: dict[Any, _Sums] = defaultdict(_Sums)
    rows = session.connection().execute(
        text(PG_VISITS.format(key=PG_KEYS[by])),
        {"date_from": date_from, "date_to": date_to, "closed": closed, "tz": config.office.tz.key})
    for key, service, served, no_show, unserved, waits, services in rows:
        key = NONE_KEY if key is None else key.isoformat() if by == "day" else key
        sums[key].add_times(served, no_show, unserved, waits, services, targets.get(service, DEFAULT_TARGET_S))
    return dict(sums)


def _pg_arrivals(session: Session, config: Config, date_from: date, date_to: date, closed: list[date],
                 ) -> tuple[Tally[tuple[str, int, str]], Tally[str]]:
    arrivals: Tally[tuple[str, int, str]] = Tally()
    walk_ins: Tally[str] = Tally()
    for day, hour, prefix, walk_in_kind, n in session.connection().execute(text(
        "SELECT day, CAST(EXTRACT(hour FROM issued_at AT TIME ZONE 'UTC' AT TIME ZONE :tz) AS integer), prefix,"
        " walk_in_kind, count(*) FROM ticket WHERE day BETWEEN :date_from AND :date_to"
        " AND day <> ALL(CAST(:closed AS date[])) GROUP BY 1, 2, 3, 4"),
        {"date_from": date_from, "date_to": date_to, "closed": closed, "tz": config.office.tz.key},
    ):
        arrivals[(day.isoformat(), hour, prefix)] += n
        if walk_in_kind:
            walk_ins[walk_in_kind] += n
    return arrivals, walk_ins


# ---- the figures


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile of sorted values, linear between the closest ranks (Excel's PERCENTILE.INC)."""
    if not values:
        return None
    pos = (len(values) - 1) * q / 100.0
    low = math.floor(pos)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (pos - low)


def _stats(values: list[float]) -> tuple[float | None, float | None, float | None, float | None]:
    if not values:
        return None, None, None, None
    values.sort()
    return (_r(sum(values) / len(values)), _r(percentile(values, 50)), _r(percentile(values, 90)), _r(values[-1]))


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass
class _Sums:
    """The counts and the times of a group of visits; groups add up to the total."""

    called: int = 0
    served: int = 0
    no_show: int = 0
    unserved: int = 0
    late: int = 0
    waits: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)

    def add(self, outcome: str, wait_s: float | None, service_s: float | None, late: bool) -> None:
        """One visit."""
        if wait_s is not None:
            self.waits.append(wait_s)
            self.called += 1
            self.late += late
        if service_s is not None:
            self.services.append(service_s)
        if outcome == "served":
            self.served += 1
        elif outcome == "no_show":
            self.no_show += 1
        elif outcome == "unserved":
            self.unserved += 1

    def add_times(self, served: int, no_show: int, unserved: int, waits: str | None, services: str | None,
                  target_s: float) -> None:
        """Visits of one service counted by the database, their times as text (float8's exact shortest form):
        rounded here exactly as a visit's are."""
        self.served += served
        self.no_show += no_show
        self.unserved += unserved
        for value in waits.split(",") if waits else ():
            wait = round(float(value), 3)
            self.waits.append(wait)
            self.late += wait > target_s
        self.called = len(self.waits)
        self.services += [round(float(value), 3) for value in services.split(",")] if services else []

    def merge(self, other: _Sums) -> None:
        self.called += other.called
        self.served += other.served
        self.no_show += other.no_show
        self.unserved += other.unserved
        self.late += other.late
        self.waits += other.waits
        self.services += other.services

    def figures(self, arrived: int, booked: int) -> Figures:
        judged = self.called + self.unserved
        above = self.late + self.unserved
        wait_stats = _stats(self.waits)
        service_stats = _stats(self.services)
        return Figures(
            booked_applicants=booked, arrived=arrived, called=self.called, served=self.served, no_show=self.no_show,
            unserved=self.unserved, above_service_level=above,
            service_level_pct=round(100.0 * (judged - above) / judged, 1) if judged else None,
            wait_mean_s=wait_stats[0], wait_median_s=wait_stats[1], wait_p90_s=wait_stats[2],
            wait_max_s=wait_stats[3], service_mean_s=service_stats[0], service_median_s=service_stats[1],
            service_p90_s=service_stats[2], service_max_s=service_stats[3],
        )


VISIT_KEYS: dict[str, Callable[[Visit], str | int]] = {
    "day": lambda v: v.day,
    "hour": lambda v: v.hour,
    "service": lambda v: v.service,
    "counter": lambda v: v.counter,
    "officer": lambda v: v.officer,
}
# people are at no counter and are no officer's: arrivals and bookings count under "—" there
PERSON_KEYS: dict[str, Callable[[tuple[str, int, str]], str | int]] = {
    "day": lambda p: p[0],
    "hour": lambda p: p[1],
    "service": lambda p: p[2],
    "counter": lambda p: NONE_KEY,
    "officer": lambda p: NONE_KEY,
}


def _group(visits: Iterable[Visit], by: str) -> dict[Any, _Sums]:
    key = VISIT_KEYS[by]
    return _sums_by_key((key(v), v.outcome, v.wait_s, v.service_s, v.late) for v in visits)


def _sums_by_key(visits: Iterable[Sequence[Any]]) -> dict[Any, _Sums]:
    """(key, outcome, wait_s, service_s, late) of each visit, summed per key."""
    sums: dict[Any, _Sums] = {}
    for key, outcome, wait_s, service_s, late in visits:
        part = sums.get(key)
        if part is None:
            part = sums[key] = _Sums()
        part.add(outcome, wait_s, service_s, late)
    return sums


def _people(tally: dict[tuple[str, int, str], int], by: str) -> Tally[str | int]:
    key = PERSON_KEYS[by]
    grouped: Tally[str | int] = Tally()
    for person, n in tally.items():
        grouped[key(person)] += n
    return grouped


def report(data: Collected, by: str, config: Config) -> Report:
    """The period's figures grouped `by` day, hour, service, counter or officer, with the total."""
    if by not in GROUPINGS:
        raise ReportError(Text(f"--by {by!r}: pilih {', '.join(GROUPINGS)}", f"--by {by!r}: choose {', '.join(GROUPINGS)}"))
    sums = data.sums[by]  # collect() read this grouping
    arrived, booked = _people(data.arrivals, by), _people(data.booked, by)
    keys = set(sums) | set(arrived) | set(booked)
    rows = tuple(
        ReportRow(key, _label(by, key, data), sums.get(key, _Sums()).figures(arrived.get(key, 0), booked.get(key, 0)))
        for key in _ordered(by, keys, config)
    )
    everything = _Sums()
    for part in sums.values():
        everything.merge(part)
    total = everything.figures(sum(data.arrivals.values()), sum(data.booked.values()))
    period = (f"{data.date_from:%d-%m-%Y}" if data.date_from == data.date_to
              else f"{data.date_from:%d-%m-%Y} s.d. {data.date_to:%d-%m-%Y}")
    period_en = (f"{data.date_from:%Y-%m-%d}" if data.date_from == data.date_to
                 else f"{data.date_from:%Y-%m-%d} to {data.date_to:%Y-%m-%d}")
    return Report(
        by=by, date_from=data.date_from, date_to=data.date_to, generated_at=data.generated_at, rows=rows, total=total,
        walk_ins=data.walk_ins, overrides=data.overrides, reprints=data.reprints, voided=data.voided, show_up=data.show_up,
        title=Text(f"Laporan antrian {period}", f"Queue report {period_en}") + " — " + GROUP_TITLES[by],
    )


def _ordered(by: str, keys: set[Any], config: Config) -> list[Any]:
    if by == "service":
        order = [s.prefix for s in config.services]
        return [k for k in order if k in keys] + sorted(k for k in keys if k not in order)
    if by in ("counter", "officer"):
        order = [c.name for c in config.counters] if by == "counter" else []
        known = [k for k in order if k in keys]
        rest = sorted(k for k in keys if k not in order and k != NONE_KEY)
        return known + rest + ([NONE_KEY] if NONE_KEY in keys else [])
    return sorted(keys)


def _label(by: str, key: Any, data: Collected) -> Text:
    if key == NONE_KEY and by in UNATTRIBUTED:
        return UNATTRIBUTED[by]
    if by == "service":
        name = data.service_names.get(key)
        return Text(f"{key} {name.id}", name.en or name.id) if name else Text(str(key))
    if by == "hour":
        return Text(f"{key:02d}:00-{key:02d}:59")
    if by == "officer":
        return Text(f"{data.officer_names.get(key, '?')} (NIP {key})")
    return Text(str(key))


def build_report(session: Session, config: Config, date_from: date, date_to: date, by: str, now: datetime) -> Report:
    """Read the period and group it: the one call of the CLI and the windows (over `Database.read`)."""
    if by not in GROUPINGS:
        raise ReportError(Text(f"--by {by!r}: pilih {', '.join(GROUPINGS)}", f"--by {by!r}: choose {', '.join(GROUPINGS)}"))
    return report(collect(session, config, date_from, date_to, now, (by,)), by, config)


def all_groupings(session: Session, config: Config, date_from: date, date_to: date, now: datetime) -> dict[str, Report]:
    """Every grouping of one period, read once (the XLSX and the PDF)."""
    data = collect(session, config, date_from, date_to, now)
    return {by: report(data, by, config) for by in GROUPINGS}
