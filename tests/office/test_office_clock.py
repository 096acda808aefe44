"""One office clock: on PostgreSQL a PC whose clock is 10 minutes off still decides by the server's time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from shared import clock
from shared.domain import Decision
from shared.services.checkin import check_in
from shared.services.office_clock import clock_warning, read_server_clock, sync_office_clock

from ..conftest import DEMO_CONFIG, REPO
from ..core.helpers import booking, load

TEN_MINUTES = 600.0


@pytest.fixture(autouse=True)
def _own_clock():
    clock.reset()
    yield
    clock.reset()


def pc_clock_off(monkeypatch, seconds: float) -> None:
    """This PC's clock set `seconds` wrong, through ANTRIAN_CLOCK."""
    wrong = datetime.now().astimezone() + timedelta(seconds=seconds)
    monkeypatch.setenv("ANTRIAN_CLOCK", clock.simulated_clock(wrong))


def edge_booking(pg_db, config, code: str) -> Decision:
    """A booking at the edge of its check-in window, 5 minutes from now by the server's (real) clock, so that a PC
    clock 10 minutes ahead would decide otherwise; returns the server's decision. The window closes in 5 minutes
    (server: VALID, PC: TOO_LATE) or, near midnight where that slot would start yesterday, it opens in 5 minutes
    (server: TOO_EARLY, PC: VALID). Slots never cross midnight."""
    tz = config.office.tz
    real = datetime.now(tz)
    end = real + timedelta(minutes=5) - timedelta(minutes=config.checkin.late_minutes)
    start = end - timedelta(minutes=30)
    expected = Decision.VALID
    if start.date() != real.date():
        start = real + timedelta(minutes=5) + timedelta(minutes=config.checkin.early_minutes)
        end = start + timedelta(minutes=30)
        expected = Decision.TOO_EARLY
    assert start.date() == real.date() == end.date()
    load(pg_db, config, [booking(code, real.date(), f"{start:%H:%M}", f"{end:%H:%M}")])
    return expected


@pytest.mark.postgres
def test_a_pc_clock_ten_minutes_ahead_does_not_change_a_decision_on_postgresql(pg_db, config, monkeypatch):
    expected = edge_booking(pg_db, config, "CLOCK001")
    pc_clock_off(monkeypatch, TEN_MINUTES)
    tz = config.office.tz
    assert clock.now(tz) - datetime.now(tz) > timedelta(minutes=9)  # unsynchronised: the PC's wrong time
    reading = sync_office_clock(pg_db)
    assert reading.on_server and abs(reading.offset_seconds + TEN_MINUTES) < 5
    assert abs((clock.now(tz) - datetime.now(tz)).total_seconds()) < 5  # now the server's time
    result = pg_db.run(check_in, config, "CLOCK001", "GATE-1", clock.now(tz))
    assert result.decision is expected
    warning = clock_warning(reading)
    assert warning is not None and "server" in warning.en and "timedatectl" in warning.en


@pytest.mark.postgres
def test_the_cli_follows_the_server_clock_too(pg_db, config, tmp_path):
    expected = edge_booking(pg_db, config, "CLOCK002")
    wrong = datetime.now().astimezone() + timedelta(seconds=TEN_MINUTES)
    env = {
        **os.environ,
        "ANTRIAN_CONFIG": str(DEMO_CONFIG),
        "ANTRIAN_DATABASE_URL": pg_db.url,
        "ANTRIAN_CLOCK": clock.simulated_clock(wrong),
        "ANTRIAN_LOG_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "shared.cli", "--json", "checkin", "CLOCK002"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(done.stdout)["decision"] == expected.value, done.stdout + done.stderr
    assert "lebih cepat" in done.stderr and "ahead of" in done.stderr  # the PC is told its clock is off


@pytest.mark.postgres
def test_a_right_clock_gives_no_warning(pg_db):
    reading = pg_db.read(read_server_clock)
    assert reading.on_server and abs(reading.offset_seconds) < 5 and clock_warning(reading) is None


def test_on_sqlite_this_pc_is_the_office_clock(sqlite_db, config, monkeypatch):
    pc_clock_off(monkeypatch, TEN_MINUTES)  # the demo's simulated morning works this way
    reading = sync_office_clock(sqlite_db)
    assert not reading.on_server and clock.offset() == 0.0 and clock_warning(reading) is None
    assert clock.now(config.office.tz) - datetime.now(config.office.tz) > timedelta(minutes=9)
