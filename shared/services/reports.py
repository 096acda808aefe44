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

The rows are read with a few SQL statements (times as epoch seconds, no per-row object), the visits put together
and the percentiles taken in Python: a year of one office (≈100 000 tickets) in about a second.
"""

from __future__ import annotations

import math
from collections import Counter as Tally
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Select, and_, case, cast, func, literal_column, null, or_, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import Float

from shared.config import Config
from shared.db.models import Applicant, Booking, CallEvent, CheckinEvent, PrintJob, QueueEvent, Ticket
from shared.domain import BookingStatus, QueueEventKind, TicketStatus
from shared.text import Text

GROUPINGS = ("day", "hour", "service", "counter", "officer")
NONE_KEY = "—"  # a visit never called has no counter; no visit has an officer yet
NOT_BOOKED = (BookingStatus.CANCELLED, BookingStatus.WITHDRAWN)
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
    "officer": Text("(tanpa petugas: data petugas belum dicatat)", "(unattributed: officers are not recorded yet)"),
}
VOIDED_NOTE = Text("Pembatalan tiket belum ada di Antrian: selalu 0",
                   "Voiding a ticket does not exist in Antrian yet: always 0")


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
    voided: int  # always 0: voiding does not exist yet
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


@dataclass(slots=True)
class Visit:
    """One ticket waiting in one service's queue: the unit of the queue figures."""

    ticket_id: int
    day: date
    service: str
    start: float  # epoch seconds: issued, or transferred here
    hour: int  # the office-local hour of `start`
    first_call: float | None
    counter: str  # the counter of the first call; NONE_KEY when never called
    end: float | None  # done, or the transfer onward
    outcome: str  # served, no_show, unserved, open
    target_s: float
    wait_s: float | None = None  # first call - start
    service_s: float | None = None  # end - first call, for a served visit

    def __post_init__(self) -> None:
        first_call = self.first_call
        if first_call is not None:
            self.wait_s = round(first_call - self.start, 3)
            if self.end is not None and self.outcome == "served":
                self.service_s = round(self.end - first_call, 3)


@dataclass(slots=True, frozen=True)
class Person:
    """A ticket issued (one arrival) or a booked applicant, with where it counts in each grouping."""

    day: date
    hour: int
    service: str


@dataclass(frozen=True)
class Collected:
    """Everything the period's reports are made of, read once: group it any way with `report`."""

    date_from: date
    date_to: date
    generated_at: datetime
    visits: tuple[Visit, ...]
    arrivals: tuple[Person, ...]
    booked: tuple[Person, ...]
    walk_ins: tuple[tuple[str, int], ...]
    overrides: int
    reprints: int
    show_up: tuple[SlotShowUp, ...]
    service_names: dict[str, Text]


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


def collect(session: Session, config: Config, date_from: date, date_to: date, now: datetime) -> Collected:
    """Read the period [date_from, date_to] (office days, both included) once."""
    if date_to < date_from:
        raise ReportError(Text(f"Periode terbalik: {date_from} sampai {date_to}",
                               f"The period ends before it starts: {date_from} to {date_to}"))
    tz = config.office.tz
    in_period = Ticket.day.between(date_from, date_to)
    tickets = session.execute(
        select(Ticket.day, Ticket.prefix, Ticket.walk_in_kind, _epoch(session, Ticket.issued_at)).where(in_period)
    ).all()
    targets = {s.prefix: s.target_wait_minutes * 60.0 for s in config.services}
    default_target = 30 * 60.0
    hour_of = _hour_reader(tz)
    arrivals: list[Person] = []
    walk_in_tally: Tally[str] = Tally()
    for day, prefix, walk_in_kind, issued in tickets:
        arrivals.append(Person(day, hour_of(issued), prefix))
        if walk_in_kind:
            walk_in_tally[walk_in_kind] += 1
    visits: list[Visit] = []
    waiting = (TicketStatus.WAITING, TicketStatus.UNSERVED)
    outcomes = {TicketStatus.DONE: "served", TicketStatus.NO_SHOW: "no_show",
                TicketStatus.WAITING: "unserved", TicketStatus.UNSERVED: "unserved"}
    for ticket_id, day, prefix, status, detail, start, following, first_call, counter, last_end in session.execute(
        _visits_query(session, in_period)
    ):
        service = detail.rpartition("->")[2] or prefix if detail is not None else prefix
        if following is not None:
            outcome, end = "served", following
        else:
            outcome, end = outcomes.get(status, "open"), last_end
            if status in waiting:
                first_call, counter, end = None, None, None
        visits.append(Visit(ticket_id, day, service, start, hour_of(start), first_call, counter or NONE_KEY, end,
                            outcome, targets.get(service, default_target)))

    booked = [
        Person(day, slot.hour, _route(config, application_type, priority))
        for day, slot, application_type, priority in session.execute(
            select(Booking.day, Booking.slot_start, Applicant.application_type, Applicant.priority)
            .join(Applicant, Applicant.booking_id == Booking.id)
            .where(Booking.day.between(date_from, date_to), Booking.status.not_in(NOT_BOOKED))
        )
    ]
    start_utc, end_utc = day_bounds(config, date_from, date_to)
    overrides = session.scalar(
        select(func.count(CheckinEvent.id)).where(CheckinEvent.at.between(start_utc, end_utc),
                                                  CheckinEvent.override_reason.is_not(None),
                                                  CheckinEvent.override_reason != "")
    ) or 0
    jobs = (select(PrintJob.ticket_id, func.count(PrintJob.id).label("n")).join(Ticket, Ticket.id == PrintJob.ticket_id)
            .where(in_period).group_by(PrintJob.ticket_id).subquery())
    reprints = session.scalar(select(func.coalesce(func.sum(jobs.c.n - 1), 0))) or 0
    kinds_order = [k for s in config.services for k in s.walk_in_kinds]
    walk_ins = tuple((k, walk_in_tally.get(k, 0)) for k in kinds_order) + tuple(
        sorted((k, n) for k, n in walk_in_tally.items() if k not in kinds_order))
    return Collected(
        date_from=date_from, date_to=date_to, generated_at=now, visits=tuple(visits), arrivals=tuple(arrivals),
        booked=tuple(booked), walk_ins=walk_ins, overrides=int(overrides), reprints=int(reprints),
        show_up=_show_up(session, date_from, date_to),
        service_names={s.prefix: Text(s.name, s.name_en) for s in config.services},
    )


def _visits_query(session: Session, in_period: ColumnElement[bool]) -> Select[Any]:
    """One row per visit, put together by the database: the ticket, the stage's transfer detail (None for the first
    stage), its start, the next stage's start (None for the last), the first call in [start, next) and its counter,
    and for the last stage the latest done or no-show from its start on. Times as epoch seconds."""
    issued = (select(Ticket.id.label("tid"), literal_column("0").label("k"), _epoch(session, Ticket.issued_at).label("start"),
                     null().label("detail"))
              .where(in_period))
    moved = (select(QueueEvent.ticket_id.label("tid"),
                    func.row_number().over(partition_by=QueueEvent.ticket_id, order_by=(QueueEvent.at, QueueEvent.id))
                    .label("k"),
                    _epoch(session, QueueEvent.at).label("start"), QueueEvent.detail.label("detail"))
             .join(Ticket, Ticket.id == QueueEvent.ticket_id)
             .where(in_period, QueueEvent.kind == QueueEventKind.TRANSFER))
    stages_u = union_all(issued, moved).subquery("stages_u")
    stages = select(stages_u, func.lead(stages_u.c.start).over(partition_by=stages_u.c.tid, order_by=stages_u.c.k)
                    .label("following")).cte("stages")
    calls = (select(CallEvent.ticket_id.label("tid"), _epoch(session, CallEvent.at).label("at"),
                    CallEvent.counter_name.label("counter"))
             .join(Ticket, Ticket.id == CallEvent.ticket_id).where(in_period).cte("calls"))
    ranked = (select(stages.c.tid, stages.c.k, calls.c.at, calls.c.counter,
                     func.row_number().over(partition_by=(stages.c.tid, stages.c.k), order_by=(calls.c.at, calls.c.counter))
                     .label("rn"))
              .join(calls, and_(calls.c.tid == stages.c.tid, calls.c.at >= stages.c.start,
                                or_(stages.c.following.is_(None), calls.c.at < stages.c.following)))
              .cte("ranked"))
    firsts = select(ranked.c.tid, ranked.c.k, ranked.c.at, ranked.c.counter).where(ranked.c.rn == 1).cte("firsts")
    finals = (select(QueueEvent.ticket_id.label("tid"), _epoch(session, QueueEvent.at).label("at"))
              .join(Ticket, Ticket.id == QueueEvent.ticket_id)
              .where(in_period, QueueEvent.kind.in_((QueueEventKind.DONE, QueueEventKind.NO_SHOW))).cte("finals"))
    last_end = (select(func.max(finals.c.at)).where(finals.c.tid == stages.c.tid, finals.c.at >= stages.c.start)
                .correlate(stages).scalar_subquery())
    return (select(stages.c.tid, Ticket.day, Ticket.prefix, Ticket.status, stages.c.detail, stages.c.start,
                   stages.c.following, firsts.c.at, firsts.c.counter,
                   case((stages.c.following.is_(None), last_end), else_=null()))
            .join(Ticket, Ticket.id == stages.c.tid)
            .outerjoin(firsts, and_(firsts.c.tid == stages.c.tid, firsts.c.k == stages.c.k)))


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


def figures(visits: Iterable[Visit], arrived: int, booked: int) -> Figures:
    waits: list[float] = []
    services: list[float] = []
    called = served = no_show = unserved = late = 0
    for v in visits:
        wait = v.wait_s
        if wait is not None:
            called += 1
            waits.append(wait)
            if wait > v.target_s:
                late += 1
        if v.outcome == "served":
            served += 1
            service = v.service_s
            if service is not None:
                services.append(service)
        elif v.outcome == "no_show":
            no_show += 1
        elif v.outcome == "unserved":
            unserved += 1
    judged = called + unserved
    above = late + unserved
    wait_stats = _stats(waits)
    service_stats = _stats(services)
    return Figures(
        booked_applicants=booked, arrived=arrived, called=called, served=served, no_show=no_show, unserved=unserved,
        above_service_level=above,
        service_level_pct=round(100.0 * (judged - above) / judged, 1) if judged else None,
        wait_mean_s=wait_stats[0], wait_median_s=wait_stats[1], wait_p90_s=wait_stats[2], wait_max_s=wait_stats[3],
        service_mean_s=service_stats[0], service_median_s=service_stats[1], service_p90_s=service_stats[2],
        service_max_s=service_stats[3],
    )


def _visit_key(by: str) -> Callable[[Visit], str | int]:
    return {
        "day": lambda v: v.day.isoformat(),
        "hour": lambda v: v.hour,
        "service": lambda v: v.service,
        "counter": lambda v: v.counter,
        "officer": lambda v: NONE_KEY,
    }[by]


def _person_key(by: str) -> Callable[[Person], str | int]:
    return {
        "day": lambda p: p.day.isoformat(),
        "hour": lambda p: p.hour,
        "service": lambda p: p.service,
        "counter": lambda p: NONE_KEY,  # people are not at a counter: arrivals and bookings count under "—"
        "officer": lambda p: NONE_KEY,
    }[by]


def report(data: Collected, by: str, config: Config) -> Report:
    """The period's figures grouped `by` day, hour, service, counter or officer, with the total."""
    if by not in GROUPINGS:
        raise ReportError(Text(f"--by {by!r}: pilih {', '.join(GROUPINGS)}", f"--by {by!r}: choose {', '.join(GROUPINGS)}"))
    visit_key, person_key = _visit_key(by), _person_key(by)
    visits: dict[Any, list[Visit]] = defaultdict(list)
    for v in data.visits:
        visits[visit_key(v)].append(v)
    arrived = Tally(person_key(p) for p in data.arrivals)
    booked = Tally(person_key(p) for p in data.booked)
    keys = set(visits) | set(arrived) | set(booked)
    rows = tuple(
        ReportRow(key, _label(by, key, data, config), figures(visits.get(key, ()), arrived.get(key, 0), booked.get(key, 0)))
        for key in _ordered(by, keys, config)
    )
    total = figures(data.visits, len(data.arrivals), len(data.booked))
    period = (f"{data.date_from:%d-%m-%Y}" if data.date_from == data.date_to
              else f"{data.date_from:%d-%m-%Y} s.d. {data.date_to:%d-%m-%Y}")
    period_en = (f"{data.date_from:%Y-%m-%d}" if data.date_from == data.date_to
                 else f"{data.date_from:%Y-%m-%d} to {data.date_to:%Y-%m-%d}")
    return Report(
        by=by, date_from=data.date_from, date_to=data.date_to, generated_at=data.generated_at, rows=rows, total=total,
        walk_ins=data.walk_ins, overrides=data.overrides, reprints=data.reprints, voided=0, show_up=data.show_up,
        title=Text(f"Laporan antrian {period}", f"Queue report {period_en}") + " — " + GROUP_TITLES[by],
    )


def _ordered(by: str, keys: set[Any], config: Config) -> list[Any]:
    if by == "service":
        order = [s.prefix for s in config.services]
        return [k for k in order if k in keys] + sorted(k for k in keys if k not in order)
    if by == "counter":
        order = [c.name for c in config.counters]
        known = [k for k in order if k in keys]
        rest = sorted(k for k in keys if k not in order and k != NONE_KEY)
        return known + rest + ([NONE_KEY] if NONE_KEY in keys else [])
    return sorted(keys)


def _label(by: str, key: Any, data: Collected, config: Config) -> Text:
    if key == NONE_KEY and by in UNATTRIBUTED:
        return UNATTRIBUTED[by]
    if by == "service":
        name = data.service_names.get(key)
        return Text(f"{key} {name.id}", name.en or name.id) if name else Text(str(key))
    if by == "hour":
        return Text(f"{key:02d}:00-{key:02d}:59")
    return Text(str(key))


def build_report(session: Session, config: Config, date_from: date, date_to: date, by: str, now: datetime) -> Report:
    """Read the period and group it: the one call of the CLI and the windows (over `Database.read`)."""
    if by not in GROUPINGS:
        raise ReportError(Text(f"--by {by!r}: pilih {', '.join(GROUPINGS)}", f"--by {by!r}: choose {', '.join(GROUPINGS)}"))
    return report(collect(session, config, date_from, date_to, now), by, config)


def all_groupings(session: Session, config: Config, date_from: date, date_to: date, now: datetime) -> dict[str, Report]:
    """Every grouping of one period, read once (the XLSX and the PDF)."""
    data = collect(session, config, date_from, date_to, now)
    return {by: report(data, by, config) for by in GROUPINGS}
