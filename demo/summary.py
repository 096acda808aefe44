"""The morning in numbers, read back from the database and the output folder."""

from __future__ import annotations

import statistics
from pathlib import Path

from sqlalchemy import func, select

from shared.config import Config
from shared.db.engine import Database
from shared.db.models import Booking, CallEvent, CheckinEvent, PrintJob, Ticket


def build_summary(db: Database, config: Config, out: Path, exit_codes: dict[str, int | None], seconds: float) -> dict:
    with db.sessions() as s:
        decisions = dict(s.execute(select(CheckinEvent.result, func.count()).group_by(CheckinEvent.result)).all())
        waits = [
            (called - issued).total_seconds() / 60
            for issued, called in s.execute(select(Ticket.issued_at, Ticket.called_at).where(Ticket.called_at.is_not(None)))
        ]
        printed = s.scalar(select(func.count(func.distinct(PrintJob.ticket_id))).where(PrintJob.status == "printed")) or 0
        tickets = s.scalar(select(func.count(Ticket.id))) or 0
        summary = {
            "bookings_synced": s.scalar(select(func.count(Booking.id))) or 0,
            "decisions": decisions,
            "tickets_issued": tickets,
            "tickets_printed": printed,
            "tickets_unprinted": tickets - printed,
            "calls_made": s.scalar(select(func.count(CallEvent.id)).where(CallEvent.kind != "recall")) or 0,
            "recalls": s.scalar(select(func.count(CallEvent.id)).where(CallEvent.kind == "recall")) or 0,
            "no_shows": s.scalar(select(func.count(Ticket.id)).where(Ticket.status == "no_show")) or 0,
            "done": s.scalar(select(func.count(Ticket.id)).where(Ticket.status == "done")) or 0,
            "median_wait_minutes": round(statistics.median(waits), 1) if waits else None,
            "checkins_uploaded": s.scalar(select(func.count()).select_from(CheckinEvent)
                                          .where(CheckinEvent.upload_state == "accepted")) or 0,
            "checkins_waiting_upload": s.scalar(select(func.count()).select_from(CheckinEvent)
                                                .where(CheckinEvent.upload_state == "pending")) or 0,
        }
    db.dispose()
    summary["screenshots"] = sorted(p.name for p in (out / "screenshots").glob("*.png"))
    summary["ticket_pngs"] = len(list((out / "tickets").glob("*.png")))
    summary["announcement_wavs"] = len(list((out / "announcements").glob("*.wav")))
    summary["exit_codes"] = exit_codes
    summary["wall_seconds"] = round(seconds, 1)
    return summary
