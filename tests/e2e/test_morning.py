"""A shortened morning at the office as real separate processes: the booking simulator over HTTP, a sync, the
gate with the demo camera, two counters, the board and the kiosk on one SQLite file, printing real ESC/POS bytes
into a loopback printer. Asserts on the summary, the database and the printed bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from printing.testing import LoopbackPrinter
from shared.config import load_config
from shared.db.engine import Database
from shared.db.models import Applicant, Booking, CallEvent, CheckinEvent, PrintJob, QueueEvent, Ticket

from ..conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def morning(tmp_path_factory):
    out = tmp_path_factory.mktemp("morning") / "demo-output"
    printer = LoopbackPrinter().start()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "ANTRIAN_CLOCK")}
    env.update({"ANTRIAN_PRINTER_URL": printer.url, "ANTRIAN_CONFIG": str(REPO / "demo" / "config.toml"), "PYTHONPATH": str(REPO)})
    env.pop("ANTRIAN_DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "demo.run", "--out", str(out), "--bookings", "16", "--seconds", "45"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=240,
    )
    printer.stop()
    logs = "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in sorted((out / "logs").glob("*.log")))
    assert proc.returncode == 0, f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}\n{logs}"
    db = Database(f"sqlite:///{out / 'antrian.sqlite3'}")
    yield {"out": out, "printer": printer, "db": db, "summary": json.loads((out / "summary.json").read_text())}
    db.dispose()


def test_summary_counts_a_real_morning(morning):
    s = morning["summary"]
    assert s["bookings_synced"] >= 16
    assert s["decisions"].get("VALID", 0) >= 3
    assert s["tickets_issued"] > 0 and s["tickets_printed"] == s["tickets_issued"] and s["tickets_unprinted"] == 0
    assert s["calls_made"] > 0
    assert {"gate.png", "board.png", "kiosk.png"} <= set(s["screenshots"])
    assert any(name.startswith("counter") for name in s["screenshots"])
    assert s["announcement_wavs"] > 0
    # every accepted check-in reached the central server (the simulator) through the outbox
    assert s["checkins_uploaded"] == s["decisions"]["VALID"] and s["checkins_waiting_upload"] == 0
    assert all(rc == 0 for name, rc in s["exit_codes"].items() if name != "booking-sim"), s["exit_codes"]


def test_every_valid_code_got_exactly_its_applicants_tickets(morning):
    with morning["db"].sessions() as s:
        for event in s.scalars(select(CheckinEvent).where(CheckinEvent.result == "VALID")):
            applicants = s.scalars(select(Applicant).where(Applicant.booking_id == event.booking_id)).all()
            tickets = s.scalars(select(Ticket).where(Ticket.booking_id == event.booking_id)).all()
            assert len(tickets) == len(applicants) == len(event.tickets.split(","))
            assert {t.applicant_id for t in tickets} == {a.id for a in applicants}
        valid = Counter(s.scalars(select(CheckinEvent.booking_id).where(CheckinEvent.result == "VALID")))
        assert set(valid.values()) == {1}


def test_every_code_shown_got_the_right_decision(morning):
    shown = (morning["out"] / "demo-codes.txt").read_text().split("\n")
    with morning["db"].sessions() as s:
        bookings = {b.code: b for b in s.scalars(select(Booking))}
        decided = defaultdict(list)
        for event in s.scalars(select(CheckinEvent).order_by(CheckinEvent.at)):
            decided[event.code].append(event.result)
    config = load_config(REPO / "demo" / "config.toml", environ={})
    today = datetime.now(config.office.tz).date()
    morning_clock = datetime.combine(today, time(8, 30))  # the demo's simulated morning starts at 08:05
    seen_valid: set[str] = set()
    checked = 0
    for code in filter(None, shown):
        results = decided.get(code.strip().upper()) or decided.get(code[:80])
        if not results:
            continue  # the camera did not read this one: counted below
        checked += 1
        booking = bookings.get(code)
        if booking is None:
            expected = {"MALFORMED", "UNKNOWN"}
        elif booking.status != "active" and booking.day != today or booking.status == "cancelled":
            expected = {"CANCELLED"}
        elif booking.day != today:
            expected = {"WRONG_DATE"}
        elif datetime.combine(today, booking.slot_start) - timedelta(minutes=config.checkin.early_minutes) > morning_clock:
            expected = {"TOO_EARLY"}
        elif code in seen_valid:
            expected = {"ALREADY_CHECKED_IN"}
        else:
            expected = {"VALID"}
            seen_valid.add(code)
        assert set(results) & expected, (code, results, expected)
    assert checked >= 0.8 * len([c for c in shown if c]), "the gate read most of what the camera showed"
    assert "MALFORMED" in {r for rs in decided.values() for r in rs}


def test_no_ticket_called_by_two_counters_at_once(morning):
    with morning["db"].sessions() as s:
        calls = Counter(s.scalars(select(CallEvent.ticket_id).where(CallEvent.kind != "recall")))
        transfers = Counter(s.scalars(select(QueueEvent.ticket_id).where(QueueEvent.kind == "transfer")))
        no_shows = Counter(s.scalars(select(QueueEvent.ticket_id).where(QueueEvent.kind == "no_show")))
        for ticket_id, n in calls.items():
            assert n <= 1 + transfers[ticket_id] + no_shows[ticket_id], ticket_id
        per_counter = Counter(s.scalars(select(Ticket.counter_id).where(Ticket.status == "called")))
        assert all(n == 1 for n in per_counter.values())


def test_every_ticket_was_printed_as_real_escpos_bytes(morning):
    printed = "\n".join(job.decoded().text for job in morning["printer"].ticket_jobs())
    with morning["db"].sessions() as s:
        numbers = s.scalars(select(Ticket.number)).all()
        assert numbers
        for number in numbers:
            assert number in printed, number
        unprinted = [t for t in s.scalars(select(Ticket))
                     if s.scalar(select(PrintJob.status).where(PrintJob.ticket_id == t.id).order_by(PrintJob.id.desc()).limit(1)) != "printed"]
        assert not unprinted
    assert all(not job.decoded().codepage_switches for job in morning["printer"].ticket_jobs())


def test_the_gate_told_the_supervisor_its_camera_and_printer(morning):
    from sqlalchemy import select

    from shared.db.models import Station
    from shared.services.stations import health_of

    with morning["db"].sessions() as s:
        raw = s.scalar(select(Station.health).where(Station.role == "gate"))
    health = health_of(raw)
    assert set(health) == {"camera", "printer"}, raw
    assert all(level in ("ok", "busy", "error", "idle") and words.id for level, words in health.values())
