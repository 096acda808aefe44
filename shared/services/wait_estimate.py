"""The estimated wait: when the queue policy will call a ticket, from what the database knows at this moment.

Pure functions over one snapshot of the day (`DayInputs`), which `read_inputs` reads from a Session:
1. `pace`: minutes a call takes, per service and per loket, observed today (done and no-show calls alike),
   robust to outliers (a loket left "serving" over lunch) and shrunk toward the configured prior early in the day;
2. `forecast`: the policy simulated forward (`prefer_priority` / `next_streak` from `queue_policy`, earliest
   `sort_at` first across the services each counter serves), with the tickets being served now, paused counters
   coming back, and the booked applicants not yet checked in whose earlier slot puts them ahead once they arrive;
   one run gives every waiting ticket its call time (and the wait of a new ticket of each service, for the board);
3. `estimate`: a point and an (about 80 %) range, rounded as people read them; `wait_text` says it in words.

`forecast_for` caches the day's forecast in the Session until its next flush, so the up to five tickets of one
check-in (and a counter's waiting list) share one read and one simulation.
"""

from __future__ import annotations

import heapq
import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Applicant, Booking, Counter, QueueEvent, Ticket
from shared.domain import BookingStatus, QueueEventKind, TicketStatus, WaitEstimate
from shared.text import Text

from .queue_policy import QueueEntry, next_streak, prefer_priority

# ---- tuning (measured with bench/ewt.py)
PRIOR_WEIGHT = 4.0  # the configured minutes per call count as this many observed calls
COUNTER_PRIOR_WEIGHT = 4.0  # a loket is as fast as the others until this many of its own calls say otherwise
RECENT_SAMPLES = 40  # per service: the day's pace, not the morning's
RECENT_COUNTER_SAMPLES = 20
CLIP = 3.0  # a call longer than CLIP x the median counts as CLIP x the median (lunch, a forgotten "serving")
PRIOR_CV = 0.5  # spread of one call's length (standard deviation / mean) before the day shows its own
PRIOR_ERROR = 0.3  # how far the configured minutes may be off the day's real pace
DRIFT = 0.08  # the pace still changes during the day
PAUSE_PRIOR_MINUTES = 30.0  # how long a pause lasts, before the day's own pauses say otherwise
SHOW_PRIOR = (17.0, 20.0)  # showed, booked: the show-up rate before the day's closed slots say otherwise
ARRIVAL_PRIOR = (-40.0, -25.0, -15.0, -8.0, -3.0, 0.0, 3.0, 8.0, 15.0, 30.0, 50.0, 75.0)  # minutes from slot start
BASE_SD = 1.5  # minutes: an officer does not press "call next" the very second the last one leaves
Z80 = 1.28
SOON_MINUTES = 5


# ---- the day as the database knows it


@dataclass(frozen=True)
class CounterState:
    name: str
    services: tuple[str, ...]
    paused: bool = False
    regular_streak: int = 0
    serving_prefix: str | None = None  # the service of the ticket it is calling / serving now
    serving_since: datetime | None = None
    paused_since: datetime | None = None
    active_today: bool = True  # has called a ticket today (a loket nobody opened is not counted)


@dataclass(frozen=True)
class Sample:
    """One finished call today: how long the counter was busy with it."""

    prefix: str
    counter: str
    minutes: float


@dataclass(frozen=True)
class Pending:
    """A booked applicant not yet checked in whose arrival window is still open."""

    prefix: str
    is_priority: bool
    slot_start: datetime  # the ticket's sort_at once checked in
    window_end: datetime  # slot end + late minutes


@dataclass(frozen=True)
class DayInputs:
    now: datetime
    closes_at: datetime
    priority_every: int
    priors: Mapping[str, float]  # prefix -> configured minutes per call
    waiting: tuple[QueueEntry, ...] = ()
    counters: tuple[CounterState, ...] = ()
    samples: tuple[Sample, ...] = ()  # newest first
    pending: tuple[Pending, ...] = ()
    showed: int = 0  # bookings whose arrival window has closed: how many checked in
    due: int = 0  # ... of how many
    arrival_offsets: tuple[float, ...] = ()  # minutes from slot start to check-in, today's checked-in bookings
    pause_minutes: tuple[float, ...] = ()  # lengths of today's finished pauses
    priority_services: frozenset[str] = frozenset()


# ---- 1. the pace


@dataclass(frozen=True)
class Pace:
    mean: Mapping[str, float]  # prefix -> minutes per call
    cv: Mapping[str, float]  # prefix -> spread of one call
    error: Mapping[str, float]  # prefix -> relative uncertainty of `mean`
    factor: Mapping[str, float] = field(default_factory=dict)  # counter -> x the service's mean

    def minutes(self, prefix: str, counter: str) -> float:
        return self.mean.get(prefix, 6.0) * self.factor.get(counter, 1.0)

    def sd(self, prefix: str, counter: str) -> float:
        return self.minutes(prefix, counter) * self.cv.get(prefix, PRIOR_CV)


def robust_mean(values: Iterable[float]) -> tuple[float, float, int]:
    """(mean, cv, n) with every value clipped at CLIP x the median: one lunch break does not move the pace."""
    xs = [max(0.0, v) for v in values]
    if not xs:
        return 0.0, PRIOR_CV, 0
    cap = CLIP * max(statistics.median(xs), 0.5)
    clipped = [min(v, cap) for v in xs]
    mean = statistics.fmean(clipped)
    cv = statistics.pstdev(clipped) / mean if len(clipped) > 1 and mean > 0 else PRIOR_CV
    return mean, cv, len(clipped)


def pace(inputs: DayInputs) -> Pace:
    by_service: dict[str, list[Sample]] = {}
    for s in inputs.samples:
        by_service.setdefault(s.prefix, []).append(s)
    means, cvs, errors = {}, {}, {}
    for prefix in set(inputs.priors) | set(by_service):
        prior = inputs.priors.get(prefix, 6.0)
        observed, cv, n = robust_mean(s.minutes for s in by_service.get(prefix, [])[:RECENT_SAMPLES])
        k = PRIOR_WEIGHT
        means[prefix] = (k * prior + n * observed) / (k + n)
        cvs[prefix] = (k * PRIOR_CV + n * cv) / (k + n)
        errors[prefix] = math.sqrt((k / (k + n) * PRIOR_ERROR) ** 2 + cvs[prefix] ** 2 / (n + 1) + DRIFT ** 2)
    by_counter: dict[str, list[float]] = {}
    for s in inputs.samples:
        ratios = by_counter.setdefault(s.counter, [])
        if len(ratios) < RECENT_COUNTER_SAMPLES and means.get(s.prefix):
            ratios.append(min(s.minutes / means[s.prefix], CLIP))
    k = COUNTER_PRIOR_WEIGHT
    factor = {name: (k + sum(r)) / (k + len(r)) for name, r in by_counter.items()}
    return Pace(means, cvs, errors, factor)


def show_rate(inputs: DayInputs) -> float:
    showed, due = SHOW_PRIOR
    return (showed + inputs.showed) / (due + inputs.due)


def pause_length(inputs: DayInputs) -> float:
    k = 2.0
    return (k * PAUSE_PRIOR_MINUTES + sum(inputs.pause_minutes)) / (k + len(inputs.pause_minutes))


# ---- 2. the policy simulated forward


@dataclass(frozen=True)
class Call:
    """When the simulated policy calls one ticket: minutes from now, its spread, the people called before it."""

    minutes: float
    sd: float
    ahead: int
    counter: str


class Forecast:
    """The policy run forward from `now`. Lazy: it runs only as far as the tickets asked about (a check-in's
    new tickets stop it mid-queue); `calls` runs it to the end."""

    def __init__(self, inputs: DayInputs, pace_: Pace | None = None, probes: Iterable[str] = ()) -> None:
        self.now, self.closes_at = inputs.now, inputs.closes_at
        self.inputs = inputs
        self.pace = pace_ or pace(inputs)
        self.waiting: dict[str, int] = {}
        for e in inputs.waiting:
            self.waiting[e.service_prefix] = self.waiting.get(e.service_prefix, 0) + 1
        self._lines: dict[tuple[str, bool], list] = {}
        self._order = 0
        self._prefix = {e.id: e.service_prefix for e in inputs.waiting}
        for e in inputs.waiting:
            self._push(e, 1.0, _REAL)
        self._probes = sorted(set(probes))
        for i, prefix in enumerate(self._probes):
            self._push(QueueEntry(_PROBE_ID + i, "", prefix, prefix in inputs.priority_services, self.now), 0.0, _PROBE)
        self._arrivals = _expected_arrivals(inputs)
        self._next_arrival = 0
        self._targets = len(inputs.waiting) + len(self._probes)
        self._desks, self._free = _desks(inputs, self.pace)
        self._calls: dict[int, tuple[float, float, _Desk, int]] = {}
        self._probe_calls: dict[str, tuple[float, float, _Desk, int]] = {}
        self._ahead = dict.fromkeys(set(self._prefix.values()) | set(self._probes), 0)
        self._steps_left = 20 * (self._targets + len(self._arrivals)) + 100

    @property
    def minutes_left(self) -> float:
        return max(0.0, (self.closes_at - self.now).total_seconds() / 60)

    def call(self, ticket_id: int) -> Call | None:
        while ticket_id not in self._calls and self._step():
            pass
        found = self._calls.get(ticket_id)
        return None if found is None else self._call(self._prefix[ticket_id], *found)

    def new_ticket(self, prefix: str) -> Call | None:
        """The call of a ticket of this service issued now (None: no counter serves it)."""
        while prefix not in self._probe_calls and self._step():
            pass
        found = self._probe_calls.get(prefix)
        return None if found is None else self._call(prefix, *found)

    @property
    def calls(self) -> dict[int, Call]:
        while self._step():
            pass
        return {tid: self._call(self._prefix[tid], *found) for tid, found in self._calls.items()}

    def estimate(self, ticket_id: int) -> WaitEstimate | None:
        found = self.call(ticket_id)
        return None if found is None else estimate(found, self.minutes_left)

    def for_new_ticket(self, prefix: str) -> WaitEstimate | None:
        found = self.new_ticket(prefix)
        return None if found is None else estimate(found, self.minutes_left)

    def _call(self, prefix: str, t: float, var: float, desk: _Desk, ahead: int) -> Call:
        spread = var / desk.open_with + (self.pace.error.get(prefix, PRIOR_ERROR) * t) ** 2 + BASE_SD ** 2
        return Call(max(0.0, t), math.sqrt(spread), ahead, desk.name)

    def _push(self, entry: QueueEntry, weight: float, kind: int) -> None:
        self._order += 1
        key = (entry.sort_at - self.now).total_seconds() / 60
        heapq.heappush(self._lines.setdefault((entry.service_prefix, entry.is_priority), []),
                       (key, entry.id, self._order, entry, weight, kind))

    def _step(self) -> bool:
        """One call by the counter free first; False when every ticket has its call (or none can be served)."""
        if not self._free or len(self._calls) + len(self._probe_calls) >= self._targets or self._steps_left <= 0:
            return False
        self._steps_left -= 1
        t, i = heapq.heappop(self._free)
        arrivals = self._arrivals
        while self._next_arrival < len(arrivals) and arrivals[self._next_arrival][0] <= t:
            _, weight, entry = arrivals[self._next_arrival]
            self._push(entry, weight, _EXPECTED)
            self._next_arrival += 1
        desk = self._desks[i]
        item = _head(self._lines, desk, self.inputs.priority_every)
        if item is None:
            if self._next_arrival < len(arrivals):  # idle until the next booked applicant comes
                heapq.heappush(self._free, (max(t, arrivals[self._next_arrival][0]) + 1e-6, i))
            return True
        heapq.heappop(self._lines[(item[3].service_prefix, item[3].is_priority)])
        _, _, _, entry, weight, kind = item
        if kind == _PROBE:
            self._probe_calls[entry.service_prefix] = (t, desk.var, desk, self._ahead[entry.service_prefix])
            heapq.heappush(self._free, (t, i))
            return True
        if kind == _REAL:
            self._calls[entry.id] = (t, desk.var, desk, self._ahead[entry.service_prefix])
            for prefix in desk.serves:  # people ahead: called before, at the counters that serve the service
                if prefix in self._ahead:
                    self._ahead[prefix] += 1
        if kind == _REAL:
            desk.streak = next_streak(desk.streak, entry)
        else:  # an expected applicant counts in the interleave once a whole one has been called
            desk.credit += weight
            if desk.credit >= 0.999:
                desk.credit -= 1.0
                desk.streak = next_streak(desk.streak, entry)
        mean = self.pace.minutes(entry.service_prefix, desk.name)
        sd = self.pace.sd(entry.service_prefix, desk.name)
        desk.var += weight * sd * sd + weight * (1 - weight) * mean * mean
        heapq.heappush(self._free, (t + weight * mean, i))
        return True


_REAL, _EXPECTED, _PROBE = 0, 1, 2
_PROBE_ID = 10**15
_EXPECTED_ID = 10**14


def _minutes(now: datetime, at: datetime) -> float:
    return (at - now).total_seconds() / 60


def _expected_arrivals(inputs: DayInputs) -> list[tuple[float, float, QueueEntry]]:
    """(arrives in minutes, weight, entry) for booked applicants still to come: each is expected with the
    probability that someone not here yet still comes, at the times today's applicants came for their slot."""
    if not inputs.pending:
        return []
    offsets = sorted(ARRIVAL_PRIOR + inputs.arrival_offsets)
    p_show = show_rate(inputs)
    out = []
    for i, p in enumerate(inputs.pending):
        since_start = _minutes(p.slot_start, inputs.now)
        window = _minutes(p.slot_start, p.window_end)
        later = [o for o in offsets if since_start < o <= window]
        if not later:
            continue
        arrived_share = 1 - len(later) / len(offsets)
        weight = p_show * (1 - arrived_share) / (1 - p_show * arrived_share)
        entry = QueueEntry(_EXPECTED_ID + i, "", p.prefix, p.is_priority, p.slot_start)
        # two halves: the earlier and the later half of the arrivals still to come
        for part in (later[: max(1, len(later) // 2)], later[len(later) // 2:] or later):
            arrives = _minutes(inputs.now, p.slot_start) + statistics.median(part)
            out.append((max(0.0, arrives), weight / 2, entry))
    out.sort(key=lambda a: a[0])
    return out


@dataclass
class _Desk:
    name: str
    serves: tuple[str, ...]
    streak: int
    var: float
    open_with: int = 1  # open counters serving the same services (calls pooled over them spread less)
    credit: float = 0.0  # expected applicants called, not yet a whole one


def forecast(inputs: DayInputs, pace_: Pace | None = None, probes: Iterable[str] = ()) -> Forecast:
    """Every waiting ticket's call, by the policy run forward over the counters that will serve it."""
    return Forecast(inputs, pace_, probes)


def _desks(inputs: DayInputs, pc: Pace) -> tuple[list[_Desk], list[tuple[float, int]]]:
    """The counters that will call: open ones now (after the ticket they serve), paused ones when they return."""
    now = inputs.now
    anyone_active = any(c.active_today for c in inputs.counters)
    staffed = [c for c in inputs.counters if c.active_today or not anyone_active or c.paused]
    # A service whose counters have not called anyone yet (a next stage nobody was transferred to) is still
    # served: its open counters count, rather than telling applicants they may not be served today.
    covered = {p for c in staffed for p in c.services}
    staffed += [c for c in inputs.counters if c not in staffed and not c.paused and set(c.services) - covered]
    open_ = [c for c in staffed if not c.paused]
    back_after = pause_length(inputs)
    desks: list[_Desk] = []
    free: list[tuple[float, int]] = []
    for c in staffed:
        if c.paused:
            since = _minutes(now, c.paused_since) if c.paused_since else 0.0
            t = max(since + back_after, 5.0)
            var = (back_after / 2) ** 2
        elif c.serving_prefix is not None and c.serving_since is not None:
            mean = pc.minutes(c.serving_prefix, c.name)
            elapsed = -_minutes(now, c.serving_since)
            t = 0.2 * mean if elapsed > CLIP * mean else max(mean - elapsed, 0.35 * mean)
            var = (pc.sd(c.serving_prefix, c.name) ** 2) / 2
        else:
            t, var = 0.0, 0.0
        sharing = sum(1 for o in open_ if set(o.services) & set(c.services))
        desks.append(_Desk(c.name, c.services, c.regular_streak, var, max(1, sharing)))
        free.append((t, len(desks) - 1))
    heapq.heapify(free)
    return desks, free


def _head(lines: dict[tuple[str, bool], list], desk: _Desk, priority_every: int):
    """The policy's next ticket for this counter: the priority line first when its streak says so."""
    first = prefer_priority(desk.streak, priority_every)
    for is_priority in (first, not first):
        best = None
        for prefix in desk.serves:
            heap = lines.get((prefix, is_priority))
            if heap and (best is None or heap[0][:3] < best[:3]):
                best = heap[0]
        if best is not None:
            return best
    return None


# ---- 3. rounded as people read it


def _step(minutes: float) -> int:
    return 1 if minutes < 10 else 5 if minutes < 60 else 10 if minutes < 120 else 15


def estimate(call: Call, minutes_left: float = math.inf, z: float = Z80) -> WaitEstimate:
    """A point and an about-80 % range, rounded as people read them: whole minutes under 10, then 5, 10, 15."""
    point = max(0.0, call.minutes)
    low = max(0.0, point - z * call.sd)
    high = point + z * call.sd
    p = _step(point) * round(point / _step(point))
    lo = min(p, _step(low) * math.floor(low / _step(low)))
    hi = max(p, _step(high) * math.ceil(high / _step(high)), lo + 1)
    return WaitEstimate(int(p), int(lo), int(hi), call.ahead, may_not_be_served_today=high > minutes_left)


WAIT_LABEL = Text("Perkiraan tunggu: ", "Estimated wait: ")
SOON = Text("segera", "soon")
NOT_TODAY = Text("mungkin tidak terlayani hari ini", "may not be served today")


def _hours(minutes: int, rounding) -> Text:
    value = f"{rounding(minutes / 30) / 2:g}"
    return Text(value.replace(".", ","), value)


def wait_text(estimate_: WaitEstimate, label: bool = False) -> Text:
    """'10–20 menit / 10–20 min'; 'segera / soon' only when even the slow end is within minutes; past the
    hall's closing time it says so. With `label`: 'Perkiraan tunggu: ... / Estimated wait: ...'."""
    e = estimate_
    if e.soon:
        words = SOON
    elif e.high_minutes <= 0 and e.may_not_be_served_today:
        words = NOT_TODAY  # no range to give (no counter serves it, or the hall closes now): only the warning
    else:
        words = _range(e.low_minutes, e.high_minutes)
        if e.may_not_be_served_today:
            words = words + Text("; ") + NOT_TODAY
    return WAIT_LABEL + words if label else words


def point_text(estimate_: WaitEstimate) -> Text | None:
    """'sekitar 15 menit / about 15 min': the point estimate beside a range (None when there is no range)."""
    e = estimate_
    if e.soon or e.low_minutes == e.high_minutes or (e.high_minutes <= 0 and e.may_not_be_served_today):
        return None
    if e.minutes < 90:
        return Text(f"sekitar {e.minutes} menit", f"about {e.minutes} min")
    return Text("sekitar ", "about ") + _hours(e.minutes, round) + Text(" jam", " h")


def _range(low_minutes: int, high_minutes: int) -> Text:
    """'10–20 menit'; in hours from 90 minutes on ('1,5–2,5 jam'), the low end in minutes when it is under an
    hour ('15 menit–2 jam'), never '0–2,5 jam'."""
    minutes, hours = Text(" menit", " min"), Text(" jam", " h")
    if high_minutes < 90:
        low, high = Text(str(low_minutes)), Text(str(high_minutes))
        return (Text("±") + high if low == high else Text.join([low, Text("–"), high], sep="")) + minutes
    high = _hours(high_minutes, math.ceil) + hours
    if low_minutes < 60:
        return Text.join([Text(str(low_minutes)) + minutes, Text("–"), high], sep="")
    low = _hours(low_minutes, math.floor)
    return Text("±") + high if low + hours == high else Text.join([low, Text("–"), high], sep="")


# ---- reading the day from the database


def _day(config: Config, now: datetime) -> date:
    return now.astimezone(config.office.tz).date()


def read_inputs(session: Session, config: Config, now: datetime) -> DayInputs:
    """One snapshot of the day: the queue, the counters, today's finished calls, the bookings still to come."""
    tz = config.office.tz
    day = _day(config, now)
    closes = datetime.combine(day, config.queue.closes, tzinfo=tz)
    waiting = tuple(QueueEntry(*row) for row in session.execute(
        select(Ticket.id, Ticket.number, Ticket.service_prefix, Ticket.is_priority, Ticket.sort_at)
        .where(Ticket.day == day, Ticket.status == TicketStatus.WAITING)))
    counters = session.execute(select(Counter.id, Counter.name, Counter.services, Counter.paused,
                                      Counter.regular_streak)).all()
    names = {c.id: c.name for c in counters}
    serving = {row.counter_id: row for row in session.execute(
        select(Ticket.counter_id, Ticket.service_prefix, Ticket.called_at)
        .where(Ticket.day == day, Ticket.status == TicketStatus.CALLED))}
    samples = tuple(
        Sample(prefix, names.get(counter_id, ""), (finished - called).total_seconds() / 60)
        for prefix, counter_id, called, finished in session.execute(
            select(Ticket.service_prefix, Ticket.counter_id, Ticket.called_at, Ticket.finished_at)
            .where(Ticket.day == day, Ticket.status.in_((TicketStatus.DONE, TicketStatus.NO_SHOW)),
                   Ticket.called_at.is_not(None), Ticket.finished_at.is_not(None))
            .order_by(Ticket.finished_at.desc()).limit(300))
        if called is not None and finished is not None)
    active = {s.counter for s in samples} | {names.get(cid) for cid in serving}
    pauses, paused_since = _pauses(session, now, day, tz) if any(c.paused for c in counters) else ((), {})
    states = tuple(
        CounterState(c.name, tuple(c.services), c.paused, c.regular_streak,
                     serving[c.id].service_prefix if c.id in serving else None,
                     serving[c.id].called_at if c.id in serving else None,
                     paused_since.get(c.name), c.name in active)
        for c in counters)
    if not states:  # no counter has been opened yet: the configured ones
        states = tuple(CounterState(c.name, tuple(c.services)) for c in config.counters)
    pending, showed, due, offsets = _bookings(session, config, now, day)
    return DayInputs(
        now=now, closes_at=closes, priority_every=config.queue.priority_every,
        priors={s.prefix: config.minutes_per_ticket(s.prefix) for s in config.services},
        waiting=waiting, counters=states, samples=samples, pending=pending, showed=showed, due=due,
        arrival_offsets=offsets, pause_minutes=pauses,
        priority_services=frozenset(s.prefix for s in config.services if s.priority))


def _pauses(session: Session, now: datetime, day: date, tz) -> tuple[tuple[float, ...], dict[str, datetime]]:
    start = datetime.combine(day, datetime.min.time(), tzinfo=tz)
    rows = session.execute(
        select(QueueEvent.counter_name, QueueEvent.kind, QueueEvent.at)
        .where(QueueEvent.kind.in_((QueueEventKind.PAUSE, QueueEventKind.RESUME)), QueueEvent.at >= start)
        .order_by(QueueEvent.id.desc()).limit(60)).all()
    since: dict[str, datetime] = {}
    lengths: list[float] = []
    for name, kind, at in reversed(rows):
        if kind == QueueEventKind.PAUSE:
            since[name] = at
        elif name in since:
            lengths.append(_minutes(since.pop(name), at))
    return tuple(lengths), since


def _bookings(session: Session, config: Config, now: datetime, day: date):
    """Bookings of today: the applicants still to come (window open), the show-up of closed windows, and
    when today's applicants came relative to their slot."""
    tz = config.office.tz
    first_ticket = (select(func.min(Ticket.issued_at)).where(Ticket.booking_id == Booking.id)
                    .correlate(Booking).scalar_subquery())
    rows = session.execute(
        select(Booking.id, Booking.slot_start, Booking.slot_end, first_ticket)
        .where(Booking.day == day, Booking.status == BookingStatus.ACTIVE)).all()
    late = timedelta(minutes=config.checkin.late_minutes)
    showed = due = 0
    offsets: list[float] = []
    open_ids: dict[int, tuple[datetime, datetime]] = {}
    for booking_id, slot_start, slot_end, arrived in rows:
        start = datetime.combine(day, slot_start, tzinfo=tz)
        window_end = datetime.combine(day, slot_end, tzinfo=tz) + late
        if arrived is not None:
            offsets.append(_minutes(start, arrived))
        if window_end < now:
            due += 1
            showed += arrived is not None
        elif arrived is None:
            open_ids[booking_id] = (start, window_end)
    pending: list[Pending] = []
    if open_ids:
        for booking_id, kind, priority in session.execute(
                select(Applicant.booking_id, Applicant.application_type, Applicant.priority)
                .where(Applicant.booking_id.in_(list(open_ids)))):
            try:
                service = config.service_for("priority" if priority else kind)
            except KeyError:
                continue
            start, window_end = open_ids[booking_id]
            pending.append(Pending(service.prefix, service.priority, start, window_end))
    return tuple(pending), showed, due, tuple(offsets)


_CACHE = "antrian.wait_forecast"


def forecast_for(session: Session, config: Config, now: datetime) -> Forecast:
    """The day's forecast at `now`, read and simulated once per transaction until the next flush changes it."""
    cached = session.info.get(_CACHE)
    if cached is not None and cached[0] == now:
        return cached[1]
    result = forecast(read_inputs(session, config, now), probes=[s.prefix for s in config.services])
    if _CACHE + ".listening" not in session.info:
        event.listen(session, "after_flush", _forget)
        event.listen(session, "after_transaction_end", _forget_all)
        session.info[_CACHE + ".listening"] = True
    session.info[_CACHE] = (now, result)
    return result


def _forget(session: Session, _context: object) -> None:
    session.info.pop(_CACHE, None)


def _forget_all(session: Session, _transaction: object) -> None:
    session.info.pop(_CACHE, None)


def ticket_estimate(session: Session, config: Config, ticket: Ticket, now: datetime) -> WaitEstimate:
    """A waiting ticket's estimate (zero for one already called or closed)."""
    if ticket.status != TicketStatus.WAITING:
        return WaitEstimate(0, 0, 0, 0)
    found = forecast_for(session, config, now).estimate(ticket.id)
    if found is None:  # no counter serves it at all
        return WaitEstimate(0, 0, 0, 0, may_not_be_served_today=True)
    return found


@dataclass(frozen=True)
class ServiceWait:
    """For the board and the kiosk: what a ticket of this service issued now would wait."""

    prefix: str
    name: str
    name_en: str
    waiting: int
    estimate: WaitEstimate | None  # None: no counter serves it today

    @property
    def text(self) -> Text:
        return NOT_TODAY if self.estimate is None else wait_text(self.estimate)


def service_waits(session: Session, config: Config, now: datetime) -> tuple[ServiceWait, ...]:
    f = forecast_for(session, config, now)
    return tuple(ServiceWait(s.prefix, s.name, s.name_en, f.waiting.get(s.prefix, 0), f.for_new_ticket(s.prefix))
                 for s in config.services)
