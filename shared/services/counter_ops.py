"""What a counter officer does: call next, recall, no-show, done, transfer, call a number, pause.

Call next is a compare-and-set: `UPDATE ticket SET status='called' WHERE id=:head AND status='waiting'` and
exactly one changed row, else the next candidate. Two counters pressing at once never get the same ticket.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import CallEvent, Counter, QueueEvent, Ticket
from shared.domain import CallKind, CallResult, CounterView, TicketStatus, TicketView

from .queue_policy import QueueEntry, next_streak, order_for_counter, prefer_priority
from .tickets import find_ticket, office_day, ticket_view


class CounterError(ValueError):
    """An action that cannot be done; the message is for the counter officer (Indonesian / English)."""


def ensure_counters(session: Session, config: Config) -> None:
    """The counters of config.toml exist as rows (their services follow the config)."""
    rows = {c.name: c for c in session.scalars(select(Counter))}
    for c in config.counters:
        services = "".join(c.services)
        row = rows.get(c.name)
        if row is None:
            session.add(Counter(name=c.name, services=services, paused=False, regular_streak=0))
        elif row.services != services:
            row.services = services
    session.flush()


def _counter(session: Session, config: Config, name: str, lock: bool = True) -> Counter:
    """The counter's row, locked for the transaction (PostgreSQL) so two windows on one loket take turns."""
    try:
        wanted = config.counter(name).name
    except KeyError:
        names = ", ".join(c.name for c in config.counters)
        raise CounterError(f"Loket {name!r} tidak ada / unknown counter; ada / known: {names}") from None
    query = select(Counter).where(Counter.name == wanted)
    if lock:
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None:
        ensure_counters(session, config)
        row = session.scalar(query)
    assert row is not None
    return row


def _current(session: Session, counter: Counter) -> Ticket | None:
    return session.scalar(
        select(Ticket).where(Ticket.counter_id == counter.id, Ticket.status == TicketStatus.CALLED.value).limit(1)
    )


def _waiting_query(config: Config, counter: Counter, now: datetime, is_priority: bool, limit: int):
    return (
        select(Ticket.id, Ticket.number, Ticket.service_prefix, Ticket.is_priority, Ticket.sort_at)
        .where(
            Ticket.day == office_day(config, now),
            Ticket.status == TicketStatus.WAITING.value,
            Ticket.service_prefix.in_(list(counter.services)),
            Ticket.is_priority.is_(is_priority),
        )
        .order_by(Ticket.sort_at, Ticket.id)
        .limit(limit)
    )


def waiting_entries(session: Session, config: Config, counter: Counter, now: datetime, limit: int = 50) -> list[QueueEntry]:
    """The first `limit` tickets in the policy's order: only the heads of the priority and regular lines are read."""
    entries = [QueueEntry(*row) for flag in (True, False) for row in session.execute(_waiting_query(config, counter, now, flag, limit))]
    return order_for_counter(entries, counter.services, config.queue.priority_every, counter.regular_streak)[:limit]


def _claim_head(session: Session, config: Config, counter: Counter, now: datetime) -> QueueEntry | None:
    """Lock and claim the policy's head. PostgreSQL: FOR UPDATE SKIP LOCKED, so counters pressing at once take
    different tickets without waiting on each other; SQLite: writers are serialised by BEGIN IMMEDIATE."""
    first = prefer_priority(counter.regular_streak, config.queue.priority_every)
    skip_locked = session.get_bind().dialect.name == "postgresql"
    for is_priority in (first, not first):
        for _attempt in range(5):
            query = _waiting_query(config, counter, now, is_priority, 1)
            if skip_locked:
                query = query.with_for_update(of=Ticket, skip_locked=True)
            row = session.execute(query).first()
            if row is None:
                break
            if _claim(session, row.id, counter, now, TicketStatus.WAITING.value):
                return QueueEntry(*row)
    return None


def waiting_list(session: Session, config: Config, counter_name: str, now: datetime, limit: int = 50) -> list[TicketView]:
    counter = _counter(session, config, counter_name, lock=False)
    ordered = waiting_entries(session, config, counter, now, limit)
    tickets = {t.id: t for t in session.scalars(select(Ticket).where(Ticket.id.in_([e.id for e in ordered])))}
    return [ticket_view(session, config, tickets[e.id], now) for e in ordered]


def _log(session: Session, ticket: Ticket | None, counter: Counter, kind: str, now: datetime, detail: str = "") -> None:
    session.add(QueueEvent(ticket_id=ticket.id if ticket else None, counter_name=counter.name, kind=kind, detail=detail, at=now))


def _announce(session: Session, ticket: Ticket, counter: Counter, kind: CallKind, now: datetime) -> None:
    session.add(CallEvent(ticket_id=ticket.id, counter_id=counter.id, number=ticket.number, counter_name=counter.name, kind=kind.value, at=now))


def _finish_current(session: Session, counter: Counter, now: datetime) -> Ticket | None:
    current = _current(session, counter)
    if current is not None:
        current.status = TicketStatus.DONE.value
        current.finished_at = now
        _log(session, current, counter, "done", now, "auto: call next")
    return current


def _claim(session: Session, ticket_id: int, counter: Counter, now: datetime, from_status: str) -> bool:
    result = session.execute(
        update(Ticket)
        .where(Ticket.id == ticket_id, Ticket.status == from_status)
        .values(status=TicketStatus.CALLED.value, counter_id=counter.id, called_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def call_next(session: Session, config: Config, counter_name: str, now: datetime) -> CallResult:
    counter = _counter(session, config, counter_name)
    if counter.paused:
        raise CounterError("Loket sedang istirahat; lanjutkan dulu / Counter is paused; resume first")
    finished = _finish_current(session, counter, now)
    entry = _claim_head(session, config, counter, now)
    if entry is not None:
        counter.regular_streak = next_streak(counter.regular_streak, entry)
        ticket = session.get(Ticket, entry.id)
        session.refresh(ticket)
        _announce(session, ticket, counter, CallKind.CALL, now)
        session.flush()
        return _result(session, config, counter, ticket, CallKind.CALL, now, finished)
    session.flush()
    done = ticket_view(session, config, finished, now) if finished else None
    return CallResult(counter=counter.name, ticket=None, finished=done, message="Antrean kosong / The queue is empty")


def call_specific(session: Session, config: Config, counter_name: str, number: str, now: datetime) -> CallResult:
    """Out of order, audited: a waiting ticket, or a no-show who came back."""
    counter = _counter(session, config, counter_name)
    if counter.paused:
        raise CounterError("Loket sedang istirahat; lanjutkan dulu / Counter is paused; resume first")
    ticket = find_ticket(session, office_day(config, now), number)
    if ticket is None:
        raise CounterError(f"Nomor {number} tidak ada hari ini / No ticket {number} today")
    if ticket.service_prefix not in counter.services:
        raise CounterError(f"{ticket.number} bukan layanan loket ini / is not served at this counter")
    if ticket.status not in (TicketStatus.WAITING.value, TicketStatus.NO_SHOW.value):
        raise CounterError(f"{ticket.number} berstatus {ticket.status} / has status {ticket.status}")
    finished = _finish_current(session, counter, now)
    if not _claim(session, ticket.id, counter, now, ticket.status):
        raise CounterError(f"{ticket.number} baru saja dipanggil loket lain / was just called elsewhere")
    session.refresh(ticket)
    ticket.finished_at = None  # a no-show who came back is being served again
    _announce(session, ticket, counter, CallKind.CALL_SPECIFIC, now)
    _log(session, ticket, counter, "call_specific", now, "out of order")
    session.flush()
    return _result(session, config, counter, ticket, CallKind.CALL_SPECIFIC, now, finished)


def recall(session: Session, config: Config, counter_name: str, now: datetime) -> CallResult:
    counter = _counter(session, config, counter_name)
    ticket = _require_current(session, counter)
    _announce(session, ticket, counter, CallKind.RECALL, now)
    session.flush()
    return _result(session, config, counter, ticket, CallKind.RECALL, now, None)


def _require_current(session: Session, counter: Counter) -> Ticket:
    ticket = _current(session, counter)
    if ticket is None:
        raise CounterError("Belum ada nomor yang dipanggil / No ticket is being served")
    return ticket


def _close(session: Session, config: Config, counter_name: str, now: datetime, status: TicketStatus) -> CallResult:
    counter = _counter(session, config, counter_name)
    ticket = _require_current(session, counter)
    ticket.status = status.value
    ticket.finished_at = now
    _log(session, ticket, counter, status.value, now)
    session.flush()
    return CallResult(counter=counter.name, ticket=None, finished=ticket_view(session, config, ticket, now))


def done(session: Session, config: Config, counter_name: str, now: datetime) -> CallResult:
    return _close(session, config, counter_name, now, TicketStatus.DONE)


def no_show(session: Session, config: Config, counter_name: str, now: datetime) -> CallResult:
    return _close(session, config, counter_name, now, TicketStatus.NO_SHOW)


def transfer(session: Session, config: Config, counter_name: str, to_prefix: str, now: datetime) -> CallResult:
    """To the next stage's service, keeping the number; it queues there by the time of transfer."""
    counter = _counter(session, config, counter_name)
    try:
        target = config.service(to_prefix.strip().upper())
    except KeyError:
        known = ", ".join(s.prefix for s in config.services)
        raise CounterError(f"Layanan {to_prefix!r} tidak ada / unknown service; ada / known: {known}") from None
    ticket = _require_current(session, counter)
    ticket.transferred_from = ticket.service_prefix
    ticket.service_prefix = target.prefix
    ticket.status = TicketStatus.WAITING.value
    ticket.counter_id = None
    ticket.called_at = None
    ticket.sort_at = now
    _log(session, ticket, counter, "transfer", now, f"{ticket.transferred_from}->{target.prefix}")
    session.flush()
    return CallResult(counter=counter.name, ticket=None, finished=ticket_view(session, config, ticket, now))


def set_paused(session: Session, config: Config, counter_name: str, paused: bool, now: datetime) -> CounterView:
    counter = _counter(session, config, counter_name)
    counter.paused = paused
    _log(session, None, counter, "pause" if paused else "resume", now)
    session.flush()
    return counter_view(session, counter)


def save_checklist(
    session: Session, config: Config, counter_name: str, ticks: dict[str, bool], now: datetime,
    ticket_number: str | None = None,
) -> TicketView:
    """Ticks for the ticket being served; with `ticket_number`, refused if the counter has moved on meanwhile."""
    counter = _counter(session, config, counter_name)
    ticket = _require_current(session, counter)
    if ticket_number is not None and ticket.number != ticket_number:
        raise CounterError(f"{ticket_number} sudah tidak dilayani; centang tidak disimpan / "
                           f"{ticket_number} is no longer being served; ticks not saved")
    ticket.checklist = json.dumps(ticks, ensure_ascii=False, sort_keys=True)
    session.flush()
    return ticket_view(session, config, ticket, now)


def current_ticket(session: Session, config: Config, counter_name: str, now: datetime) -> TicketView | None:
    counter = _counter(session, config, counter_name, lock=False)
    ticket = _current(session, counter)
    return ticket_view(session, config, ticket, now) if ticket else None


def counter_state(session: Session, config: Config, counter_name: str) -> CounterView:
    """Whether the counter is paused and which ticket it serves, for its window."""
    return counter_view(session, _counter(session, config, counter_name, lock=False))


def counter_view(session: Session, counter: Counter) -> CounterView:
    current = _current(session, counter)
    return CounterView(counter.name, tuple(counter.services), counter.paused, current.number if current else None)


def _result(
    session: Session, config: Config, counter: Counter, ticket: Ticket, kind: CallKind, now: datetime, finished: Ticket | None
) -> CallResult:
    return CallResult(
        counter=counter.name,
        ticket=ticket_view(session, config, ticket, now),
        kind=kind.value,
        finished=ticket_view(session, config, finished, now) if finished else None,
    )
