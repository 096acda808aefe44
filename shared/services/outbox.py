"""The check-in outbox: accepted gate decisions wait in `checkin_event` until the booking server has them.

Each event keeps its own id as the idempotency key, so a batch whose answer was lost is simply sent again:
the server recognises the ids and nothing is counted twice. A batch is claimed (a short lease on
`next_attempt_at`, SKIP LOCKED on PostgreSQL) in one short transaction, sent with no transaction open, and its
result written in another: two uploaders never hold the database while waiting on the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from shared import clock
from shared.booking.client import BookingClient, OutgoingCheckin, UploadResult
from shared.booking.errors import BookingServerError
from shared.config import Config
from shared.db.engine import Database
from shared.db.models import CheckinEvent
from shared.domain import UploadState

PENDING, ACCEPTED, REJECTED = UploadState.PENDING, UploadState.ACCEPTED, UploadState.REJECTED
BATCH_SIZE = 100
BACKOFF_START = timedelta(seconds=5)
BACKOFF_CAP = timedelta(minutes=5)
LEASE = timedelta(minutes=2)  # a claimed batch whose uploader died is sent again after this
NO_ANSWER = "server tidak menjawab untuk event ini / the server did not answer for this event"


@dataclass(frozen=True)
class OutboxReport:
    sent: int = 0
    accepted: int = 0
    rejected: int = 0
    failed: int = 0
    batches: int = 0
    error: str | None = None
    error_kind: str | None = None
    next_attempt_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def lines(self) -> list[str]:
        out = [
            f"Unggah check-in / Check-in upload: dikirim / sent {self.sent} ({self.batches} batch), "
            f"diterima / accepted {self.accepted}, ditolak / rejected {self.rejected}, gagal / failed {self.failed}"
        ]
        if self.error:
            retry = f"; coba lagi / retry at {self.next_attempt_at:%H:%M:%S} UTC" if self.next_attempt_at else ""
            out.append(f"  {self.error}{retry}")
        return out


@dataclass(frozen=True)
class RejectedCheckin:
    id: str
    code: str
    gate: str
    at: datetime
    tickets: str
    reason: str


@dataclass(frozen=True)
class OutboxSummary:
    pending: int
    due: int
    accepted: int
    oldest_pending_at: datetime | None
    last_error: str | None
    rejected: tuple[RejectedCheckin, ...]

    def lines(self, tz: tzinfo = UTC) -> list[str]:
        """What `antrian outbox` prints, Indonesian / English, times in office time."""
        oldest = f"{self.oldest_pending_at.astimezone(tz):%Y-%m-%d %H:%M}" if self.oldest_pending_at else "-"
        out = [
            f"Menunggu unggah / Waiting to upload: {self.pending} (siap / due {self.due}), "
            f"tertua / oldest {oldest}",
            f"Sudah diterima server / Accepted by the server: {self.accepted}",
            f"Ditolak server / Rejected by the server: {len(self.rejected)}",
        ]
        if self.last_error:
            out.append(f"Kesalahan terakhir / Last error: {self.last_error}")
        out += [
            f"  {r.code} {r.at.astimezone(tz):%H:%M} {r.gate} [{r.tickets}] {r.id}: {r.reason}" for r in self.rejected
        ]
        return out


def backoff_delay(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s ... capped at 5 minutes: a dead network is probed, not hammered."""
    return min(BACKOFF_CAP, BACKOFF_START * 2 ** max(0, attempts - 1))


def _due(now: datetime):  # noqa: ANN202 - an SQL expression
    return (CheckinEvent.upload_state == PENDING) & or_(
        CheckinEvent.next_attempt_at.is_(None), CheckinEvent.next_attempt_at <= now
    )


def pending_events(session: Session, limit: int = BATCH_SIZE, now: datetime | None = None) -> list[CheckinEvent]:
    """Pending events due for a try, oldest first."""
    query = select(CheckinEvent).where(_due(now or clock.now(UTC))).order_by(CheckinEvent.at, CheckinEvent.id)
    return list(session.scalars(query.limit(limit)))


def claim_batch(session: Session, now: datetime, limit: int = BATCH_SIZE, tz: tzinfo = UTC) -> list[OutgoingCheckin]:
    """Take up to `limit` due events for this uploader: leased until now + LEASE, returned as plain records."""
    query = select(CheckinEvent).where(_due(now)).order_by(CheckinEvent.at, CheckinEvent.id).limit(limit)
    rows = list(session.scalars(query.with_for_update(skip_locked=True)))
    for row in rows:
        row.next_attempt_at = now + LEASE
    return [
        OutgoingCheckin(
            id=row.id, booking_code=row.code, checked_in_at=row.at.astimezone(tz), gate=row.gate,
            tickets=tuple(t for t in row.tickets.split(",") if t),
        )
        for row in rows
    ]


def record_result(session: Session, ids: list[str], result: UploadResult, now: datetime) -> tuple[int, int, int]:
    """Accepted and rejected ids settle; ids the server did not mention stay pending. (accepted, rejected, failed)"""
    accepted = set(result.accepted) & set(ids)
    reasons = {i: r for i, r in result.rejected if i in ids and i not in accepted}
    rows = session.scalars(select(CheckinEvent).where(CheckinEvent.id.in_(ids), CheckinEvent.upload_state == PENDING))
    counts = [0, 0, 0]
    for row in rows:
        row.upload_attempts += 1
        if row.id in accepted:
            row.upload_state, row.uploaded_at, row.upload_reason, row.next_attempt_at = ACCEPTED, now, None, None
            counts[0] += 1
        elif row.id in reasons:
            row.upload_state, row.upload_reason, row.next_attempt_at = REJECTED, reasons[row.id] or "-", None
            counts[1] += 1
        else:
            row.upload_reason, row.next_attempt_at = NO_ANSWER, now + backoff_delay(row.upload_attempts)
            counts[2] += 1
    return counts[0], counts[1], counts[2]


def record_failure(session: Session, ids: list[str], reason: str, now: datetime) -> datetime | None:
    """The whole batch failed to reach the server: try again later, each after its own backoff."""
    rows = session.scalars(select(CheckinEvent).where(CheckinEvent.id.in_(ids), CheckinEvent.upload_state == PENDING))
    soonest = None
    for row in rows:
        row.upload_attempts += 1
        row.upload_reason = reason[:1000]
        row.next_attempt_at = now + backoff_delay(row.upload_attempts)
        soonest = row.next_attempt_at if soonest is None else min(soonest, row.next_attempt_at)
    return soonest


def upload_batch(
    db: Database,
    client: BookingClient,
    now: datetime | None = None,
    *,
    tz: tzinfo = UTC,
    batch_size: int = BATCH_SIZE,
    max_batches: int = 20,
) -> OutboxReport:
    """Send due events batch by batch until none is due, a batch fails, or `max_batches` were sent."""
    now = now or clock.now(UTC)
    report = OutboxReport()
    for _ in range(max_batches):
        batch = db.run(claim_batch, now, batch_size, tz)
        if not batch:
            break
        ids = [e.id for e in batch]
        try:
            result = client.post_checkins(batch)
        except BookingServerError as exc:
            retry_at = db.run(record_failure, ids, exc.message, now)
            return _add(report, len(ids), failed=len(ids), error=exc.message, kind=str(exc.kind), retry_at=retry_at)
        accepted, rejected, failed = db.run(record_result, ids, result, now)
        report = _add(report, len(ids), accepted=accepted, rejected=rejected, failed=failed)
    return report


def _add(report: OutboxReport, sent: int, accepted: int = 0, rejected: int = 0, failed: int = 0,
         error: str | None = None, kind: str | None = None, retry_at: datetime | None = None) -> OutboxReport:
    return OutboxReport(
        sent=report.sent + sent, accepted=report.accepted + accepted, rejected=report.rejected + rejected,
        failed=report.failed + failed, batches=report.batches + 1, error=error, error_kind=kind,
        next_attempt_at=retry_at,
    )


def upload_from_config(db: Database, config: Config, now: datetime | None = None) -> OutboxReport:
    """What a periodic timer (or `antrian outbox --upload`) runs against the configured server."""
    with BookingClient.from_config(config) as client:
        return upload_batch(db, client, now, tz=config.office.tz)


def outbox_summary(session: Session, now: datetime | None = None, rejected_limit: int = 50) -> OutboxSummary:
    now = now or clock.now(UTC)
    state = CheckinEvent.upload_state
    pending, oldest = session.execute(
        select(func.count(), func.min(CheckinEvent.at)).where(state == PENDING)
    ).one()
    due = session.scalar(select(func.count()).where(_due(now)))
    accepted = session.scalar(select(func.count()).where(state == ACCEPTED))
    last_error = session.scalar(
        select(CheckinEvent.upload_reason)
        .where(state == PENDING, CheckinEvent.upload_reason.is_not(None))
        .order_by(CheckinEvent.next_attempt_at.desc().nulls_last())
        .limit(1)
    )
    rows = session.scalars(
        select(CheckinEvent).where(state == REJECTED).order_by(CheckinEvent.at.desc()).limit(rejected_limit)
    )
    rejected = tuple(
        RejectedCheckin(r.id, r.code, r.gate, r.at, r.tickets, r.upload_reason or "") for r in rows
    )
    return OutboxSummary(pending or 0, due or 0, accepted or 0, oldest, last_error, rejected)


def reset_rejected(session: Session, ids: list[str]) -> int:
    """A supervisor's 'send again' after the server side was fixed: rejected events become pending."""
    result = session.execute(
        update(CheckinEvent)
        .where(CheckinEvent.id.in_(ids), CheckinEvent.upload_state == REJECTED)
        .values(upload_state=PENDING, next_attempt_at=None)
    )
    return result.rowcount or 0
