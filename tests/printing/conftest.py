"""Fixtures for printing: the loopback network printer, real ticket rows, and a printer config pointed anywhere."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest

from printing.testing import LoopbackPrinter
from shared.config import Config
from shared.db.models import Applicant, Booking
from shared.services.tickets import issue_ticket, issue_walk_in

NOW = datetime(2026, 11, 28, 1, 3, 11, tzinfo=UTC)  # 08:03 WIB on 28 Nov 2026
FULL_NIK = "6104014101900003"


@pytest.fixture
def loopback() -> Iterator[LoopbackPrinter]:
    with LoopbackPrinter() as printer:
        yield printer


def with_printer(config: Config, url: str, **printer: object) -> Config:
    printer.setdefault("timeout_seconds", 1.0)
    return dataclasses.replace(config, printer=dataclasses.replace(config.printer, url=url, **printer))


def add_booked_ticket(
    session, config: Config, code: str, nik: str = FULL_NIK, name: str = "SITI AMINAH", minutes: int = 0
) -> int:
    """A booking with one applicant and its ticket, through the lead's ticket service (real numbering)."""
    now = NOW + timedelta(minutes=minutes)
    booking = Booking(
        code=code,
        office_code=config.office.code,
        day=now.astimezone(config.office.tz).date(),
        slot_start=time(8),
        slot_end=time(9),
        status="active",
        imported_at=now,
    )
    applicant = Applicant(position=1, nik=nik, name=name, application_type="new")
    booking.applicants.append(applicant)
    session.add(booking)
    session.flush()
    ticket = issue_ticket(
        session, config, config.service_for("new"), now, sort_at=now, booking=booking, applicant=applicant
    )
    return ticket.id


def add_queue(db, config: Config, count: int) -> list[int]:
    """`count` booked tickets A-001.. one minute apart; returns their ids."""
    return [
        db.run(add_booked_ticket, config, f"BOOK{i:04d}X", f"61040141019{i:05d}", f"PEMOHON {i}", i)
        for i in range(1, count + 1)
    ]


def add_walk_in(db, config: Config, kind: str = "pickup") -> int:
    return db.run(issue_walk_in, config, kind, NOW).id
