"""The office template on a PC with no printer and no camera: nothing reports "printed", nothing is scanned.

Each role runs as the office would start it (offscreen, ANTRIAN_AUTOPILOT=3, no pilot): the gate's camera "0"
is absent on this machine, printer.url is empty.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import datetime

import pytest
from sqlalchemy import func, select

from shared import clock
from shared.config import load_config
from shared.db.engine import Database
from shared.db.models import CheckinEvent, PrintJob, Station, Ticket
from shared.services.print_jobs import unprinted_tickets
from shared.services.tickets import issue_walk_in

from ..conftest import OFFICE_TEMPLATE, REPO
from ..core.helpers import booking, load

ROLES = {
    "gate": (["-m", "scanner.main", "--no-sound"], "GATE-1"),
    "counter": (["-m", "kiosk.counter_main", "--counter", "Loket 1"], "LOKET-PC-1"),
    "board": (["-m", "kiosk.board_main", "--windowed"], "BOARD-1"),
    "kiosk": (["-m", "kiosk.kiosk_main"], "KIOSK-1"),
}
PRINTED_WORDS = ("tercetak", "printed")


@pytest.fixture
def office(tmp_path):
    config = load_config(OFFICE_TEMPLATE, environ={"ANTRIAN_STATION_NAME": "GATE-1"})
    db = Database(f"sqlite:///{tmp_path / 'office.sqlite3'}")
    db.upgrade()
    today = clock.now(config.office.tz).date()
    load(db, config, [booking(f"TODAY{i:03d}", today, "00:00", "23:59") for i in range(3)])
    yield config, db
    db.dispose()


def role_env(tmp_path, db: Database, station: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANTRIAN_")}
    env.update(
        ANTRIAN_CONFIG=str(OFFICE_TEMPLATE),
        ANTRIAN_STATION_NAME=station,
        ANTRIAN_DATABASE_URL=db.url,
        ANTRIAN_AUTOPILOT="3",
        ANTRIAN_BOOKING_SERVER_URL="http://127.0.0.1:1",
        QT_QPA_PLATFORM="offscreen",
        ANTRIAN_LOG_DIR=str(tmp_path / "logs"),
        HOME=str(tmp_path / "home"),
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest.mark.slow
def test_every_role_with_the_template_prints_nothing_and_scans_nothing(office, tmp_path):
    config, db = office
    procs = {
        name: subprocess.Popen(
            [sys.executable, *args],
            env=role_env(tmp_path, db, station),
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name, (args, station) in ROLES.items()
    }
    outputs = {name: proc.communicate(timeout=120)[0] for name, proc in procs.items()}
    for name, proc in procs.items():
        assert proc.returncode == 0, f"{name}: {outputs[name]}"
        assert f"QUIT {name}" in outputs[name], outputs[name]
        lowered = outputs[name].lower()
        assert not any(w in lowered for w in PRINTED_WORDS), f"{name}: {outputs[name]}"
    with db.session() as s:
        assert (
            s.scalar(select(func.count()).select_from(CheckinEvent)) == 0
        )  # no demo camera: nothing scanned
        assert s.scalar(select(func.count()).select_from(Ticket)) == 0
        assert s.scalar(select(func.count()).select_from(PrintJob)) == 0


def test_a_ticket_without_a_printer_stays_unprinted_and_says_so(office, tmp_path):
    config, db = office
    now = clock.now(config.office.tz)
    view = db.run(issue_walk_in, config, "pickup", now)
    from printing.service import TicketPrinter

    outcome = TicketPrinter(config).print_view(view)
    assert not outcome.ok and outcome.fault == "not_configured"
    assert outcome.message.id.startswith("Printer belum diatur") and outcome.message.en.startswith(
        "No printer configured"
    )
    env = role_env(tmp_path, db, "GATE-1")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys; from printing.cli import main; sys.exit(main(['ticket', '{view.number}']))",
        ],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and "No printer configured" in done.stderr
    with db.session() as s:
        jobs = s.scalars(select(PrintJob)).all()
        assert [j.status for j in jobs] == ["failed"] and "No printer configured" in (jobs[0].reason or "")
    unprinted = db.read(unprinted_tickets, view.day, datetime.now(config.office.tz))
    assert [u.number for u in unprinted] == [view.number]  # listed for reprint, with the reason


def test_a_second_station_with_a_running_name_is_refused_and_the_name_is_freed_at_exit(office, tmp_path):
    """Two PCs both set up as LOKET-PC-1: the second counter role stops at start (exit 2) naming the first; once
    the first has quit cleanly the name is free again."""
    _config, db = office
    args, station = ROLES["counter"]
    env = role_env(tmp_path, db, station) | {"ANTRIAN_AUTOPILOT": "25"}
    first = subprocess.Popen([sys.executable, *args], env=env, cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
    try:
        for line in first.stdout:  # the claim is made before the window reads anything
            if line.startswith("READY"):
                break
        second = subprocess.run([sys.executable, *args], env=env | {"ANTRIAN_AUTOPILOT": "3"}, cwd=REPO,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 2
        refusal = f"'LOKET-PC-1' sedang dipakai oleh PC {socket.gethostname()!r} (counter, pid {first.pid}"
        assert refusal in second.stderr and "is in use by PC" in second.stderr, second.stderr
    finally:
        first.terminate()
        first.wait(timeout=30)
    assert first.returncode == 0
    held = db.run(lambda s: sorted((r.name, r.role, r.heartbeat_at) for r in s.scalars(select(Station))))
    # the station and its loket: released at the clean exit, not left to go stale
    assert held == [("LOKET-PC-1", "counter", None), ("Loket 1", "loket", None)]
    again = subprocess.run([sys.executable, *args], env=env | {"ANTRIAN_AUTOPILOT": "2"}, cwd=REPO,
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
