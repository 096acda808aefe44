"""A simulated office day through the real services on a real SQLite database, with a simulated clock.

    .venv/bin/python bench/office_day.py [--shape normal] [--seed 1] [--quick]

Own event loop; every step is a real service call in its own transaction (`check_in`, `issue_walk_in`,
`call_next`, `done`, `no_show`, `set_paused`) with the simulated time passed as `now`. The day: hourly slots,
bookings of 1-5 applicants arriving with a burst at each slot's start, about 10 % priority applicants, walk-ins
(pickup, information, priority), booked no-shows and applicants who do not answer their call, lognormal call
lengths per service and per officer, an officer who goes to lunch with a ticket still "serving". Day shapes:
normal, a loket closed (paused) for an hour mid-morning, a burst of late arrivals, priority-heavy, one slow loket.

For every ticket it records what the ticket said at issue (the new estimate and its range), what the two simple
methods would have said at that moment, and when the ticket was then first called: `bench/ewt.py` compares them.
"""

from __future__ import annotations

import argparse
import heapq
import math
import random
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from shared.config import Config, load_config  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.db.models import Ticket  # noqa: E402
from shared.domain import Decision, TicketStatus, TicketView  # noqa: E402
from shared.services import counter_ops as ops  # noqa: E402
from shared.services.bookings_import import import_bookings, parse_bookings_payload  # noqa: E402
from shared.services.checkin import check_in  # noqa: E402
from shared.services.tickets import issue_walk_in, open_counters_for, people_ahead  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DAY = date(2026, 12, 7)
# the counters of the simulated office: a priority loket that also serves A and B, three for A and B, one for walk-ins
COUNTERS = (("Loket 1", "PAB"), ("Loket 2", "AB"), ("Loket 3", "AB"), ("Loket 4", "BA"), ("Loket 5", "CI"))
TRUE_MINUTES = {"A": 8.5, "B": 10.5, "P": 10.0, "C": 3.5, "I": 2.5}  # the day's real pace (config priors differ)
CALL_CV = 0.45
SHAPES = ("normal", "paused", "late", "priority", "slow")


@dataclass(frozen=True)
class Shape:
    name: str
    priority_share: float = 0.10
    pause: tuple[str, float, float] | None = None  # counter, from, to (minutes after 07:00)
    late_slots: tuple[int, ...] = ()  # slot hours whose applicants mostly come late
    slow: tuple[str, float] | None = None  # counter, factor


def shape(name: str) -> Shape:
    return {
        "normal": Shape("normal"),
        "paused": Shape("paused", pause=("Loket 2", 180.0, 240.0)),  # 10:00-11:00
        "late": Shape("late", late_slots=(9, 11)),
        "priority": Shape("priority", priority_share=0.30),
        "slow": Shape("slow", slow=("Loket 3", 1.8)),
    }[name]


@dataclass
class Record:
    """One ticket: what it said when issued and when it was then called (minutes after issue)."""

    number: str
    prefix: str
    issued: float
    new: int
    low: int
    high: int
    flagged: bool
    old: float
    observed: float
    waited: float | None = None


@dataclass
class Desk:
    name: str
    factor: float
    auto_finish: bool  # presses "call next" without "done" first (the ticket stays "serving" while idle)
    busy: bool = False
    paused: bool = False
    serving: str | None = None
    lunch_done: bool = False
    wants_pause: bool = False


@dataclass
class Day:
    config: Config
    db: Database
    rng: random.Random
    shape: Shape
    records: dict[str, Record] = field(default_factory=dict)
    events: list = field(default_factory=list)
    seq: int = 0

    def at(self, minutes: float) -> datetime:
        return datetime.combine(DAY, time(7, 0), tzinfo=self.config.office.tz) + timedelta(minutes=minutes)

    def schedule(self, minutes: float, kind: str, payload: object = None) -> None:
        self.seq += 1
        heapq.heappush(self.events, (minutes, self.seq, kind, payload))


def bench_config(tmp: Path) -> Config:
    base = (REPO / "demo" / "config.toml").read_text(encoding="utf-8")
    head = base.split("[[counters]]", 1)[0]
    tail = "[printer]" + base.split("[printer]", 1)[1]
    counters = "".join(f'[[counters]]\nname = "{name}"\nservices = {list(services)!r}\n\n'.replace("'", '"')
                       for name, services in COUNTERS)
    path = tmp / "office_day.toml"
    path.write_text(head + counters + tail, encoding="utf-8")
    return load_config(path, environ={})


def _offset(rng: random.Random, late: bool) -> float:
    """Minutes from slot start to arrival: a burst at the start, some early, some late (window -60 .. +90)."""
    if late:
        return rng.uniform(55, 88)
    u = rng.random()
    if u < 0.45:
        return max(-59.0, rng.gauss(-2, 4))
    if u < 0.80:
        return rng.uniform(-50, 20)
    if u < 0.95:
        return rng.uniform(20, 60)
    return rng.uniform(60, 88)


def make_bookings(day: Day, slots: range, per_slot: int) -> list[tuple[float, str]]:
    """The day's bookings (imported), and the (arrival minute, code) of those who come."""
    rng, bookings, arrivals = day.rng, [], []
    n = 0
    for hour in slots:
        for _ in range(per_slot):
            n += 1
            size = rng.choices([1, 2, 3, 4, 5], weights=[45, 25, 15, 10, 5])[0]
            applicants = []
            for i in range(size):
                priority = rng.random() < day.shape.priority_share
                kind = "new" if rng.random() < 0.55 else "replacement"
                applicants.append({
                    "nik": f"61040141019{(n * 5 + i) % 100000:05d}"[:16], "name": f"PEMOHON {n}-{i + 1}",
                    "application_type": kind, "replacement_reason": "expired" if kind == "replacement" else None,
                    "priority": "elderly" if priority else None})
            code = f"BK{hour:02d}{n:05d}X"
            bookings.append({"booking_code": code, "status": "active", "date": DAY.isoformat(),
                             "office_code": day.config.office.code,
                             "slot": {"start": f"{hour:02d}:00", "end": f"{hour + 1:02d}:00"},
                             "applicants": applicants, "updated_at": "2026-12-06T19:00:00+07:00"})
            if rng.random() < 0.12:
                continue  # booked, never came
            late = hour in day.shape.late_slots and rng.random() < 0.5
            arrivals.append(((hour - 7) * 60 + _offset(rng, late), code))
    records, problems = parse_bookings_payload({"bookings": bookings})
    assert not problems, problems[:3]
    day.db.run(import_bookings, records, day.at(-60))
    return arrivals


def _simple_methods(session, config: Config, numbers: list[str], now: datetime) -> dict[str, tuple[float, float]]:
    """The old constant method and 'queue x today's observed mean / open counters', as the ticket was issued."""
    out = {}
    for number in numbers:
        t = session.scalar(select(Ticket).where(Ticket.day == DAY, Ticket.number == number))
        ahead = people_ahead(session, t)
        counters = open_counters_for(session, t.service_prefix)
        done = session.execute(select(Ticket.called_at, Ticket.finished_at).where(
            Ticket.day == DAY, Ticket.service_prefix == t.service_prefix, Ticket.status == TicketStatus.DONE,
            Ticket.called_at.is_not(None), Ticket.finished_at.is_not(None))).all()
        mean = (sum((f - c).total_seconds() / 60 for c, f in done) / len(done) if done
                else float(config.queue.minutes_per_ticket))
        out[number] = (math.ceil(ahead * config.queue.minutes_per_ticket / counters), ahead * mean / counters)
    return out


def _record(day: Day, views: tuple[TicketView, ...] | list[TicketView], minutes: float) -> None:
    simple = day.db.read(_simple_methods, day.config, [v.number for v in views], day.at(minutes))
    for v in views:
        old, observed = simple[v.number]
        day.records[v.number] = Record(v.number, v.service_prefix, minutes, v.estimated_wait_minutes,
                                       v.estimated_wait_low_minutes, v.estimated_wait_high_minutes,
                                       v.may_not_be_served_today, old, observed)


def _press(day: Day, desk: Desk, minutes: float) -> None:
    """The officer calls the next ticket and, when one comes, schedules the end of the call."""
    if desk.paused or desk.busy:
        return
    now = day.at(minutes)
    if desk.serving and not desk.auto_finish:
        day.db.run(ops.done, day.config, desk.name, now)
        desk.serving = None
    result = day.db.run(ops.call_next, day.config, desk.name, now)
    if result.ticket is None:
        desk.serving = None
        return
    ticket = result.ticket
    record = day.records.get(ticket.number)
    if record is not None and record.waited is None:
        record.waited = minutes - record.issued
    desk.busy, desk.serving = True, ticket.number
    rng = day.rng
    if rng.random() < 0.03:  # not in the hall: the officer waits, then marks a no-show
        day.schedule(minutes + rng.uniform(1.0, 2.5), "no_show", desk)
        return
    mean = TRUE_MINUTES[ticket.service_prefix] * desk.factor
    sigma = math.sqrt(math.log(1 + CALL_CV ** 2))
    length = rng.lognormvariate(math.log(mean) - sigma ** 2 / 2, sigma)
    if not desk.lunch_done and minutes >= 300 and desk.name == "Loket 4":  # 12:00: lunch, ticket left "serving"
        desk.lunch_done = True
        length += 35
    day.schedule(minutes + length, "free", desk)


def run_day(shape_name: str, seed: int, quick: bool = False, url: str | None = None) -> list[Record]:
    tmp = Path(tempfile.mkdtemp())
    rng = random.Random(seed)
    config = bench_config(tmp)
    db = Database(url or f"sqlite:///{tmp / 'office_day.sqlite3'}")
    db.upgrade()
    db.run(ops.ensure_counters, config)
    day = Day(config, db, rng, shape(shape_name))
    slots = range(8, 12) if quick else range(8, 15)
    for minutes, code in make_bookings(day, slots, 14):
        day.schedule(minutes, "booking", code)
    end = (slots.stop - 7) * 60
    for kind, per_hour in (("pickup", 7.0), ("info", 4.0), ("priority", 0.8 * day.shape.priority_share / 0.1)):
        t = 60.0
        while True:
            t += rng.expovariate(per_hour / 60)
            if t > end:
                break
            day.schedule(t, "walk_in", kind)
    desks = {name: Desk(name, rng.lognormvariate(0, 0.12), rng.random() < 0.5) for name, _ in COUNTERS}
    if day.shape.slow:
        desks[day.shape.slow[0]].factor *= day.shape.slow[1]
    if day.shape.pause:
        name, start, stop = day.shape.pause
        day.schedule(start, "pause", desks[name])
        day.schedule(stop, "resume", desks[name])
    for desk in desks.values():
        day.schedule(55.0, "open", desk)  # 07:55: the lokets open
    while day.events:
        minutes, _, kind, payload = heapq.heappop(day.events)
        now = day.at(minutes)
        if kind == "booking":
            result = db.run(check_in, config, payload, "GATE-1", now, "datang terlambat")
            if result.decision is Decision.VALID:
                _record(day, result.tickets, minutes)
        elif kind == "walk_in":
            _record(day, [db.run(issue_walk_in, config, payload, now)], minutes)
        elif kind == "free":
            payload.busy = False
            if payload.wants_pause:
                _pause(day, payload, minutes)
                continue
        elif kind == "no_show":
            payload.busy = False
            db.run(ops.no_show, config, payload.name, now)
            payload.serving = None
        elif kind == "pause":
            if payload.busy:
                payload.wants_pause = True  # after the applicant at the desk
                continue
            _pause(day, payload, minutes)
            continue
        elif kind == "resume":
            payload.wants_pause = False
            if payload.paused:
                db.run(ops.set_paused, config, payload.name, False, now)
                payload.paused = False
        for desk in desks.values():  # every free officer presses "call next"
            _press(day, desk, minutes)
    db.dispose()
    return list(day.records.values())


def _pause(day: Day, desk: Desk, minutes: float) -> None:
    desk.wants_pause = False
    now = day.at(minutes)
    if desk.serving:
        day.db.run(ops.done, day.config, desk.name, now)
        desk.serving = None
    day.db.run(ops.set_paused, day.config, desk.name, True, now)
    desk.paused = True


def summary(records: list[Record]) -> str:
    waited = [r.waited for r in records if r.waited is not None]
    return (f"{len(records)} tickets, {len(waited)} called; wait mean {sum(waited) / max(1, len(waited)):.1f} min, "
            f"max {max(waited, default=0):.0f} min")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shape", choices=SHAPES, default="normal")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    records = run_day(args.shape, args.seed, args.quick)
    print(f"{args.shape}: {summary(records)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
