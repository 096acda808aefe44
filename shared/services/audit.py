"""The audit trail of one office day: who admitted, called, served, printed, signed in and authorised what.

`audit_rows(session, config, day)` merges, in time order, the rows the app only ever appends: check-in events,
call events, queue events, print jobs and auth events. Each names the officer who acted and the supervisor
who authorised, if any (None when the action was unattributed: a fresh install without officers). One
statement per source plus one for the officers' names, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.models import AuthEvent, CallEvent, CheckinEvent, Officer, PrintJob, QueueEvent, Ticket
from shared.services.staff import AuthKind

SOURCES = ("checkin", "call", "queue", "print", "auth")


@dataclass(frozen=True)
class AuditRow:
    at: datetime  # office time
    kind: (
        str  # "<source>:<what>", e.g. checkin:VALID, call:recall, queue:no_show, print:printed, auth:sign_in
    )
    officer_nip: (
        str | None
    )  # who acted (as typed, for a sign-in attempt with an unknown NIP); None: unattributed
    officer_name: str | None
    supervisor_nip: str | None  # who authorised it, if anyone did
    supervisor_name: str | None
    station: str  # the gate, the counter, the printer or the PC
    ticket: str  # the ticket number, or the booking code of a check-in
    reason: str | None  # a supervisor's reason
    detail: str


People = dict[int, tuple[str, str]]  # officer id -> (NIP, name)


@dataclass(frozen=True)
class _Scope:
    start: datetime
    end: datetime
    people: People
    officer_ids: frozenset[int] | None  # only rows naming these officers (--officer), None: everyone
    officer_nip: str | None


def audit_rows(
    session: Session, config: Config, day: date, officer_nip: str | None = None, kind: str | None = None
) -> list[AuditRow]:
    """The day's audit rows in time order; `officer_nip` keeps the rows naming that officer (acting or
    authorising), `kind` the rows of that kind ("queue:no_show") or source ("queue")."""
    tz = config.office.tz
    start = datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)
    people: People = {
        i: (nip, name) for i, nip, name in session.execute(select(Officer.id, Officer.nip, Officer.name))
    }
    ids = None if not officer_nip else frozenset(i for i, (nip, _) in people.items() if nip == officer_nip)
    scope = _Scope(start, start + timedelta(days=1), people, ids, officer_nip)
    rows: list[tuple[datetime, int, Any, AuditRow]] = []
    for rank, (source, read) in enumerate(_READERS.items()):
        if kind and not (kind == source or kind.startswith(source + ":")):
            continue
        rows += [(r.at, rank, key, r) for key, r in read(session, scope)]
    wanted = [r for _, _, _, r in sorted(rows, key=lambda item: item[:3])]
    if kind and kind not in SOURCES:
        wanted = [r for r in wanted if r.kind == kind]
    return [_in_office_time(r, tz) for r in wanted]


def _in_office_time(row: AuditRow, tz: Any) -> AuditRow:
    return replace(row, at=row.at.astimezone(tz))


def _named(scope: _Scope, officer_id: int | None) -> tuple[str | None, str | None]:
    return scope.people.get(officer_id, (None, None)) if officer_id is not None else (None, None)


def _attributed(model: Any, scope: _Scope) -> list[ColumnElement[bool]]:
    """The WHERE of one source: the day, and with --officer the rows naming that officer."""
    at = model.created_at if model is PrintJob else model.at
    where = [at >= scope.start, at < scope.end]
    if scope.officer_ids is not None:
        where.append(or_(model.officer_id.in_(scope.officer_ids), model.supervisor_id.in_(scope.officer_ids)))
    return where


def _row(
    scope: _Scope,
    at: datetime,
    kind: str,
    officer_id: int | None,
    supervisor_id: int | None,
    station: str,
    ticket: str,
    reason: str | None,
    detail: str,
) -> AuditRow:
    return AuditRow(
        at,
        kind,
        *_named(scope, officer_id),
        *_named(scope, supervisor_id),
        station or "",
        ticket or "",
        reason,
        detail or "",
    )


def _checkins(session: Session, scope: _Scope) -> Iterable[tuple[Any, AuditRow]]:
    for e in session.scalars(select(CheckinEvent).where(*_attributed(CheckinEvent, scope))):
        detail = " ".join(filter(None, [f"tickets={e.tickets}" if e.tickets else "", e.detail]))
        yield (
            e.id,
            _row(
                scope,
                e.at,
                f"checkin:{e.result}",
                e.officer_id,
                e.supervisor_id,
                e.gate,
                e.code,
                e.override_reason,
                detail,
            ),
        )


def _calls(session: Session, scope: _Scope) -> Iterable[tuple[Any, AuditRow]]:
    for e in session.scalars(select(CallEvent).where(*_attributed(CallEvent, scope))):
        yield (
            e.id,
            _row(
                scope,
                e.at,
                f"call:{e.kind}",
                e.officer_id,
                e.supervisor_id,
                e.counter_name,
                e.number,
                None,
                "",
            ),
        )


def _queue_events(session: Session, scope: _Scope) -> Iterable[tuple[Any, AuditRow]]:
    stmt = (
        select(QueueEvent, Ticket.number)
        .outerjoin(Ticket, Ticket.id == QueueEvent.ticket_id)
        .where(*_attributed(QueueEvent, scope))
    )
    for e, number in session.execute(stmt):
        yield (
            e.id,
            _row(
                scope,
                e.at,
                f"queue:{e.kind}",
                e.officer_id,
                e.supervisor_id,
                e.counter_name,
                number or "",
                None,
                e.detail,
            ),
        )


def _print_jobs(session: Session, scope: _Scope) -> Iterable[tuple[Any, AuditRow]]:
    stmt = (
        select(PrintJob, Ticket.number)
        .join(Ticket, Ticket.id == PrintJob.ticket_id)
        .where(*_attributed(PrintJob, scope))
    )
    for job, number in session.execute(stmt):
        detail = " ".join(
            filter(None, [f"attempts={job.attempts}" if job.attempts > 1 else "", job.reason or ""])
        )
        yield (
            job.id,
            _row(
                scope,
                job.created_at,
                f"print:{job.status}",
                job.officer_id,
                job.supervisor_id,
                job.printer,
                number,
                None,
                detail,
            ),
        )


def _auth_events(session: Session, scope: _Scope) -> Iterable[tuple[Any, AuditRow]]:
    # a PIN_CHECK row is the lock-out's count of a try (staff.py), told by the row of its outcome
    where = [AuthEvent.at >= scope.start, AuthEvent.at < scope.end, AuthEvent.kind != AuthKind.PIN_CHECK]
    if (
        scope.officer_ids is not None
    ):  # also the attempts made with that NIP typed (unknown, or before it existed)
        where.append(
            or_(
                AuthEvent.officer_id.in_(scope.officer_ids),
                AuthEvent.supervisor_id.in_(scope.officer_ids),
                AuthEvent.nip == scope.officer_nip,
            )
        )
    for e in session.scalars(select(AuthEvent).where(*where)):
        row = _row(
            scope,
            e.at,
            f"auth:{e.kind}",
            e.officer_id,
            e.supervisor_id,
            e.station,
            "",
            e.reason,
            " ".join(
                filter(
                    None,
                    [f"role={e.role}" if e.role else "", f"action={e.action}" if e.action else "", e.detail],
                )
            ),
        )
        if e.officer_id is None and e.supervisor_id is None and e.nip:  # an attempt naming no known officer
            row = replace(row, officer_nip=e.nip)
        yield e.id, row


_READERS: dict[str, Callable[[Session, _Scope], Iterable[tuple[Any, AuditRow]]]] = {
    "checkin": _checkins,
    "call": _calls,
    "queue": _queue_events,
    "print": _print_jobs,
    "auth": _auth_events,
}
