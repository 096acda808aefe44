"""What a counter officer does: call next, recall, no-show, done, transfer, call a number, pause.

Call next claims the head of the policy's order so that two counters pressing at once never get the same ticket,
no ticket is lost and the counter's previous ticket is finished in the same transaction:
- PostgreSQL (several PCs, the latency counts): one statement. It locks the counter's row, finishes its current
  ticket, claims the head with `FOR NO KEY UPDATE SKIP LOCKED` (counters pressing at once take different tickets
  without waiting on each other), advances the counter's priority streak, writes the call_event and queue_event
  rows and returns everything the two `TicketView`s need: BEGIN, that statement, COMMIT (3 round trips).
- SQLite (one PC, writers serialised by BEGIN IMMEDIATE): step by step through the ORM, the claim a
  compare-and-set `UPDATE ticket SET status='called' WHERE id=:head AND status='waiting'`.

Every other action at a counter writes the counter's row as it locks it (`_counter`), so a call-next statement
whose snapshot predates another window's action at the same loket sees a newer row version and runs again.
"""

from __future__ import annotations

import functools
import json
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Row,
    Select,
    String,
    and_,
    any_,
    bindparam,
    case,
    cast,
    exists,
    func,
    insert,
    literal,
    literal_column,
    null,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import (
    Applicant,
    Booking,
    CallEvent,
    Counter,
    Officer,
    PrintJob,
    QueueEvent,
    Ticket,
    UtcDateTime,
)
from shared.domain import (
    CallKind,
    CallResult,
    CounterView,
    PrintStatus,
    QueueEventKind,
    TicketStatus,
    TicketView,
)
from shared.text import Text

from .queue_policy import (
    QueueEntry,
    next_streak,
    next_streak_sql,
    order_for_counter,
    prefer_priority,
    prefer_priority_sql,
)
from .staff import Action, Actor, Authority, StaffRole, require_actor, require_authority
from .tickets import find_ticket, office_day, ticket_view, view_of


class CounterError(ValueError):
    """An action that cannot be done; `text` is for the counter officer (str() is its one-line form)."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text.line())


QUEUE_EMPTY = Text("Antrean kosong", "The queue is empty")
PAUSED = Text("Loket sedang istirahat; lanjutkan dulu", "Counter is paused; resume first")
AUTO_DONE = "auto: call next"


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


def _config_name(config: Config, name: str) -> str:
    try:
        return config.counter(name).name
    except KeyError:
        names = ", ".join(c.name for c in config.counters)
        raise CounterError(Text(f"Loket {name!r} tidak ada; ada: {names}", f"Unknown counter {name!r}; known: {names}")) from None


def _counter(session: Session, config: Config, name: str, lock: bool = True) -> Counter:
    """The counter's row. `lock`: locked for the transaction (two windows on one loket take turns) by writing it
    (its own streak again): a call-next statement that started before then sees a newer row version."""
    wanted = _config_name(config, name)
    if lock:
        query = (update(Counter).where(Counter.name == wanted).values(regular_streak=Counter.regular_streak)
                 .returning(Counter).execution_options(populate_existing=True))
    else:
        query = select(Counter).where(Counter.name == wanted)
    row = session.scalar(query)
    if row is None:
        ensure_counters(session, config)
        row = session.scalar(query)
    assert row is not None
    return row


def _current(session: Session, counter: Counter) -> Ticket | None:
    return session.scalar(
        select(Ticket).where(Ticket.counter_id == counter.id, Ticket.status == TicketStatus.CALLED).limit(1)
    )


def _waiting_query(config: Config, counter: Counter, now: datetime, is_priority: bool, limit: int):
    return (
        select(Ticket.id, Ticket.number, Ticket.service_prefix, Ticket.is_priority, Ticket.sort_at)
        .where(
            Ticket.day == office_day(config, now),
            Ticket.status == TicketStatus.WAITING,
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
    """Claim the policy's head, step by step (SQLite: writers are serialised by BEGIN IMMEDIATE)."""
    first = prefer_priority(counter.regular_streak, config.queue.priority_every)
    for is_priority in (first, not first):
        for _attempt in range(5):
            row = session.execute(_waiting_query(config, counter, now, is_priority, 1)).first()
            if row is None:
                break
            if _claim(session, row.id, counter, now, TicketStatus.WAITING):
                return QueueEntry(*row)
    return None


def waiting_list(session: Session, config: Config, counter_name: str, now: datetime, limit: int = 50) -> list[TicketView]:
    counter = _counter(session, config, counter_name, lock=False)
    ordered = waiting_entries(session, config, counter, now, limit)
    tickets = {t.id: t for t in session.scalars(select(Ticket).where(Ticket.id.in_([e.id for e in ordered])))}
    return [ticket_view(session, config, tickets[e.id], now) for e in ordered]


def _log(session: Session, ticket: Ticket | None, counter_name: str, kind: QueueEventKind, now: datetime,
         detail: str = "", officer_id: int | None = None, supervisor_id: int | None = None) -> None:
    session.add(QueueEvent(ticket_id=ticket.id if ticket else None, counter_name=counter_name, kind=kind,
                           detail=detail, at=now, officer_id=officer_id, supervisor_id=supervisor_id))


def _announce(session: Session, ticket: Ticket, counter: Counter, kind: CallKind, now: datetime,
              officer_id: int | None = None, supervisor_id: int | None = None) -> None:
    session.add(CallEvent(ticket_id=ticket.id, counter_id=counter.id, number=ticket.number, counter_name=counter.name,
                          kind=kind, at=now, officer_id=officer_id, supervisor_id=supervisor_id))


def _finish_current(session: Session, counter: Counter, now: datetime, officer_id: int | None = None) -> Ticket | None:
    current = _current(session, counter)
    if current is not None:
        current.status = TicketStatus.DONE
        current.finished_at = now
        _log(session, current, counter.name, QueueEventKind.DONE, now, AUTO_DONE, officer_id)
    return current


def _claim(session: Session, ticket_id: int, counter: Counter, now: datetime, from_status: str) -> bool:
    result = session.execute(
        update(Ticket)
        .where(Ticket.id == ticket_id, Ticket.status == from_status)
        .values(status=TicketStatus.CALLED, counter_id=counter.id, called_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def call_next(
    session: Session, config: Config, counter_name: str, now: datetime, *, actor: Actor | None = None
) -> CallResult:
    if session.get_bind().dialect.name == "postgresql":
        return _call_next_in_one_statement(session, config, counter_name, now, actor)
    return _call_next_in_steps(session, config, counter_name, now, require_actor(session, actor, StaffRole.COUNTER))


def _call_next_in_steps(
    session: Session, config: Config, counter_name: str, now: datetime, officer_id: int | None
) -> CallResult:
    counter = _counter(session, config, counter_name)
    if counter.paused:
        raise CounterError(PAUSED)
    finished = _finish_current(session, counter, now, officer_id)
    entry = _claim_head(session, config, counter, now)
    if entry is not None:
        counter.regular_streak = next_streak(counter.regular_streak, entry)
        ticket = session.get(Ticket, entry.id)
        session.refresh(ticket)
        _announce(session, ticket, counter, CallKind.CALL, now, officer_id)
        session.flush()
        return _result(session, config, counter, ticket, CallKind.CALL, now, finished)
    session.flush()
    done = ticket_view(session, config, finished, now) if finished else None
    return CallResult(counter=counter.name, ticket=None, finished=done, message=QUEUE_EMPTY)


def _call_next_in_one_statement(
    session: Session, config: Config, counter_name: str, now: datetime, actor: Actor | None
) -> CallResult:
    """PostgreSQL: `_call_next_statement` once, or twice when another window of this loket acted after the
    statement's snapshot was taken (it then holds the counter, so the second run sees what that window did).
    The acting officer is checked inside the statement (no extra round trip); when refused, nothing was done
    and `require_actor` says why."""
    params = {"wanted_counter": _config_name(config, counter_name), "office_day": office_day(config, now),
              "pressed_at": now, "priority_every": config.queue.priority_every,
              "acting_officer": actor.officer_id if actor else None}
    for _attempt in range(3):
        row = session.execute(_call_next_statement(), params).one_or_none()
        if row is None:  # the counter has no row yet (config.toml gained it since the last start)
            ensure_counters(session, config)
        elif not row.allowed:
            require_actor(session, actor, StaffRole.COUNTER)  # raises StaffError with the reason
            raise AssertionError("call next: officer refused by the statement but not by require_actor")
        elif row.paused:
            raise CounterError(PAUSED)
        elif row.fresh:
            break
    else:
        raise AssertionError(f"call next: no usable row for counter {params['wanted_counter']!r} after 3 runs")
    session.expire_all()  # the ORM objects this session may hold are older than the statement's writes
    called = _view_of(config, row, "call_", row.name, now)
    finished = _view_of(config, row, "done_", row.name, now)
    if called is None:
        return CallResult(counter=row.name, ticket=None, finished=finished, message=QUEUE_EMPTY)
    return CallResult(counter=row.name, ticket=called, kind=CallKind.CALL, finished=finished)


_RETURNED = ("id", "number", "day", "service_prefix", "status", "is_priority", "issued_at", "called_at",
             "walk_in_kind", "checklist", "applicant_id", "booking_id")


@functools.cache
def _call_next_statement() -> Select:
    """Call next as one PostgreSQL statement (READ COMMITTED; parameters `wanted_counter`, `office_day`,
    `pressed_at`, `priority_every`, `acting_officer`: no column's name, or SQLAlchemy would take them for the values of the
    UPDATEs and INSERTs inside). Its parts, as CTEs:

    - `locked`: the counter's row, `FOR NO KEY UPDATE` (the lock its UPDATE takes): the newest version, after
      waiting for another window of this loket.
    - `go`: that row if not paused and if it is the version this statement's snapshot sees. If another window
      acted after the snapshot was taken (every action at a counter writes its row), the rest of the statement
      could miss that window's ticket: nothing is done, `fresh` is false and the caller runs the statement again.
    - `finished`: the counter's current ticket -> done.
    - `preferred_head`, `other_head`: the policy's head (`prefer_priority_sql` picks the kind tried first; the
      other kind only if none of the first waits), earliest `sort_at` then id, of the services the counter
      serves, `FOR NO KEY UPDATE SKIP LOCKED`: a ticket another counter is claiming right now is passed over, one
      it claimed after the snapshot fails `status = 'waiting'` when re-checked. (Not `FOR UPDATE`: that would
      also pass over a ticket whose print_job is being inserted, whose foreign key holds a KEY SHARE lock.)
    - `called`: that ticket -> called at this counter; `counter_row`: the streak (`next_streak_sql`) written back.
    - `call_row`, `done_row`: the call_event and queue_event rows.
    The select returns the counter's name, `paused`, `fresh` and both tickets with applicant, booking and print.
    """
    counter, ticket = Counter.__table__, Ticket.__table__
    name = bindparam("wanted_counter", type_=String())
    day = bindparam("office_day", type_=Date())
    now = bindparam("pressed_at", type_=UtcDateTime())
    every = bindparam("priority_every", type_=Integer())
    officer = bindparam("acting_officer", type_=Integer())

    locked = (select(counter.c.id, counter.c.name, counter.c.services, counter.c.paused, counter.c.regular_streak,
                     literal_column("counter.xmin").label("version"))
              .where(counter.c.name == name).with_for_update(key_share=True).cte("locked"))
    seen = select(literal_column("counter.xmin")).where(counter.c.name == name).scalar_subquery()
    # the acting officer, as require_actor: active with the counter role; none only while no officer exists
    allowed = case(
        (officer.is_(None), ~exists(select(Officer.id))),
        else_=exists(select(Officer.id).where(
            Officer.id == officer, Officer.active,
            (literal(",") + Officer.roles + literal(",")).contains(f",{StaffRole.COUNTER.value},"))),
    )
    go = select(locked).where(~locked.c.paused, locked.c.version == seen, allowed).cte("go")
    go_id = select(go.c.id).scalar_subquery()

    current = ticket.alias("current")
    current_id = (select(current.c.id).where(current.c.counter_id == go_id, current.c.status == TicketStatus.CALLED)
                  .order_by(current.c.id).limit(1).scalar_subquery())
    finished = (update(ticket)
                .where(ticket.c.id == current_id, ticket.c.counter_id == go_id, ticket.c.status == TicketStatus.CALLED)
                .values(status=TicketStatus.DONE, finished_at=now)
                .returning(*(ticket.c[c] for c in _RETURNED)).cte("finished"))

    # the services' letters as an array ("PAB" -> {P,A,B}); the cast makes it one value for `= ANY (...)`
    services = cast(select(func.string_to_array(go.c.services, null())).scalar_subquery(), ARRAY(String()))
    prefer = select(prefer_priority_sql(go.c.regular_streak, every)).scalar_subquery()

    def head(kind: Any, label: str) -> Any:
        return (select(ticket.c.id)
                .where(ticket.c.day == day, ticket.c.status == TicketStatus.WAITING,
                       ticket.c.service_prefix == any_(services), kind)
                .order_by(ticket.c.sort_at, ticket.c.id).limit(1)
                .with_for_update(skip_locked=True, key_share=True).cte(label))

    preferred = head(ticket.c.is_priority == prefer, "preferred_head")
    other = head(and_(ticket.c.is_priority != prefer, ~exists(select(preferred.c.id))), "other_head")
    called = (update(ticket)
              .where(ticket.c.id.in_(select(preferred.c.id).union_all(select(other.c.id))))
              .values(status=TicketStatus.CALLED, counter_id=go_id, called_at=now)
              .returning(*(ticket.c[c] for c in _RETURNED)).cte("called"))

    streak = select(next_streak_sql(counter.c.regular_streak, called.c.is_priority)).scalar_subquery()
    counter_row = (update(counter).where(counter.c.id == go_id)
                   .values(regular_streak=func.coalesce(streak, counter.c.regular_streak)).cte("counter_row"))
    call_row = insert(CallEvent.__table__).from_select(
        ["ticket_id", "counter_id", "number", "counter_name", "kind", "at", "officer_id"],
        select(called.c.id, go.c.id, called.c.number, go.c.name, literal(CallKind.CALL.value, String()), now, officer)
        .select_from(called.join(go, true())),
    ).cte("call_row")
    done_row = insert(QueueEvent.__table__).from_select(
        ["ticket_id", "counter_name", "kind", "detail", "at", "officer_id"],
        select(finished.c.id, go.c.name, literal(QueueEventKind.DONE.value, String()), literal(AUTO_DONE, String()),
               now, officer)
        .select_from(finished.join(go, true())),
    ).cte("done_row")

    columns, joined = [], locked
    for t, prefix in ((called, "call_"), (finished, "done_")):
        applicant = Applicant.__table__.alias(f"{prefix}applicant")
        booking = Booking.__table__.alias(f"{prefix}booking")
        printed = (select(PrintJob.status).where(PrintJob.ticket_id == t.c.id)
                   .order_by(PrintJob.id.desc()).limit(1).scalar_subquery())
        columns += [t.c[c].label(prefix + c) for c in _RETURNED]
        columns += [applicant.c[c].label(f"{prefix}applicant_{c}")
                    for c in ("name", "nik", "application_type", "replacement_reason", "priority")]
        columns += [booking.c.code.label(f"{prefix}booking_code"), printed.label(f"{prefix}print_status")]
        joined = (joined.outerjoin(t, true()).outerjoin(applicant, applicant.c.id == t.c.applicant_id)
                  .outerjoin(booking, booking.c.id == t.c.booking_id))
    return (select(locked.c.name, locked.c.paused, (locked.c.version == seen).label("fresh"),
                   allowed.label("allowed"), *columns)
            .select_from(joined).add_cte(counter_row, call_row, done_row))


def _view_of(config: Config, row: Row, prefix: str, counter_name: str, now: datetime) -> TicketView | None:
    """A called or finished ticket's view from the statement's row, without reading it again."""
    value = row._mapping
    if value[prefix + "id"] is None:
        return None
    ticket = Ticket(**{c: value[prefix + c] for c in ("id", "number", "day", "service_prefix", "status", "issued_at",
                                                       "called_at", "walk_in_kind", "checklist")})
    applicant = None
    if value[prefix + "applicant_id"] is not None:
        applicant = Applicant(**{c: value[f"{prefix}applicant_{c}"] for c in (
            "name", "nik", "application_type", "replacement_reason", "priority")})
    return view_of(config, ticket, applicant, value[prefix + "booking_code"], counter_name=counter_name,
                   printed=value[prefix + "print_status"] == PrintStatus.PRINTED, wait=None, now=now)


def call_specific(
    session: Session, config: Config, counter_name: str, number: str, now: datetime, *,
    actor: Actor | None = None, authority: Authority | None = None,
) -> CallResult:
    """Out of order, audited, with a supervisor's authority: a waiting ticket, or a no-show who came back."""
    officer_id = require_actor(session, actor, StaffRole.COUNTER)
    counter = _counter(session, config, counter_name)
    if counter.paused:
        raise CounterError(PAUSED)
    ticket = _today(session, config, number, now)
    allowed = require_authority(session, config, authority, Action.CALL_OUT_OF_ORDER, now, ticket.number, officer_id)
    supervisor_id = allowed.supervisor_id if allowed else None
    if ticket.service_prefix not in counter.services:
        raise CounterError(Text(f"{ticket.number} bukan layanan loket ini", f"{ticket.number} is not served at this counter"))
    if ticket.status not in (TicketStatus.WAITING, TicketStatus.NO_SHOW):
        raise CounterError(_status_text(ticket))
    finished = _finish_current(session, counter, now, officer_id)
    if not _claim(session, ticket.id, counter, now, ticket.status):
        raise CounterError(Text(f"{ticket.number} baru saja dipanggil loket lain", f"{ticket.number} was just called elsewhere"))
    session.refresh(ticket)
    ticket.finished_at = None  # a no-show who came back is being served again
    _announce(session, ticket, counter, CallKind.CALL_SPECIFIC, now, officer_id, supervisor_id)
    _log(session, ticket, counter.name, QueueEventKind.CALL_SPECIFIC, now, _reason("out of order", allowed),
         officer_id, supervisor_id)
    session.flush()
    return _result(session, config, counter, ticket, CallKind.CALL_SPECIFIC, now, finished)


def _today(session: Session, config: Config, number: str, now: datetime) -> Ticket:
    ticket = find_ticket(session, office_day(config, now), number)
    if ticket is None:
        raise CounterError(Text(f"Nomor {number} tidak ada hari ini", f"No ticket {number} today"))
    return ticket


def _status_text(ticket: Ticket) -> Text:
    return Text(f"{ticket.number} berstatus {ticket.status}", f"{ticket.number} has status {ticket.status}")


def _counter_name(session: Session, ticket: Ticket) -> str:
    counter = session.get(Counter, ticket.counter_id) if ticket.counter_id else None
    return counter.name if counter else ""


def _reason(detail: str, authority: Authority | None) -> str:
    return f"{detail}: {authority.reason}" if authority else detail


def void_ticket(
    session: Session, config: Config, number: str, now: datetime, *, reason: str = "",
    actor: Actor | None = None, authority: Authority | None = None,
) -> TicketView:
    """A ticket issued in error (a wrong service, a duplicate): voided, kept, never called; a supervisor's call."""
    officer_id = require_actor(session, actor)
    ticket = _today(session, config, number, now)
    allowed = require_authority(session, config, authority, Action.VOID, now, ticket.number, officer_id)
    why = (allowed.reason if allowed else " ".join(reason.split()))[:500]
    if len(why) < 3:
        raise CounterError(Text("Tulis alasan pembatalan", "Give the reason for voiding"))
    if ticket.status not in (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.NO_SHOW):
        raise CounterError(_status_text(ticket))
    counter_name = _counter_name(session, ticket)
    ticket.status, ticket.finished_at = TicketStatus.VOIDED, now
    _log(session, ticket, counter_name, QueueEventKind.VOID, now, why, officer_id,
         allowed.supervisor_id if allowed else None)
    session.flush()
    return ticket_view(session, config, ticket, now)


def reopen_no_show(
    session: Session, config: Config, number: str, now: datetime, *,
    actor: Actor | None = None, authority: Authority | None = None,
) -> TicketView:
    """A no-show who came back waits again in its old place (its appointment order); a supervisor's call."""
    officer_id = require_actor(session, actor)
    ticket = _today(session, config, number, now)
    allowed = require_authority(session, config, authority, Action.REOPEN_NO_SHOW, now, ticket.number, officer_id)
    if ticket.status != TicketStatus.NO_SHOW:
        raise CounterError(_status_text(ticket))
    counter_name = _counter_name(session, ticket)
    ticket.status, ticket.finished_at, ticket.counter_id, ticket.called_at = TicketStatus.WAITING, None, None, None
    _log(session, ticket, counter_name, QueueEventKind.REOPEN, now, _reason("reopened", allowed), officer_id,
         allowed.supervisor_id if allowed else None)
    session.flush()
    return ticket_view(session, config, ticket, now)


def recall(
    session: Session, config: Config, counter_name: str, now: datetime, *, actor: Actor | None = None
) -> CallResult:
    officer_id = require_actor(session, actor, StaffRole.COUNTER)
    counter = _counter(session, config, counter_name)
    ticket = _require_current(session, counter)
    _announce(session, ticket, counter, CallKind.RECALL, now, officer_id)
    session.flush()
    return _result(session, config, counter, ticket, CallKind.RECALL, now, None)


def _require_current(session: Session, counter: Counter) -> Ticket:
    ticket = _current(session, counter)
    if ticket is None:
        raise CounterError(Text("Belum ada nomor yang dipanggil", "No ticket is being served"))
    return ticket


def _close(
    session: Session, config: Config, counter_name: str, now: datetime, status: TicketStatus, actor: Actor | None
) -> CallResult:
    officer_id = require_actor(session, actor, StaffRole.COUNTER)
    counter = _counter(session, config, counter_name)
    ticket = _require_current(session, counter)
    ticket.status = status.value
    ticket.finished_at = now
    _log(session, ticket, counter.name, QueueEventKind(status), now, officer_id=officer_id)
    session.flush()
    return CallResult(counter=counter.name, ticket=None, finished=ticket_view(session, config, ticket, now))


def done(session: Session, config: Config, counter_name: str, now: datetime, *, actor: Actor | None = None) -> CallResult:
    return _close(session, config, counter_name, now, TicketStatus.DONE, actor)


def no_show(
    session: Session, config: Config, counter_name: str, now: datetime, *, actor: Actor | None = None
) -> CallResult:
    return _close(session, config, counter_name, now, TicketStatus.NO_SHOW, actor)


def transfer(
    session: Session, config: Config, counter_name: str, to_prefix: str, now: datetime, *, actor: Actor | None = None
) -> CallResult:
    """To the next stage's service, keeping the number; it queues there by the time of transfer."""
    officer_id = require_actor(session, actor, StaffRole.COUNTER)
    counter = _counter(session, config, counter_name)
    try:
        target = config.service(to_prefix.strip().upper())
    except KeyError:
        known = ", ".join(s.prefix for s in config.services)
        raise CounterError(Text(f"Layanan {to_prefix!r} tidak ada; ada: {known}", f"Unknown service {to_prefix!r}; known: {known}")) from None
    ticket = _require_current(session, counter)
    ticket.transferred_from = ticket.service_prefix
    ticket.service_prefix = target.prefix
    ticket.status = TicketStatus.WAITING
    ticket.counter_id = None
    ticket.called_at = None
    ticket.sort_at = now
    _log(session, ticket, counter.name, QueueEventKind.TRANSFER, now, f"{ticket.transferred_from}->{target.prefix}",
         officer_id)
    session.flush()
    return CallResult(counter=counter.name, ticket=None, finished=ticket_view(session, config, ticket, now))


def set_paused(
    session: Session, config: Config, counter_name: str, paused: bool, now: datetime, *, actor: Actor | None = None
) -> CounterView:
    officer_id = require_actor(session, actor, StaffRole.COUNTER)
    counter = _counter(session, config, counter_name)
    counter.paused = paused
    _log(session, None, counter.name, QueueEventKind.PAUSE if paused else QueueEventKind.RESUME, now,
         officer_id=officer_id)
    session.flush()
    return counter_view(session, counter)


def save_checklist(
    session: Session, config: Config, counter_name: str, ticks: dict[str, bool], now: datetime,
    ticket_number: str | None = None, *, actor: Actor | None = None,
) -> TicketView:
    """Ticks for the ticket being served; with `ticket_number`, refused if the counter has moved on meanwhile."""
    require_actor(session, actor, StaffRole.COUNTER)
    counter = _counter(session, config, counter_name)
    ticket = _require_current(session, counter)
    if ticket_number is not None and ticket.number != ticket_number:
        raise CounterError(Text(f"{ticket_number} sudah tidak dilayani; centang tidak disimpan",
                                f"{ticket_number} is no longer being served; ticks not saved"))
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
        kind=kind,
        finished=ticket_view(session, config, finished, now) if finished else None,
    )
