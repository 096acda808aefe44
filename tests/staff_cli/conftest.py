"""An office for the CLI: demo counters, four bookings of a fixed day, officers registered through the
service, and `cli_run.run(...)` driving `shared.cli.main` with the PINs in the environment or on stdin."""

from __future__ import annotations

import io
import json
import sys
import time as wall_clock
from dataclasses import dataclass, replace
from datetime import date, datetime, time

import pytest

from shared import cli, clock
from shared.db.engine import Database
from shared.services import counter_ops, staff
from shared.services.bookings_import import import_bookings, parse_bookings_payload

DAY = date(2026, 11, 28)
NIKS = ["6104014101900003", "6104015203850011", "6171020512700004"]


@dataclass(frozen=True)
class Person:
    nip: str
    name: str
    roles: tuple[str, ...]
    pin: str


ADMIN = Person("198503122010031001", "Siti Admin", ("admin",), "482915")
SUPERVISOR = Person("197812052005012003", "Rina Supervisor", ("supervisor",), "735260")
GATE = Person("199001052015042002", "Andi Gate", ("gate",), "640318")
COUNTER = Person("199207172018031004", "Dewi Loket", ("counter",), "527194")
STAFF = (ADMIN, SUPERVISOR, GATE, COUNTER)


def at(config, hhmm: str) -> str:
    """An office time of DAY, as `--at` takes it."""
    return datetime.combine(DAY, time.fromisoformat(hhmm), tzinfo=config.office.tz).isoformat()


def _booking(code: str, start: str, end: str, applicants: int) -> dict:
    return {
        "booking_code": code,
        "status": "active",
        "date": DAY.isoformat(),
        "office_code": "KANIM-KETAPANG",
        "slot": {"start": start, "end": end},
        "updated_at": "2026-11-27T19:12:44+07:00",
        "applicants": [
            {
                "nik": NIKS[i],
                "name": f"PEMOHON {i + 1}",
                "application_type": "new",
                "replacement_reason": None,
                "priority": None,
            }
            for i in range(applicants)
        ],
    }


def seed_bookings(db: Database, config) -> None:
    records, problems = parse_bookings_payload(
        {
            "bookings": [
                _booking("FAMILY01", "08:00", "09:00", 2),
                _booking("SOLO0001", "08:00", "09:00", 1),
                _booking("SOLO0002", "08:00", "09:00", 1),
                _booking("LATE0001", "07:00", "07:30", 1),
            ]
        }
    )
    assert not problems
    db.run(import_bookings, records, datetime.combine(DAY, time(6), tzinfo=config.office.tz))
    db.run(counter_ops.ensure_counters, config)


def cheap(config):
    """The config with the cheap PIN hashes the CLI uses here (tests/conftest.py sets them for the CLI)."""
    return replace(config, staff=replace(config.staff, pin_time_cost=1, pin_memory_kib=1024))


def register(db: Database, config, *people: Person) -> None:
    now = clock.now(config.office.tz)
    for p in people:
        db.run(staff.add_officer, cheap(config), p.nip, p.name, p.roles, p.pin, now)


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> dict:
        return json.loads(self.out)


class Cli:
    """`shared.cli.main` with ANTRIAN_PIN / ANTRIAN_SUPERVISOR_PIN set for one call, and stdin a pipe."""

    def __init__(self, monkeypatch, capsys) -> None:
        self.monkeypatch, self.capsys = monkeypatch, capsys

    def run(
        self,
        *argv: str,
        pin: str | None = None,
        supervisor_pin: str | None = None,
        stdin: str = "",
        main=cli.main,
    ) -> Result:
        with self.monkeypatch.context() as m:
            for name, value in (("ANTRIAN_PIN", pin), ("ANTRIAN_SUPERVISOR_PIN", supervisor_pin)):
                if value is None:
                    m.delenv(name, raising=False)
                else:
                    m.setenv(name, value)
            m.setattr(sys, "stdin", io.StringIO(stdin))
            if "--at" in argv:  # an officer acts now: the office clock says that time for this call
                m.setenv("ANTRIAN_CLOCK", f"{argv[argv.index('--at') + 1]}@{wall_clock.time()}")
                m.setattr(cli, "_sync_clock", lambda _db: None)  # no correction to the server's real clock
                clock.reset()
            code = main(list(argv))
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def as_(self, person: Person, *argv: str, **kw) -> Result:
        """The command with `--as` the person, their PIN in ANTRIAN_PIN."""
        return self.run(*argv, "--as", person.nip, pin=person.pin, **kw)


@pytest.fixture
def office(db: Database, config, monkeypatch):
    """The database the CLI opens (ANTRIAN_DATABASE_URL), with the bookings and no officer yet."""
    monkeypatch.setenv("ANTRIAN_DATABASE_URL", db.url)
    for name in ("ANTRIAN_CLOCK", "ANTRIAN_PIN", "ANTRIAN_SUPERVISOR_PIN"):
        monkeypatch.delenv(name, raising=False)
    seed_bookings(db, config)
    yield db
    clock.reset()  # the CLI measured PostgreSQL's clock in this process


@pytest.fixture
def staffed(office: Database, config):
    register(office, config, *STAFF)
    return office


@pytest.fixture
def cli_run(monkeypatch, capsys) -> Cli:
    return Cli(monkeypatch, capsys)
