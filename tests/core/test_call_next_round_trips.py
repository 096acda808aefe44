"""Call next under load: how many round trips one `db.run(call_next, ...)` makes to PostgreSQL, and that the
one-statement call keeps the policy, the views and the guarantees of the step-by-step one.

What is counted (`bench._common.RoundTrips`, the same counter the benchmark prints): every statement the engine
executes (`before_cursor_execute`), plus the transaction's BEGIN and its COMMIT, because psycopg 3 sends each of
those as a round trip of its own (BEGIN just before the first statement, not together with it; checked with the
libpq protocol trace). Not counted: the pool's pre-ping at checkout (`pool_pre_ping` in shared/db/engine.py, one
more round trip per transaction whatever the transaction does) and psycopg's one-off prepare round trip the 5th
time a connection runs the same statement.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, literal, select, text

from bench._common import RoundTrips
from shared.db.engine import Database
from shared.db.models import CallEvent, Counter, QueueEvent, Ticket
from shared.services import counter_ops as ops
from shared.services.checkin import check_in
from shared.services.print_jobs import create_job, mark_printed
from shared.services.queue_policy import (
    QueueEntry,
    next_streak,
    next_streak_sql,
    prefer_priority,
    prefer_priority_sql,
)
from shared.services.tickets import issue_walk_in, ticket_view

from .helpers import applicant, at, booking, load

DAY = date(2026, 11, 28)
MAX_ROUND_TRIPS = 3
SOME_TIME = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def fill(db, config):
    """Loket 1 serves P, A and B: two 08:00 applicants (one a replacement), one at 09:00, one priority."""
    load(db, config, [
        booking("EIGHT001", DAY, "08:00", "09:00", applicants=[applicant(0), applicant(1, "replacement", reason="lost")]),
        booking("NINE0001", DAY, "09:00", "10:00", applicants=[applicant(2)]),
        booking("PRIO0001", DAY, "09:00", "10:00", applicants=[applicant(3, priority="elderly")]),
    ])
    for code, hhmm in [("NINE0001", "08:05"), ("PRIO0001", "08:06"), ("EIGHT001", "08:20")]:
        assert db.run(check_in, config, code, "GATE-1", at(config, DAY, hhmm)).tickets
    return db


@pytest.fixture
def queue(db, config):
    return fill(db, config)


def now(config, hhmm="08:30"):
    return at(config, DAY, hhmm)


# (what the press meets, the ticket it calls, the ticket it finishes) for Loket 1, press after press
PRESSES = [
    ("a waiting ticket, none being served", "A-002", None),
    ("a current ticket to finish first", "B-001", "A-002"),
    ("priority interleave (2 regular calls made)", "P-001", "B-001"),
    ("a current ticket and the last waiting one", "A-001", "P-001"),
    ("an empty queue, a current ticket to finish", None, "A-001"),
    ("an empty queue, nothing being served", None, None),
]


@pytest.mark.postgres
def test_call_next_takes_at_most_three_round_trips_on_postgresql(pg_db, config):
    queue = fill(pg_db, config)
    trips = RoundTrips(queue.engine)
    counts = []
    try:
        for label, calls, finishes in PRESSES:
            trips.reset()
            result = queue.run(ops.call_next, config, "Loket 1", now(config))
            assert (result.ticket.number if result.ticket else None) == calls, label
            assert (result.finished.number if result.finished else None) == finishes, label
            counts.append((label, trips.total, trips.statements))
    finally:
        trips.close()
    print("\n" + "\n".join(f"{label}: {total} round trips ({n} statements)" for label, total, n in counts))
    assert all(total <= MAX_ROUND_TRIPS for _, total, _ in counts), counts


def test_call_next_returns_the_views_ticket_view_gives(queue, config):
    """The one-statement call builds its views from the statement's own row: they equal `ticket_view` read
    after the call (applicant, booking, checklist, printed, counter, waited minutes), for booked, priority and
    walk-in tickets alike."""
    walk_in = queue.run(issue_walk_in, config, "priority", now(config, "08:25"))
    job = queue.run(create_job, walk_in.id, "test", now(config, "08:25"))
    queue.run(mark_printed, job.id, None, now(config, "08:26"))
    seen = []
    for _ in range(7):
        result = queue.run(ops.call_next, config, "Loket 1", now(config))
        for view in (result.ticket, result.finished):
            if view is not None:
                fresh = queue.read(lambda s, v=view: ticket_view(s, config, s.get(Ticket, v.id), now(config)))
                assert view == fresh, view.number
                seen.append(view)
    numbers = [v.number for v in seen]
    assert "P-002" in numbers and any(v.printed for v in seen) and any(v.applicant_name for v in seen)
    assert any(v.checklist for v in seen) and all(v.counter_name == "Loket 1" for v in seen)


def test_call_next_logs_the_call_and_the_auto_done_and_keeps_the_streak(queue, config):
    for _ in range(3):
        queue.run(ops.call_next, config, "Loket 1", now(config))
    with queue.sessions.begin() as s:
        calls = s.scalars(select(CallEvent).order_by(CallEvent.id)).all()
        dones = s.scalars(select(QueueEvent).where(QueueEvent.kind == "done").order_by(QueueEvent.id)).all()
        counter = s.scalar(select(Counter).where(Counter.name == "Loket 1"))
        assert [(c.number, c.kind, c.counter_name) for c in calls] == [
            ("A-002", "call", "Loket 1"), ("B-001", "call", "Loket 1"), ("P-001", "call", "Loket 1")]
        assert all(c.at == now(config) and c.counter_id == counter.id for c in calls)
        by_id = {t.id: t for t in s.scalars(select(Ticket))}
        assert [(by_id[d.ticket_id].number, d.detail, d.counter_name) for d in dones] == [
            ("A-002", "auto: call next", "Loket 1"), ("B-001", "auto: call next", "Loket 1")]
        assert all(d.at == now(config) and by_id[d.ticket_id].finished_at == now(config) for d in dones)
        assert counter.regular_streak == 0  # a priority call resets it
        called = by_id[calls[-1].ticket_id]
        assert (called.status, called.counter_id, called.called_at) == ("called", counter.id, now(config))


def test_a_paused_counter_is_refused_and_nothing_changes(queue, config):
    queue.run(ops.call_next, config, "Loket 1", now(config))
    queue.run(ops.set_paused, config, "Loket 1", True, now(config))
    with pytest.raises(ops.CounterError) as refused:
        queue.run(ops.call_next, config, "Loket 1", now(config))
    assert refused.value.text == ops.PAUSED
    assert queue.read(ops.current_ticket, config, "Loket 1", now(config)).number == "A-002"
    with pytest.raises(ops.CounterError):
        queue.run(ops.call_next, config, "Loket 9", now(config))


@pytest.mark.parametrize("every", [1, 2, 3, 5])
def test_the_sql_forms_of_the_policy_rules_agree_with_the_python_ones(db, every):
    cases = [(streak, is_priority) for streak in range(7) for is_priority in (False, True)]
    with db.sessions.begin() as s:
        for streak, is_priority in cases:
            prefer, after = s.execute(select(prefer_priority_sql(literal(streak), literal(every)),
                                             next_streak_sql(literal(streak), literal(is_priority)))).one()
            entry = QueueEntry(1, "X-001", "X", is_priority, SOME_TIME)
            assert bool(prefer) == prefer_priority(streak, every)
            assert after == next_streak(streak, entry)


@pytest.mark.postgres
def test_a_second_window_of_the_same_counter_waits_and_finishes_what_the_first_called(pg_db, config):
    """Two windows of one loket: the second press started while the first one's transaction held the counter;
    it must see the ticket the first one called (finish it), never leave two tickets 'called' at one counter.
    That press takes one more statement (4 round trips): it ran again once it held the counter."""
    db = pg_db
    load(db, config, [booking(f"TWIN{i:04d}", DAY, applicants=[applicant(i)]) for i in range(3)])
    for i in range(3):
        db.run(check_in, config, f"TWIN{i:04d}", "GATE-1", now(config, "08:10"))
    other_pc = Database(db.url)
    trips = RoundTrips(db.engine)
    out = {}
    try:
        with other_pc.sessions.begin() as session:
            one = ops.call_next(session, config, "Loket 2", now(config))  # holds Loket 2 until it commits
            second = threading.Thread(
                target=lambda: out.setdefault("r", db.run(ops.call_next, config, "Loket 2", now(config))))
            second.start()
            _wait_for_a_lock_wait(other_pc)
        second.join(30)
    finally:
        other_pc.dispose()
        trips.close()
    two = out["r"]
    assert two.finished is not None and two.finished.number == one.ticket.number
    assert two.ticket is not None and two.ticket.number != one.ticket.number
    with db.sessions.begin() as s:
        called = s.scalars(select(Ticket.number).where(Ticket.status == "called")).all()
        assert called == [two.ticket.number]
    assert (trips.statements, trips.total) == (2, MAX_ROUND_TRIPS + 1)  # it did run again


@pytest.mark.postgres
def test_a_ticket_whose_print_job_is_being_written_is_still_called_in_order(pg_db, config):
    """The gate inserting a print_job holds a KEY SHARE lock on its ticket until it commits: call next neither
    passes that ticket over (a call out of order) nor waits for the gate."""
    queue = fill(pg_db, config)
    head = queue.read(ops.waiting_list, config, "Loket 1", now(config))[0]
    gate = Database(queue.url)
    try:
        with gate.sessions.begin() as session:
            create_job(session, head.id, "gate printer", now(config))
            started = time.monotonic()
            result = queue.run(ops.call_next, config, "Loket 1", now(config))
            assert time.monotonic() - started < 5
    finally:
        gate.dispose()
    assert result.ticket is not None and result.ticket.number == head.number


def _wait_for_a_lock_wait(db, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    with db.engine.connect() as conn:  # another connection than the one waiting
        while time.monotonic() < deadline:
            waiting = conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )).scalar()
            conn.rollback()
            if waiting:
                return
            time.sleep(0.01)
    raise AssertionError("the second window never waited for the counter")


@pytest.mark.postgres
def test_many_windows_on_few_counters_never_share_or_lose_a_ticket(pg_db, config):
    """Three windows on Loket 1 (P, A, B) and three on Loket 2 (A, B), pressing until the queue is empty: every
    ticket is called exactly once, and every call is finished by a later press at its counter (two tickets
    'called' at one counter would leave one of them unfinished)."""
    db = pg_db
    load(db, config, [booking(f"LOAD{i:04d}", DAY, applicants=[applicant(i)]) for i in range(40)]
         + [booking(f"PRIO{i:04d}", DAY, applicants=[applicant(i, priority="elderly")]) for i in range(8)])
    for i in range(40):
        db.run(check_in, config, f"LOAD{i:04d}", "GATE-1", now(config, "08:10"))
    for i in range(8):
        db.run(check_in, config, f"PRIO{i:04d}", "GATE-1", now(config, "08:11"))
    called: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(6)

    def window(counter: str) -> None:
        start.wait()
        while True:
            result = db.run(ops.call_next, config, counter, now(config))
            if result.ticket is None:
                return
            with lock:
                called.append(result.ticket.number)

    threads = [threading.Thread(target=window, args=(name,)) for name in ["Loket 1"] * 3 + ["Loket 2"] * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(called) == len(set(called)) == 48
    with db.sessions.begin() as s:
        statuses = dict(s.execute(select(Ticket.status, func.count()).group_by(Ticket.status)).all())
        assert statuses == {"done": 48}  # the last press at each counter finished its ticket
        calls = s.scalar(select(func.count()).select_from(CallEvent))
        dones = s.scalar(select(func.count()).select_from(QueueEvent).where(QueueEvent.kind == "done"))
        assert calls == dones == 48
