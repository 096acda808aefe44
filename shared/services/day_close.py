"""Closing time: the steps the office runs at the end of a day (`antrian day close`), one after another.

Each step is reported on its own; a step that fails is reported and the next one still runs (a full backup disk
must not keep the personal data of last month, and a purge that failed must not cost tonight's backup).
Steps now: close the queue (the day's waiting tickets become `unserved`, the counters are paused, the day's
visits are stored for the reports and a `day_closed:` marker in `sync_state` fixes the day), the backup, then the
privacy purge. Keep `close_day` a plain list of steps in order. `close_if_due` is the automatic run for the roles:
yesterday, or today once the closing hour is well past.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.engine import Database
from shared.db.errors import DatabaseError
from shared.db.models import Counter, QueueEvent, SyncState, Ticket
from shared.domain import QueueEventKind, TicketStatus
from shared.text import Text

from .backup import BackupError, backup_database
from .day_marker import day_closed_at, marker_key, marker_of
from .privacy import purge_personal_data
from .reports import store_visits

# the hall's last call is `queue.closing_time`; the tickets still waiting then are often served after it
CLOSE_MARGIN = timedelta(hours=2)


@dataclass(frozen=True)
class QueueCloseReport:
    """The queue step: what closing the day changed (nothing when it was closed before)."""

    day: date
    closed_at: datetime  # when the day was closed (the first time)
    already_closed: bool
    unserved: int  # waiting tickets marked unserved
    counters_paused: int
    message: Text
    visits: int = 0  # visits stored for the reports (report_visit) by this close


@dataclass(frozen=True)
class DayCloseStep:
    name: str  # close_queue, backup, privacy_purge
    title: Text
    ok: bool
    message: Text
    seconds: float
    result: Any = None  # the step's own report (BackupReport, PurgeReport), None when it failed

    def line(self) -> str:
        return f"{'OK' if self.ok else 'GAGAL / FAILED'} {self.title.line()}: {self.message.line()}"


@dataclass(frozen=True)
class DayCloseReport:
    day: date
    steps: tuple[DayCloseStep, ...]
    ok: bool  # every step succeeded

    def lines(self) -> list[str]:
        head = Text(f"Tutup hari {self.day:%d-%m-%Y}", f"Day close {self.day:%Y-%m-%d}")
        return [head.line()] + [f"  {step.line()}" for step in self.steps]


def close_day(db: Database, config: Config, day: date, now: datetime) -> DayCloseReport:
    """The day's closing steps in order, each reported, none stopped by another's failure."""
    steps = (
        _step("close_queue", Text("Tutup antrian", "Close the queue"), lambda: db.run(close_queue, config, day, now)),
        _step("backup", Text("Cadangan", "Backup"), lambda: backup_database(db, config, now)),
        _step("privacy_purge", Text("Penyamaran data pribadi", "Personal data purge"),
              lambda: purge_personal_data(db, config, day)),
    )
    return DayCloseReport(day=day, steps=steps, ok=all(step.ok for step in steps))


def close_queue(session: Session, config: Config, day: date, now: datetime) -> QueueCloseReport:
    """Fix the day: its waiting tickets become `unserved` (kept), the counters are paused when the day closed is
    today, its visits are stored for the reports (`report_visit`, so later reports read the same numbers) and the
    `day_closed:` marker is written. A day closed before is left as it is (idempotent)."""
    closed = day_closed_at(session, day)
    if closed is not None:
        return _closed_before(session, config, day, closed)
    unserved = session.execute(
        update(Ticket).where(Ticket.day == day, Ticket.status == TicketStatus.WAITING)
        .values(status=TicketStatus.UNSERVED).execution_options(synchronize_session=False)
    ).rowcount or 0
    paused = 0
    if now.astimezone(config.office.tz).date() <= day:  # closing a past day later must not pause today's counters
        for counter in session.scalars(select(Counter).where(Counter.paused.is_(False)).order_by(Counter.id)):
            counter.paused = True
            session.add(QueueEvent(ticket_id=None, counter_name=counter.name, kind=QueueEventKind.PAUSE,
                                   detail="day close", at=now))
            paused += 1
    visits = store_visits(session, config, day)  # the day's figures, fixed: later reports read these
    statuses = dict(session.execute(select(Ticket.status, func.count(Ticket.id)).where(Ticket.day == day)
                                    .group_by(Ticket.status)).all())
    session.add(SyncState(key=marker_key(day), updated_at=now, value=json.dumps(
        {"closed_at": now.astimezone(UTC).isoformat(), "unserved": unserved, "counters_paused": paused,
         "tickets": {str(k): int(v) for k, v in sorted(statuses.items())}, "visits": visits})))
    session.flush()
    return QueueCloseReport(day, now, False, unserved, paused, Text(
        f"{unserved} tiket menunggu menjadi tidak terlayani, {paused} loket ditutup, {visits} kunjungan disimpan",
        f"{unserved} waiting tickets marked unserved, {paused} counters closed, {visits} visits stored"), visits)


def _closed_before(session: Session, config: Config, day: date, closed: datetime) -> QueueCloseReport:
    """A day closed before is left as it is; one closed before its visits were stored for the reports (before
    migration 0007) has them stored now, from the tickets as they are."""
    row = session.get(SyncState, marker_key(day))
    marker = marker_of(row) if row is not None else {}
    when = closed.astimezone(config.office.tz)
    if row is None or "visits" in marker:
        return QueueCloseReport(day, closed, True, 0, 0, Text(
            f"hari sudah ditutup {when:%d-%m-%Y %H:%M}; tidak ada yang diubah",
            f"the day was already closed {when:%Y-%m-%d %H:%M}; nothing changed"))
    visits = store_visits(session, config, day)
    row.value = json.dumps({**marker, "visits": visits})
    session.flush()
    return QueueCloseReport(day, closed, True, 0, 0, Text(
        f"hari sudah ditutup {when:%d-%m-%Y %H:%M}; {visits} kunjungan disimpan untuk laporan",
        f"the day was already closed {when:%Y-%m-%d %H:%M}; {visits} visits stored for the reports"), visits)


def close_if_due(db: Database, config: Config, now: datetime) -> DayCloseReport | None:
    """The automatic day close, for a role's periodic upkeep: closes yesterday if it is still open, else today once
    `queue.closing_time` + CLOSE_MARGIN has passed; None when nothing is due. One day per call."""
    local = now.astimezone(config.office.tz)
    due = [local.date() - timedelta(days=1)]
    if local.time() >= (datetime.combine(local.date(), config.queue.closes) + CLOSE_MARGIN).time() and (
            datetime.combine(local.date(), config.queue.closes) + CLOSE_MARGIN).date() == local.date():
        due.append(local.date())
    for day in due:
        if db.read(day_closed_at, day) is None:
            return close_day(db, config, day, now)
    return None


def _step(name: str, title: Text, run: Callable[[], Any]) -> DayCloseStep:
    started = time.perf_counter()
    try:
        result = run()
    except BackupError as exc:
        return _failed(name, title, exc.text, started)
    except DatabaseError as exc:
        return _failed(name, title, exc.text + f" ({exc.detail})", started)
    except Exception as exc:  # any other failure of one step is reported; the next step still runs
        first = (str(exc).splitlines() or [""])[0][:300]
        return _failed(name, title, Text(f"{type(exc).__name__}: {first}"), started)
    return DayCloseStep(name=name, title=title, ok=True, message=result.message,
                        seconds=round(time.perf_counter() - started, 3), result=result)


def _failed(name: str, title: Text, message: Text, started: float) -> DayCloseStep:
    return DayCloseStep(name=name, title=title, ok=False, message=message,
                        seconds=round(time.perf_counter() - started, 3))
