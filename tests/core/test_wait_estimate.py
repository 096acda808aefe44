"""The estimated wait: pure functions over a day's snapshot, and the ticket's view on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from shared.db.models import Ticket
from shared.domain import WaitEstimate
from shared.services import counter_ops as ops
from shared.services import wait_estimate as we
from shared.services.checkin import check_in
from shared.services.queue_policy import QueueEntry, order_for_counter
from shared.services.tickets import issue_walk_in, ticket_view

from .helpers import applicant, at, booking, load

DAY = date(2026, 11, 28)


def now(config, hhmm="09:00"):
    return at(config, DAY, hhmm)


def inputs(config, entries, counters, hhmm="09:00", **extra) -> we.DayInputs:
    return we.DayInputs(
        now=now(config, hhmm), closes_at=now(config, "16:00"), priority_every=3,
        priors={s.prefix: config.minutes_per_ticket(s.prefix) for s in config.services},
        waiting=tuple(entries), counters=tuple(counters), **extra)


def entry(i, prefix="A", minutes_before=0, config=None, priority=False):
    sort_at = datetime(2026, 11, 28, 8, 0) + timedelta(minutes=i - minutes_before)
    tz = config.office.tz if config else None
    return QueueEntry(i, f"{prefix}-{i:03d}", prefix, priority, sort_at.replace(tzinfo=tz))


# ---- pure: rounding and words


@pytest.mark.parametrize("minutes", [-5.0, 0.0, 0.4, 3.0, 7.5, 12.0, 33.0, 61.0, 95.0, 140.0, 400.0])
@pytest.mark.parametrize("sd", [0.0, 1.5, 6.0, 30.0])
def test_the_estimate_is_never_negative_and_the_range_contains_the_point(minutes, sd):
    e = we.estimate(we.Call(minutes, sd, 3, "Loket 1"))
    assert 0 <= e.low_minutes <= e.minutes <= e.high_minutes
    assert e.low_minutes < e.high_minutes


def test_rounding_is_the_way_people_read_it():
    e = we.estimate(we.Call(23.0, 4.0, 5, "Loket 1"))
    assert (e.minutes, e.low_minutes % 5, e.high_minutes % 5) == (25, 0, 0)
    assert e.low_minutes <= 23 - 1.28 * 4 and e.high_minutes >= 23 + 1.28 * 4
    assert we.estimate(we.Call(7.4, 0.5, 1, "x")).minutes == 7  # whole minutes under 10
    assert we.estimate(we.Call(96.0, 5.0, 1, "x")).minutes % 10 == 0


def test_the_words():
    assert we.wait_text(WaitEstimate(15, 10, 20)) == we.Text("10–20 menit", "10–20 min")
    assert we.wait_text(WaitEstimate(15, 10, 20)).paper() == "10-20 menit / 10-20 min"
    assert we.wait_text(WaitEstimate(2, 0, 5)) == we.SOON
    assert we.wait_text(WaitEstimate(4, 0, 8)).id == "0–8 menit"  # not "soon" when it may be 8 minutes
    assert we.wait_text(WaitEstimate(110, 80, 135)) == we.Text("1–2,5 jam", "1–2.5 h")
    assert we.wait_text(WaitEstimate(100, 90, 120)) == we.Text("1,5–2 jam", "1.5–2 h")
    late = we.wait_text(WaitEstimate(50, 40, 70, may_not_be_served_today=True), label=True)
    assert late.id == "Perkiraan tunggu: 40–70 menit; mungkin tidak terlayani hari ini"
    assert late.en == "Estimated wait: 40–70 min; may not be served today"
    assert not WaitEstimate(2, 0, 5, may_not_be_served_today=True).soon
    # a low end under an hour stays in minutes next to a high end in hours (never "0–2,5 jam")
    assert we.wait_text(WaitEstimate(40, 15, 150)) == we.Text("15 menit–2,5 jam", "15 min–2.5 h")
    # nothing to give but the warning: no "±0 menit"
    assert we.wait_text(WaitEstimate(0, 0, 0, may_not_be_served_today=True)) == we.NOT_TODAY


def test_a_next_stage_nobody_was_sent_to_yet_is_still_served(config):
    """Mid-morning, Loket 1 has been calling A; D's counter has called nobody (nobody transferred yet). A ticket
    for D is served by D's open counter, not told it may not be served today."""
    counters = [we.CounterState("Loket 1", ("A", "B")), we.CounterState("Loket 4", ("D",), active_today=False)]
    f = we.forecast(inputs(config, [entry(1, "D", config=config)], counters, hhmm="09:40"))
    estimate = f.estimate(1)
    assert estimate is not None and not estimate.may_not_be_served_today


def test_never_past_closing_without_saying_so(config):
    many = [entry(i, "A", config=config) for i in range(1, 41)]
    f = we.forecast(inputs(config, many, [we.CounterState("Loket 2", ("A", "B"))], hhmm="14:30"))
    last = f.estimate(40)
    assert last.high_minutes > 90 and last.may_not_be_served_today
    first = f.estimate(1)
    assert not first.may_not_be_served_today
    for e in (f.estimate(i) for i in range(1, 41)):
        assert e.may_not_be_served_today or e.high_minutes <= f.minutes_left


# ---- pure: the pace


def test_pace_starts_at_the_prior_and_learns_the_day(config):
    assert we.pace(inputs(config, [], [])).mean["A"] == config.minutes_per_ticket("A")
    slow = [we.Sample("A", "Loket 2", 14.0) for _ in range(40)]
    learned = we.pace(inputs(config, [], [], samples=tuple(slow))).mean["A"]
    assert 13.0 < learned < 14.0


def test_a_lunch_left_serving_barely_moves_the_pace(config):
    samples = [we.Sample("A", "Loket 2", 8.0) for _ in range(20)] + [we.Sample("A", "Loket 2", 240.0)]
    assert we.pace(inputs(config, [], [], samples=tuple(samples))).mean["A"] < 10.0


def test_a_slow_loket_gets_its_own_factor(config):
    samples = [we.Sample("A", "Loket 2", 8.0) for _ in range(20)] + [we.Sample("A", "Loket 3", 16.0) for _ in range(20)]
    p = we.pace(inputs(config, [], [], samples=tuple(samples)))
    assert p.minutes("A", "Loket 3") > 1.4 * p.minutes("A", "Loket 2")


# ---- pure: the policy run forward


def test_one_counter_calls_in_the_policys_order(config):
    entries = [entry(i, "A", config=config) for i in range(1, 8)] + [entry(i, "P", config=config, priority=True)
                                                                      for i in range(8, 11)]
    counter = we.CounterState("Loket 1", ("P", "A", "B"), regular_streak=1)
    f = we.forecast(inputs(config, entries, [counter]))
    by_time = sorted(f.calls, key=lambda tid: f.calls[tid].minutes)
    assert by_time == [e.id for e in order_for_counter(entries, "PAB", 3, 1)]
    assert [f.calls[tid].ahead for tid in by_time] == list(range(len(entries)))


def test_a_priority_ticket_waits_less_than_a_regular_one_issued_with_it(config):
    queue = [entry(i, "A", config=config) for i in range(1, 9)]
    mine = [entry(20, "A", config=config), entry(21, "P", config=config, priority=True)]
    counters = [we.CounterState("Loket 1", ("P", "A", "B")), we.CounterState("Loket 2", ("A", "B"))]
    f = we.forecast(inputs(config, queue + mine, counters))
    assert f.estimate(21).minutes < f.estimate(20).minutes
    assert f.call(21).ahead < f.call(20).ahead


def test_pausing_the_only_counter_of_a_service_raises_its_estimate(config):
    queue = [entry(i, "C", config=config) for i in range(1, 4)]
    open_ = we.forecast(inputs(config, queue, [we.CounterState("Loket 3", ("C", "I"))]))
    paused = we.forecast(inputs(config, queue, [we.CounterState("Loket 3", ("C", "I"), paused=True,
                                                                paused_since=now(config, "08:55"))]))
    assert paused.call(3).minutes > open_.call(3).minutes
    assert paused.estimate(3).minutes > open_.estimate(3).minutes


def test_the_estimate_falls_as_the_queue_is_served(config):
    counters = [we.CounterState("Loket 2", ("A", "B"))]
    queue = [entry(i, "A", config=config) for i in range(1, 11)]
    waits = [we.forecast(inputs(config, queue[k:], counters)).call(10).minutes for k in range(10)]
    assert all(a > b for a, b in itertools.pairwise(waits))
    assert waits[-1] == 0.0


def test_the_ticket_being_served_and_its_elapsed_time_count(config):
    queue = [entry(1, "A", config=config)]
    idle = we.forecast(inputs(config, queue, [we.CounterState("Loket 2", ("A", "B"))])).call(1).minutes
    just_called = we.CounterState("Loket 2", ("A", "B"), serving_prefix="A", serving_since=now(config, "08:59"))
    nearly_done = we.CounterState("Loket 2", ("A", "B"), serving_prefix="A", serving_since=now(config, "08:53"))
    busy = we.forecast(inputs(config, queue, [just_called])).call(1).minutes
    later = we.forecast(inputs(config, queue, [nearly_done])).call(1).minutes
    assert idle == 0.0 < later < busy


def test_booked_applicants_still_to_come_with_an_earlier_slot_are_expected_ahead(config):
    early_bird = QueueEntry(1, "A-001", "A", False, now(config, "10:00"))  # booked 10:00, here at 09:00
    counters = [we.CounterState("Loket 2", ("A", "B"), serving_prefix="B", serving_since=now(config, "08:59"))]
    alone = we.forecast(inputs(config, [early_bird], counters)).call(1).minutes
    coming = tuple(we.Pending("A", False, now(config, "09:00"), now(config, "10:30")) for _ in range(6))
    ahead = we.forecast(inputs(config, [early_bird], counters, pending=coming)).call(1).minutes
    assert ahead > alone


def test_a_new_ticket_of_each_service(config):
    queue = [entry(i, "C", config=config) for i in range(1, 4)]
    f = we.forecast(inputs(config, queue, [we.CounterState("Loket 3", ("C", "I"))]), probes=["C", "I", "A"])
    # Loket 3 serves C and I by arrival: a new I ticket waits behind the C tickets already here
    assert f.for_new_ticket("C") == f.for_new_ticket("I") and f.for_new_ticket("C").people_ahead == 3
    assert f.for_new_ticket("A") is None  # no counter serves it


# ---- through the database, on SQLite and PostgreSQL


def _view(db, config, ticket_id, when):
    def read(session):
        return ticket_view(session, config, session.get(Ticket, ticket_id), when)
    return db.read(read)


def test_check_in_prints_a_range_and_priority_goes_first(db, config):
    family = [applicant(0, "new"), applicant(1, "new", priority="elderly")]
    others = [booking(f"BOOK{i:04d}X", DAY, applicants=[applicant(i, "new")]) for i in range(1, 7)]
    load(db, config, [*others, booking("FAMILY01X", DAY, applicants=family)])
    for i in range(1, 7):
        db.run(check_in, config, f"BOOK{i:04d}X", "GATE-1", now(config, "08:00"))
    result = db.run(check_in, config, "FAMILY01X", "GATE-1", now(config, "08:05"))
    regular, priority = sorted(result.tickets, key=lambda t: t.service_prefix)
    assert (regular.service_prefix, priority.service_prefix) == ("A", "P")
    for t in result.tickets:
        assert 0 <= t.estimated_wait_low_minutes <= t.estimated_wait_minutes <= t.estimated_wait_high_minutes
    assert priority.estimated_wait_minutes < regular.estimated_wait_minutes
    # Loket 1 makes two regular calls, then the priority one; Loket 2 serves A and B only
    assert priority.people_ahead == 2 and regular.people_ahead == 7


def test_pausing_and_serving_move_the_estimate(db, config):
    db.run(ops.ensure_counters, config)
    tickets = [db.run(issue_walk_in, config, "pickup", now(config, "09:00")) for _ in range(4)]
    last = tickets[-1]
    before = _view(db, config, last.id, now(config, "09:00"))
    assert before.estimated_wait_minutes == last.estimated_wait_minutes > 0
    db.run(ops.set_paused, config, "Loket 3", True, now(config, "09:00"))
    paused = _view(db, config, last.id, now(config, "09:00"))
    assert paused.estimated_wait_minutes > before.estimated_wait_minutes
    db.run(ops.set_paused, config, "Loket 3", False, now(config, "09:01"))
    db.run(ops.call_next, config, "Loket 3", now(config, "09:01"))
    db.run(ops.call_next, config, "Loket 3", now(config, "09:04"))
    served = _view(db, config, last.id, now(config, "09:05"))
    assert served.estimated_wait_minutes < before.estimated_wait_minutes and served.people_ahead == 1
    called = db.run(ops.call_next, config, "Loket 3", now(config, "09:08"))
    assert called.ticket.estimated_wait_minutes == 0 and called.ticket.estimated_wait_high_minutes == 0


def test_service_waits_for_the_board(db, config):
    db.run(ops.ensure_counters, config)
    for _ in range(3):
        db.run(issue_walk_in, config, "pickup", now(config))
    waits = {w.prefix: w for w in db.read(we.service_waits, config, now(config))}
    assert set(waits) == {s.prefix for s in config.services}
    assert waits["C"].waiting == 3 and waits["C"].estimate.minutes > waits["A"].estimate.minutes
    assert waits["C"].text.en.endswith("min") and waits["A"].text == we.SOON


def test_one_forecast_per_transaction_until_the_next_flush(db, config):
    db.run(ops.ensure_counters, config)
    first = db.run(issue_walk_in, config, "pickup", now(config))

    def two_views(session):
        t = session.get(Ticket, first.id)
        a = we.forecast_for(session, config, now(config))
        b = we.forecast_for(session, config, now(config))
        issue_walk_in(session, config, "pickup", now(config))  # flushes: the next read sees the new ticket
        c = we.forecast_for(session, config, now(config))
        return a is b, c is not a, ticket_view(session, config, t, now(config)).estimated_wait_minutes
    same, fresh, _ = db.run(two_views)
    assert same and fresh
    assert db.read(lambda s: s.scalar(select(Ticket.id).limit(1))) is not None
