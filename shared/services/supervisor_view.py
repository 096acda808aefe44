"""The supervisor's live view of today (`antrian-supervisor`): one read transaction, frozen records out.

`today_view(session, config, now)` reads, for the office day of `now`:
- per hour (office-local): booked applicants (by slot start), arrivals (tickets issued), served (visits ended by a
  done or a transfer onward, in the hour it happened);
- per service: tickets waiting now, the longest current wait (from issue, or from the transfer into the service),
  the service level so far: the visits called within the service's `target_wait_minutes` out of those decided
  (called, plus those still waiting longer than the target; one still waiting within the target is undecided);
- per loket: the officer signed in at the PC that has it open ("—": closed, or nobody signed in), its state — serving (since the call), paused (since
  the pause), idle (since its last done / no-show / transfer / resume today, or None) — the visits it served and
  their median service time (docs/reports.md: the report's `counter` grouping of the same day);
- per workstation (the `station` table): role, host, last heartbeat, alive (a heartbeat younger than
  2 x stations.HEARTBEAT_SECONDS); the gate adds the day's unprinted tickets and the last booking sync;
- alerts: a service whose longest wait is past its target; a loket paused longer than PAUSE_ALERT_MINUTES; a loket
  idle longer than IDLE_ALERT_MINUTES while a ticket of its services waits (an idle loket with nobody to call is
  no alert). The thresholds are constants of this module until config has keys for them.

Each alert has a stable `key` ("wait:A", "paused:Loket 2", "idle:Loket 3"), so a window can keep an acknowledged
alert quiet while it lasts and raise it again once it has cleared and comes back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import Counter, Officer, QueueEvent, Ticket
from shared.domain import QueueEventKind, TicketStatus
from shared.palette import Level
from shared.text import Text

from .lokets import LOKET_ROLE
from .print_jobs import unprinted_tickets
from .reports import NONE_KEY, all_groupings, day_bounds
from .stations import StationView, heartbeat_live, list_stations
from .sync import last_sync_at

PAUSE_ALERT_MINUTES = 20  # a loket paused longer than this raises an alert
IDLE_ALERT_MINUTES = 20  # a loket idle this long while its services have someone waiting raises an alert
DEFAULT_TARGET_MINUTES = 30
NO_OFFICER = "—"

SERVING = "serving"
PAUSED = "paused"
IDLE = "idle"
STATE_TEXT = {
    SERVING: Text("Melayani", "Serving"),
    PAUSED: Text("Istirahat", "Paused"),
    IDLE: Text("Menganggur", "Idle"),
}
ALIVE_TEXT = Text("Hidup", "Alive")
GONE_TEXT = Text("Tidak ada detak", "No heartbeat")


@dataclass(frozen=True)
class HourCount:
    hour: int  # office-local 0-23
    booked: int
    arrived: int
    served: int


@dataclass(frozen=True)
class ServiceNow:
    prefix: str
    name: Text
    waiting: int
    longest_wait_min: float | None  # None: nobody waiting
    target_min: int
    called: int  # visits called so far today
    service_level_pct: float | None  # None: nothing decided yet

    @property
    def over_target(self) -> bool:
        return self.longest_wait_min is not None and self.longest_wait_min > self.target_min


@dataclass(frozen=True)
class LoketNow:
    name: str
    officer: str
    state: str  # SERVING, PAUSED, IDLE
    since: datetime | None  # UTC; None: idle since the day began
    serving: str | None  # the ticket number being served
    served: int
    median_service_s: float | None

    @property
    def state_text(self) -> Text:
        return STATE_TEXT[self.state]

    def minutes_in_state(self, now: datetime) -> float | None:
        return None if self.since is None else max(0.0, (now - self.since).total_seconds() / 60.0)


@dataclass(frozen=True)
class WorkstationNow:
    name: str
    role: str
    host: str
    heartbeat_at: datetime | None
    alive: bool
    detail: Text  # what else is known: the gate's camera and printer, its unprinted tickets and last sync
    level: Level = Level.OK  # ERROR: gone, or a device says so; BUSY: a device warns



@dataclass(frozen=True)
class Alert:
    key: str
    level: Level
    text: Text


@dataclass(frozen=True)
class TodayView:
    day: date
    now: datetime
    hours: tuple[HourCount, ...]
    services: tuple[ServiceNow, ...]
    lokets: tuple[LoketNow, ...]
    workstations: tuple[WorkstationNow, ...]
    alerts: tuple[Alert, ...]
    last_sync_at: datetime | None
    unprinted: int


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def today_view(session: Session, config: Config, now: datetime) -> TodayView:
    """The live figures of the office day of `now` (see the module's docstring); call it over `Database.read`."""
    tz = config.office.tz
    now_utc = _utc(now)
    assert now_utc is not None
    day = now.astimezone(tz).date()
    reports = all_groupings(session, config, day, day, now_utc)
    start_utc, end_utc = day_bounds(config, day, day)

    # ---- by hour: booked and arrived from the report's hour grouping, served by when it happened
    by_hour = {row.key: row.figures for row in reports["hour"].rows}
    served_at: dict[int, int] = defaultdict(int)
    for (at,) in session.execute(
        select(QueueEvent.at).where(QueueEvent.at.between(start_utc, end_utc),
                                    QueueEvent.kind.in_((QueueEventKind.DONE, QueueEventKind.TRANSFER)),
                                    QueueEvent.ticket_id.is_not(None))
    ):
        served_at[_utc(at).astimezone(tz).hour] += 1
    hours_seen = set(by_hour) | set(served_at)
    first = min(hours_seen | {8}) if hours_seen else 8
    last = max(hours_seen | {16, now.astimezone(tz).hour}) if hours_seen else 16
    hours = tuple(
        HourCount(h, by_hour[h].booked_applicants if h in by_hour else 0, by_hour[h].arrived if h in by_hour else 0,
                  served_at.get(h, 0))
        for h in range(first, min(last, 23) + 1)
    )

    # ---- waiting now, per service
    waits: dict[str, list[float]] = defaultdict(list)
    for prefix, issued, sort_at, transferred_from in session.execute(
        select(Ticket.service_prefix, Ticket.issued_at, Ticket.sort_at, Ticket.transferred_from)
        .where(Ticket.day == day, Ticket.status == TicketStatus.WAITING)
    ):
        since = _utc(sort_at if transferred_from else issued)
        waits[prefix].append(max(0.0, (now_utc - since).total_seconds() / 60.0))
    by_service = {row.key: row.figures for row in reports["service"].rows}
    services = []
    for s in config.services:
        target = s.target_wait_minutes or DEFAULT_TARGET_MINUTES
        pending = waits.get(s.prefix, [])
        fig = by_service.get(s.prefix)
        called = fig.called if fig else 0
        called_late = (fig.above_service_level - fig.unserved) if fig else 0
        waiting_late = sum(1 for w in pending if w > target)
        decided = called + waiting_late
        level = round(100.0 * (called - called_late) / decided, 1) if decided else None
        services.append(ServiceNow(s.prefix, Text(s.name, s.name_en), len(pending),
                                   round(max(pending), 1) if pending else None, target, called, level))

    # ---- lokets
    last_event: dict[tuple[str, str], datetime] = {}
    for name, kind, at in session.execute(
        select(QueueEvent.counter_name, QueueEvent.kind, func.max(QueueEvent.at))
        .where(QueueEvent.at.between(start_utc, end_utc)).group_by(QueueEvent.counter_name, QueueEvent.kind)
    ):
        last_event[(name, kind)] = _utc(at)
    serving: dict[int, tuple[str, datetime | None]] = {}
    for counter_id, number, called_at in session.execute(
        select(Ticket.counter_id, Ticket.number, Ticket.called_at)
        .where(Ticket.day == day, Ticket.status == TicketStatus.CALLED, Ticket.counter_id.is_not(None))
    ):
        serving[counter_id] = (number, _utc(called_at))
    by_counter = {row.key: row.figures for row in reports["counter"].rows if row.key != NONE_KEY}
    rows = {c.name: c for c in session.scalars(select(Counter))}
    order = [c.name for c in config.counters] + sorted(n for n in rows if n not in {c.name for c in config.counters})
    stations_now = list_stations(session)  # read once: the lokets' officers and the workstations
    officer_at = _loket_officers(session, stations_now, now_utc)
    lokets = []
    for name in order:
        row = rows.get(name)
        fig = by_counter.get(name)
        number, since = None, None
        if row is not None and row.paused:
            state, since = PAUSED, last_event.get((name, QueueEventKind.PAUSE))
        elif row is not None and row.id in serving:
            state = SERVING
            number, since = serving[row.id]
        else:
            state = IDLE
            ends = [last_event.get((name, k)) for k in (QueueEventKind.DONE, QueueEventKind.NO_SHOW,
                                                        QueueEventKind.TRANSFER, QueueEventKind.RESUME)]
            since = max((e for e in ends if e is not None), default=None)
        lokets.append(LoketNow(name, officer_at.get(name, NO_OFFICER), state, since, number, fig.served if fig else 0,
                               fig.service_median_s if fig else None))

    # ---- workstations
    synced = last_sync_at(session)
    unprinted = len(unprinted_tickets(session, day, now_utc))
    workstations = []
    for st in stations_now:
        beat = _utc(st.heartbeat_at)
        alive = heartbeat_live(beat, now_utc)
        detail = ALIVE_TEXT if alive else GONE_TEXT
        for _part, _level, words in st.health if alive else ():
            detail = detail + "; " + words
        if st.role == "gate":
            detail = detail + "; " + gate_detail(unprinted, synced, tz)
        workstations.append(WorkstationNow(st.name, st.role, st.host, beat, alive, detail,
                                           _station_level(alive, st.health)))

    return TodayView(day=day, now=now_utc, hours=hours, services=tuple(services), lokets=tuple(lokets),
                     workstations=tuple(workstations), alerts=alerts_for(config, services, lokets, now_utc),
                     last_sync_at=synced, unprinted=unprinted)


def _loket_officers(session: Session, stations_now: list[StationView], now: datetime) -> dict[str, str]:
    """Loket name -> the officer signed in at the PC that has it open now (one query for the names)."""
    held = {st.name: st.officer_id for st in stations_now
            if st.role == LOKET_ROLE and st.officer_id is not None and st.live(now)}
    if not held:
        return {}
    names = dict(session.execute(select(Officer.id, Officer.name).where(Officer.id.in_(set(held.values())))).all())
    return {loket: names[oid] for loket, oid in held.items() if oid in names}


def _station_level(alive: bool, health: tuple[tuple[str, str, Text], ...]) -> Level:
    levels = {level for _part, level, _words in health}
    if not alive or Level.ERROR.value in levels:
        return Level.ERROR
    return Level.BUSY if Level.BUSY.value in levels else Level.OK


def gate_detail(unprinted: int, synced: datetime | None, tz) -> Text:
    sync = synced.astimezone(tz).strftime("%H:%M") if synced else "—"
    return Text(f"belum tercetak {unprinted}; sinkron terakhir {sync}", f"unprinted {unprinted}; last sync {sync}")


def alerts_for(config: Config, services: list[ServiceNow], lokets: list[LoketNow], now: datetime) -> tuple[Alert, ...]:
    alerts = []
    for s in services:
        if s.over_target:
            wait = round(s.longest_wait_min or 0)
            alerts.append(Alert(f"wait:{s.prefix}", Level.ERROR, Text(
                f"{s.prefix} {s.name.id}: tunggu terlama {wait} menit, melewati target {s.target_min} menit",
                f"{s.prefix} {s.name.en or s.name.id}: longest wait {wait} min, past the {s.target_min} min target")))
    waiting = {s.prefix: s.waiting for s in services}
    serves = {c.name: c.services for c in config.counters}
    for lk in lokets:
        minutes = lk.minutes_in_state(now)
        if minutes is None:
            continue
        if lk.state == PAUSED and minutes > PAUSE_ALERT_MINUTES:
            alerts.append(Alert(f"paused:{lk.name}", Level.BUSY, Text(
                f"{lk.name} istirahat sudah {round(minutes)} menit (batas {PAUSE_ALERT_MINUTES})",
                f"{lk.name} paused for {round(minutes)} min (limit {PAUSE_ALERT_MINUTES})")))
        if (lk.state == IDLE and minutes > IDLE_ALERT_MINUTES
                and any(waiting.get(p, 0) for p in serves.get(lk.name, ()))):
            alerts.append(Alert(f"idle:{lk.name}", Level.BUSY, Text(
                f"{lk.name} menganggur {round(minutes)} menit padahal ada yang menunggu",
                f"{lk.name} idle for {round(minutes)} min while people wait")))
    return tuple(alerts)
