"""Ticket print latency: from "issue ticket" (the print call starts) to the loopback printer's acknowledgement.

For each of 200 tickets: printing.jobs.print_now (one transaction reads the ticket and starts its job,
TicketPrinter.print_view prints, one transaction records the outcome) over python-escpos' Network connector into
the loopback test printer (127.0.0.1), with a SQLite file database. Three clocks, all time.perf_counter in this process:
  last byte  - the loopback read the ticket's last byte (the cut command)
  ack        - the loopback answered the first status query after the ticket: every byte before it was read,
               so this is "the last byte acknowledged by the printer"
  call       - print_now returned, the job recorded as printed
Run: .venv/bin/python bench/print.py [COUNT]
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from printing.connectors import make_connector  # noqa: E402
from printing.jobs import print_now  # noqa: E402
from printing.service import TicketPrinter  # noqa: E402
from printing.testing import LoopbackPrinter  # noqa: E402
from shared.config import load_config  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.db.models import Applicant, Booking  # noqa: E402
from shared.services.tickets import issue_ticket  # noqa: E402

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def add_tickets(db: Database, config, count: int, first: int) -> list[int]:
    def add(session, i: int) -> int:
        at = NOW + timedelta(seconds=i)
        booking = Booking(
            code=f"BENCH{i:06d}",
            office_code=config.office.code,
            day=at.date(),
            slot_start=datetime.min.time().replace(hour=8),
            slot_end=datetime.min.time().replace(hour=9),
            status="active",
            imported_at=at,
        )
        applicant = Applicant(
            position=1, nik=f"6104014101{i:06d}", name=f"PEMOHON NOMOR {i}", application_type="new"
        )
        booking.applicants.append(applicant)
        session.add(booking)
        session.flush()
        return issue_ticket(
            session, config, config.service_for("new"), at, at, booking=booking, applicant=applicant
        ).id

    return [db.run(add, i) for i in range(first, first + count)]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(native: bool, count: int, db: Database, config, loopback: LoopbackPrinter, first: int) -> None:
    cfg = dataclasses.replace(config, printer=dataclasses.replace(config.printer, url=loopback.url))
    printer = TicketPrinter(cfg, make_connector(cfg.printer, native_qr=native))
    ids = add_tickets(db, config, count, first)
    last_byte, ack, call, sizes = [], [], [], []
    for tid in ids:
        jobs_before = len(loopback.jobs)
        start = time.perf_counter()
        outcome = print_now(db, printer, cfg, ticket_id=tid, now=NOW)
        end = time.perf_counter()
        assert outcome.ok, outcome
        job = loopback.jobs[jobs_before]
        last_byte.append((job.cut_at - start) * 1000)
        ack.append((min(t for t in job.answered_at if t >= job.cut_at) - start) * 1000)
        call.append((end - start) * 1000)
        sizes.append(len(job.data))
    name = "native QR (GS ( k)" if native else "image QR (GS v 0)"
    print(f"{name}: {count} tickets, {statistics.mean(sizes):.0f} bytes each")
    for label, values in (
        ("issue -> last byte", last_byte),
        ("issue -> ack", ack),
        ("issue -> recorded", call),
    ):
        print(
            f"  {label:<20} p50 {pct(values, 0.5):6.1f} ms   p95 {pct(values, 0.95):6.1f} ms   max {max(values):6.1f} ms"
        )


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    config = load_config(REPO / "demo" / "config.toml", environ={})
    with tempfile.TemporaryDirectory() as folder, LoopbackPrinter() as loopback:
        db = Database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        db.upgrade()
        run(True, count, db, config, loopback, 1)
        run(False, count, db, config, loopback, count + 1)
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
