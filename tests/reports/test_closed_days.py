"""A closed day's report reads the visits fixed at its close (`report_visit`): the same figures as the live ones,
unchanged by what happens to the day's tickets afterwards, and mixed with open days in one period; on a SQLite
file and on PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import delete, func, select, update

from shared.db.models import CallEvent, Officer, ReportVisit, SyncState, Ticket
from shared.services import counter_ops as ops
from shared.services.day_close import close_queue, marker_key
from shared.services.privacy import purge_personal_data
from shared.services.reports import GROUPINGS, all_groupings, store_visits
from shared.services.tickets import issue_walk_in

from .test_report_figures import DAY, at, scripted_day

NEXT = DAY + timedelta(days=1)
VISITS = 7  # A-001 in A and in D, B-001, C-001, I-001, A-002, C-002


def at_next(config, hhmm: str) -> datetime:
    return datetime.combine(NEXT, time.fromisoformat(hhmm), tzinfo=config.office.tz)


def everything(report) -> tuple:
    """All a report says, but when it was made."""
    return (report.rows, report.total, report.walk_ins, report.overrides, report.reprints, report.voided,
            report.show_up)


def read(db, config, first=DAY, last=DAY) -> dict[str, tuple]:
    reports = db.read(all_groupings, config, first, last, at_next(config, "20:00"))
    return {by: everything(rep) for by, rep in reports.items()}


def stored(db, day=DAY) -> int:
    with db.sessions() as s:
        return s.scalar(select(func.count()).select_from(ReportVisit).where(ReportVisit.day == day))


def with_an_officer(db, config) -> None:
    """Rina makes A-001's first call: the officer grouping then has a key of its own besides '—'."""
    with db.sessions.begin() as s:
        made = at(config, "06:00")
        rina = Officer(nip="199001012015031003", name="Rina Marlina", roles="counter", active=True,
                       pin_hash="not-a-real-hash", created_at=made, updated_at=made)
        s.add(rina)
        s.flush()
        s.execute(update(CallEvent).where(CallEvent.number == "A-001", CallEvent.kind == "call")
                  .values(officer_id=rina.id))


def next_day(db, config) -> None:
    """The day after: C-001 (pickup) served at Loket 3, C-002 still waiting."""
    db.run(issue_walk_in, config, "pickup", at_next(config, "08:00"))
    db.run(issue_walk_in, config, "pickup", at_next(config, "08:20"))
    assert db.run(ops.call_next, config, "Loket 3", at_next(config, "08:07")).ticket.number == "C-001"
    db.run(ops.done, config, "Loket 3", at_next(config, "08:15"))


@pytest.fixture
def day(db, config):
    """The scripted day, the day after, then an officer named on a call of the first (officers registered, the
    services want one signed in: the script ran before)."""
    scripted_day(db, config)
    next_day(db, config)
    with_an_officer(db, config)
    return db


def test_a_closed_day_reads_exactly_the_figures_of_the_open_day(day, config):
    live = read(day, config)
    assert stored(day) == 0
    closed = day.run(close_queue, config, DAY, at(config, "18:00"))
    assert (closed.unserved, closed.visits) == (1, VISITS) and stored(day) == VISITS
    assert read(day, config) == live
    officers = {r.key for r in day.read(all_groupings, config, DAY, DAY, at(config, "18:00"))["officer"].rows}
    assert officers == {"199001012015031003", "—"}
    with day.sessions() as s:
        assert json.loads(s.get(SyncState, marker_key(DAY)).value)["visits"] == VISITS


def test_a_closed_day_does_not_change_when_its_tickets_change_afterwards(day, config):
    day.run(close_queue, config, DAY, at(config, "18:00"))
    fixed = read(day, config)
    with day.sessions.begin() as s:  # changed behind the services' back
        s.execute(update(Ticket).where(Ticket.number == "C-002").values(status="done"))
        s.execute(update(Ticket).where(Ticket.number == "B-001").values(status="no_show"))
        s.execute(delete(CallEvent).where(CallEvent.number == "I-001"))
    assert purge_personal_data(day, config, DAY + timedelta(days=400)).applicants == 5  # the day's bookings, all
    assert read(day, config) == fixed
    with day.sessions.begin() as s:  # without the stored visits the same day reads the changed tickets
        s.execute(delete(ReportVisit))
    changed = day.read(all_groupings, config, DAY, DAY, at(config, "18:00"))["day"].total
    assert (changed.called, changed.unserved, changed.no_show) == (5, 0, 2)


def test_a_period_of_a_closed_and_an_open_day_is_the_sum_of_both(day, config):
    period_live = read(day, config, DAY, NEXT)
    day.run(close_queue, config, DAY, at_next(config, "09:00"))  # a past day: today's counters stay open
    assert stored(day) == VISITS and stored(day, NEXT) == 0
    assert read(day, config, DAY, NEXT) == period_live  # every figure, the percentiles too
    parts = [day.read(all_groupings, config, d, d, at_next(config, "20:00")) for d in (DAY, NEXT)]
    period = day.read(all_groupings, config, DAY, NEXT, at_next(config, "20:00"))
    for by in GROUPINGS:
        for name in ("arrived", "called", "served", "no_show", "unserved", "above_service_level"):
            summed: dict = {}
            for part in parts:
                for row in part[by].rows:
                    summed[row.key] = summed.get(row.key, 0) + getattr(row.figures, name)
            assert {r.key: getattr(r.figures, name) for r in period[by].rows} == summed, (by, name)
    total = period["day"].total
    assert (total.arrived, total.served, total.unserved) == (8, 6, 2)


def test_closing_twice_changes_nothing(day, config):
    day.run(close_queue, config, DAY, at(config, "18:00"))
    first = read(day, config)
    again = day.run(close_queue, config, DAY, at(config, "18:30"))
    assert again.already_closed and (again.unserved, again.visits) == (0, 0)
    assert stored(day) == VISITS and read(day, config) == first
    assert day.run(store_visits, config, DAY) == VISITS and stored(day) == VISITS  # delete-and-insert
    assert read(day, config) == first


def test_a_day_closed_before_visits_were_stored_has_them_stored_by_the_next_close(day, config):
    live = read(day, config)
    day.run(close_queue, config, DAY, at(config, "18:00"))
    with day.sessions.begin() as s:  # as a day closed before migration 0007 left it
        s.execute(delete(ReportVisit))
        marker = s.get(SyncState, marker_key(DAY))
        marker.value = json.dumps({k: v for k, v in json.loads(marker.value).items() if k != "visits"})
    assert read(day, config) == live  # read live meanwhile
    again = day.run(close_queue, config, DAY, at(config, "19:00"))
    assert again.already_closed and again.visits == VISITS and stored(day) == VISITS
    assert "7 visits stored" in again.message.en
    assert read(day, config) == live

