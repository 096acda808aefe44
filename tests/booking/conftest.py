"""The booking simulator on 127.0.0.1 (a free port), a client with short timeouts and a recorded sleep."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from demo.booking_sim import SimServer
from shared.booking import BookingClient
from shared.db.engine import Database
from shared.db.models import Applicant, Booking, SyncState

DAY = date(2026, 11, 28)
OFFICE = "KANIM-KETAPANG"
TZ = ZoneInfo("Asia/Pontianak")
TOKEN = "test-token"


def local(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(DAY, time(hour, minute, second), tzinfo=TZ)


@pytest.fixture
def sim() -> Iterator[SimServer]:
    server = SimServer(DAY, OFFICE, count=120, page_size=50, token=TOKEN, timezone="Asia/Pontianak",
                       timeout_delay=3.0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def sleeps() -> list[float]:
    """What the client would have slept between retries (tests do not wait for real)."""
    return []


@pytest.fixture
def client(sim: SimServer, sleeps: list[float]) -> Iterator[BookingClient]:
    c = BookingClient(sim.url, TOKEN, OFFICE, connect_timeout=1.0, read_timeout=0.5, max_attempts=3,
                      sleep=sleeps.append)
    yield c
    c.close()


@pytest.fixture
def day() -> date:
    return DAY


@pytest.fixture
def snapshot():
    """db_snapshot, for test modules (importlib mode: they cannot import this conftest)."""
    return db_snapshot


@pytest.fixture
def at():
    """local(hour, minute): an aware time on the test day in the office's zone."""
    return local


def db_snapshot(db: Database) -> dict:
    """Everything a failed sync must leave as it was."""
    with db.sessions() as s:
        return {
            "bookings": s.scalar(select(func.count()).select_from(Booking)),
            "applicants": s.scalar(select(func.count()).select_from(Applicant)),
            "statuses": sorted(s.execute(select(Booking.code, Booking.status)).all()),
            "sync_state": sorted(s.execute(select(SyncState.key, SyncState.value)).all()),
        }
