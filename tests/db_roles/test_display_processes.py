"""The board and the walk-in kiosk as the hall's PC runs them: their own processes, connected as antrian_display,
on autopilot (the demo's pilots). A call made by a counter's CLI (as antrian_counter) reaches the board."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime

import pytest
from sqlalchemy import select

from printing.testing import LoopbackPrinter
from shared.clock import simulated_clock
from shared.db.models import CallEvent, PrintJob, Ticket
from shared.services.checkin import check_in
from shared.services.db_roles import COUNTER, DISPLAY, GATE

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
SECONDS = 6
EXIT_SLACK = 40


@pytest.fixture(scope="module")
def checked_in(office):
    gate = office.as_role(GATE)
    for code in office.codes[:3]:
        gate.run(check_in, office.config, code, "GATE-1", office.at("07:50"))
    return office


def role_env(office, child_env, tmp_path, role: str, **extra: str) -> dict[str, str]:
    start = datetime(2026, 11, 28, 8, 40, tzinfo=office.config.office.tz)
    return child_env(office.as_role(role).url, ANTRIAN_CLOCK=simulated_clock(start),
                     ANTRIAN_DEMO_OUTPUT=str(tmp_path / "out"), **extra)


def start(args: list[str], env: dict[str, str], repo) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, *args], cwd=repo, env=env, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)


def finish(proc: subprocess.Popen) -> str:
    try:
        out, _ = proc.communicate(timeout=SECONDS + EXIT_SLACK)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        raise AssertionError(f"did not finish:\n{out}") from None
    assert proc.returncode == 0, out
    assert "Traceback" not in out and "permission denied" not in out.lower(), out
    return out


def test_the_kiosk_issues_and_prints_walk_ins_as_the_display_role(checked_in, child_env, tmp_path, repo) -> None:
    office = checked_in
    with LoopbackPrinter() as printer:
        env = role_env(office, child_env, tmp_path, DISPLAY, ANTRIAN_AUTOPILOT=str(SECONDS),
                       ANTRIAN_PILOT="demo.pilots.walkin:start", ANTRIAN_PRINTER_URL=printer.url,
                       ANTRIAN_STATION_NAME="KIOSK-HALL")
        out = finish(start(["-m", "kiosk.kiosk_main"], env, repo))
        cut = [job for job in printer.jobs if job.cut_at]
    printed = [line.split()[1] for line in out.splitlines() if line.startswith("PRINTED ")]
    assert printed and len(cut) >= len(printed), out
    with office.as_role(DISPLAY).sessions() as s:
        walk_ins = s.execute(select(Ticket.number, PrintJob.status).join(PrintJob, PrintJob.ticket_id == Ticket.id)
                             .where(Ticket.number.in_(printed))).all()
    assert {status for _, status in walk_ins} == {"printed"} and len(walk_ins) == len(printed)


def test_the_board_shows_a_call_as_the_display_role(checked_in, child_env, tmp_path, repo) -> None:
    office = checked_in
    env = role_env(office, child_env, tmp_path, DISPLAY, ANTRIAN_AUTOPILOT=str(SECONDS + 4),
                   ANTRIAN_PILOT="demo.pilots.board:start", ANTRIAN_STATION_NAME="BOARD-HALL")
    board = start(["-m", "kiosk.board_main", "--windowed"], env, repo)
    assert board.stdout is not None
    deadline = time.monotonic() + 30
    for line in board.stdout:
        if line.startswith("READY board") or time.monotonic() > deadline:
            break
    counter_env = role_env(office, child_env, tmp_path, COUNTER, ANTRIAN_STATION_NAME="LOKET-PC-3")
    call = subprocess.run([sys.executable, "-m", "shared.cli", "call-next", "--counter", "Loket 3"], cwd=repo,
                          env=counter_env, capture_output=True, text=True, timeout=60)
    assert call.returncode == 0, call.stdout + call.stderr
    out = finish(board)
    with office.as_role(DISPLAY).sessions() as s:
        number = s.scalar(select(CallEvent.number).where(CallEvent.counter_name == "Loket 3"))
    assert number and any(line.startswith(f"ANNOUNCE {number} Loket 3") for line in out.splitlines()), out
    assert (tmp_path / "out" / "screenshots" / "board.png").is_file()
