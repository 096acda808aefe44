"""Queue policy and every counter operation, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from shared.db.models import CallEvent, QueueEvent, Ticket
from shared.services import counter_ops as ops
from shared.services.checkin import check_in
from shared.services.queue_policy import QueueEntry, order_for_counter
from shared.services.tickets import issue_walk_in

from .helpers import applicant, at, booking, load

DAY = date(2026, 11, 28)
T0 = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def entry(i: int, prefix: str = "A", priority: bool = False, minutes: int = 0) -> QueueEntry:
    return QueueEntry(i, f"{prefix}-{i:03d}", prefix, priority, T0 + timedelta(minutes=minutes))


def test_policy_orders_by_appointment_then_id_and_only_served_services():
    entries = [entry(3, minutes=5), entry(1, minutes=5), entry(2, minutes=0), entry(9, "C")]
    assert [e.id for e in order_for_counter(entries, "AB", 3, 0)] == [2, 1, 3]


def test_policy_interleaves_one_priority_every_n_calls():
    entries = [entry(i) for i in range(1, 7)] + [entry(10 + i, "P", True) for i in range(3)]
    ordered = order_for_counter(entries, "PAB", 3, 0)
    assert [e.service_prefix for e in ordered] == ["A", "A", "P", "A", "A", "P", "A", "A", "P"]
    # a counter that already made two regular calls calls priority next
    assert order_for_counter(entries, "PAB", 3, 2)[0].service_prefix == "P"


def test_policy_never_starves_when_one_kind_is_empty():
    only_priority = [entry(10 + i, "P", True) for i in range(3)]
    assert len(order_for_counter(only_priority, "PA", 3, 0)) == 3
    assert [e.id for e in order_for_counter([entry(1), entry(2)], "PA", 1, 0)] == [1, 2]


@pytest.fixture
def queue(db, config):
    load(db, config, [
        booking("EIGHT001", DAY, "08:00", "09:00", applicants=[applicant(0), applicant(1)]),
        booking("NINE0001", DAY, "09:00", "10:00", applicants=[applicant(2)]),
        booking("PRIO0001", DAY, "09:00", "10:00", applicants=[applicant(3, priority="elderly")]),
    ])
    # arrival order differs from appointment order on purpose
    for code, hhmm in [("NINE0001", "08:05"), ("PRIO0001", "08:06"), ("EIGHT001", "08:20")]:
        assert db.run(check_in, config, code, "GATE-1", at(config, DAY, hhmm)).tickets
    return db


def now(config, hhmm="08:30"):
    return at(config, DAY, hhmm)


def test_call_next_follows_appointment_time_and_priority_interleave(queue, config):
    calls = [queue.run(ops.call_next, config, "Loket 1", now(config)).ticket.number for _ in range(4)]
    # 08:00 slot first (A-002, A-003 arrived later but booked earlier), then the priority ticket, then 09:00
    assert calls == ["A-002", "A-003", "P-001", "A-001"]
    assert queue.run(ops.call_next, config, "Loket 1", now(config)).ticket is None


def test_call_next_closes_the_previous_ticket_and_logs_the_call(queue, config):
    first = queue.run(ops.call_next, config, "Loket 2", now(config))
    second = queue.run(ops.call_next, config, "Loket 2", now(config, "08:40"))
    assert second.finished.number == first.ticket.number and second.finished.status == "done"
    with queue.sessions.begin() as s:
        assert [c.number for c in s.scalars(select(CallEvent).order_by(CallEvent.id))] == ["A-002", "A-003"]


def test_recall_is_a_new_call_event(queue, config):
    queue.run(ops.call_next, config, "Loket 2", now(config))
    again = queue.run(ops.recall, config, "Loket 2", now(config, "08:31"))
    assert again.kind == "recall" and again.ticket.number == "A-002"
    with queue.sessions.begin() as s:
        assert [c.kind for c in s.scalars(select(CallEvent).order_by(CallEvent.id))] == ["call", "recall"]


def test_no_show_and_done_end_the_ticket_with_a_timestamp(queue, config):
    queue.run(ops.call_next, config, "Loket 2", now(config))
    gone = queue.run(ops.no_show, config, "Loket 2", now(config, "08:35"))
    assert gone.finished.status == "no_show"
    queue.run(ops.call_next, config, "Loket 2", now(config, "08:36"))
    finished = queue.run(ops.done, config, "Loket 2", now(config, "08:45"))
    assert finished.finished.status == "done"
    with queue.sessions.begin() as s:
        assert all(t.finished_at for t in s.scalars(select(Ticket).where(Ticket.status.in_(["done", "no_show"]))))
    with pytest.raises(ops.CounterError):
        queue.run(ops.recall, config, "Loket 2", now(config))


def test_transfer_keeps_the_number_and_queues_at_the_next_stage(queue, config):
    queue.run(ops.call_next, config, "Loket 2", now(config))
    moved = queue.run(ops.transfer, config, "Loket 2", "D", now(config, "08:50"))
    assert moved.finished.number == "A-002" and moved.finished.service_prefix == "D"
    photo = queue.run(ops.call_next, config, "Loket 4", now(config, "08:55"))
    assert photo.ticket.number == "A-002"
    with pytest.raises(ops.CounterError):
        queue.run(ops.call_next, config, "Loket 2", now(config)) and queue.run(ops.transfer, config, "Loket 2", "Z", now(config))


def test_call_specific_out_of_order_is_recorded_and_a_no_show_can_come_back(queue, config):
    called = queue.run(ops.call_specific, config, "Loket 2", "a-001", now(config))
    assert called.ticket.number == "A-001" and called.kind == "call_specific"
    queue.run(ops.no_show, config, "Loket 2", now(config, "08:33"))
    back = queue.run(ops.call_specific, config, "Loket 2", "A-001", now(config, "09:10"))
    assert back.ticket.status == "called"
    with queue.sessions.begin() as s:
        assert s.scalars(select(QueueEvent.kind)).all().count("call_specific") == 2
    with pytest.raises(ops.CounterError, match="bukan layanan"):
        queue.run(ops.call_specific, config, "Loket 2", "P-001", now(config))
    with pytest.raises(ops.CounterError, match="tidak ada"):
        queue.run(ops.call_specific, config, "Loket 2", "A-999", now(config))


def test_paused_counter_cannot_call_until_resumed(queue, config):
    assert queue.run(ops.set_paused, config, "Loket 2", True, now(config)).paused
    with pytest.raises(ops.CounterError, match="istirahat"):
        queue.run(ops.call_next, config, "Loket 2", now(config))
    queue.run(ops.set_paused, config, "Loket 2", False, now(config))
    assert queue.run(ops.call_next, config, "Loket 2", now(config)).ticket.number == "A-002"


def test_waiting_list_shows_the_policy_order_and_checklist_is_saved(queue, config):
    order = [t.number for t in queue.run(ops.waiting_list, config, "Loket 1", now(config))]
    assert order == ["A-002", "A-003", "P-001", "A-001"]
    queue.run(ops.call_next, config, "Loket 1", now(config))
    view = queue.run(ops.current_ticket, config, "Loket 1", now(config))
    docs = [d for d, _ in view.checklist]
    assert docs[0].startswith("e-KTP") and len(docs) == 3
    saved = queue.run(ops.save_checklist, config, "Loket 1", {docs[0]: True, docs[1]: False}, now(config))
    assert dict(saved.checklist)[docs[0]] is True and dict(saved.checklist)[docs[2]] is False


def test_unknown_counter_is_a_clear_error(queue, config):
    with pytest.raises(ops.CounterError, match="Loket 1, Loket 2"):
        queue.run(ops.call_next, config, "Loket 9", now(config))


def test_walk_in_tickets_number_per_prefix(db, config):
    first = db.run(issue_walk_in, config, "pickup", now(config))
    second = db.run(issue_walk_in, config, "pickup", now(config))
    info = db.run(issue_walk_in, config, "info", now(config))
    assert (first.number, second.number, info.number) == ("C-001", "C-002", "I-001")
    assert second.people_ahead == 1


def test_ticks_for_a_ticket_no_longer_served_are_refused(queue, config):
    first = queue.run(ops.call_next, config, "Loket 2", now(config)).ticket
    queue.run(ops.call_next, config, "Loket 2", now(config))  # the officer moved on before the ticks arrived
    doc = first.checklist[0][0]
    with pytest.raises(ops.CounterError, match="no longer being served"):
        queue.run(ops.save_checklist, config, "Loket 2", {doc: True}, now(config), first.number)


def test_a_paused_counter_cannot_call_a_number_either(queue, config):
    queue.run(ops.set_paused, config, "Loket 2", True, now(config))
    with pytest.raises(ops.CounterError, match="paused"):
        queue.run(ops.call_specific, config, "Loket 2", "A-001", now(config))


def test_read_only_work_takes_no_write_lock(sqlite_db, config):
    """A status poll (Database.read) runs while another connection holds the write lock."""
    from shared.services.status import office_status

    with sqlite_db.sessions.begin() as writer:  # BEGIN IMMEDIATE: the write lock is held from here
        writer.execute(select(Ticket.id)).all()
        status = sqlite_db.read(office_status, config, DAY)
    assert status.tickets_issued == 0
