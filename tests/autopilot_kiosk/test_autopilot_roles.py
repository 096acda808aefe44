"""Each role on autopilot in its own process: it acts through its real window, screenshots it and exits 0."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from sqlalchemy import func, select

from printing.testing import LoopbackPrinter
from shared.db.engine import Database
from shared.db.models import CallEvent, PrintJob, Ticket

REPO = Path(__file__).resolve().parents[2]
SECONDS = 15
EXIT_SLACK = 25  # start-up, settling and the screenshot, on a busy 2-core CI machine


def check_screenshot(path: Path) -> None:
    assert path.is_file(), f"no screenshot at {path}"
    image = QImage(str(path))
    assert image.width() >= 640 and image.height() >= 480


def test_counter_on_autopilot_calls_through_its_buttons(seeded_url, role_env, start_role, out_dir) -> None:
    role = start_role(["-m", "kiosk.counter_main", "--counter", "Loket 1"], role_env(seeded_url, SECONDS))
    assert role.wait(SECONDS + EXIT_SLACK) == 0, role.output()
    check_screenshot(out_dir / "screenshots" / "counter-loket-1.png")
    db = Database(seeded_url)
    with db.sessions() as s:
        calls = s.execute(select(CallEvent.number, CallEvent.kind).where(CallEvent.counter_name == "Loket 1")).all()
        others = s.scalar(select(func.count(CallEvent.id)).where(CallEvent.counter_name != "Loket 1"))
        ticked = s.scalars(select(Ticket.checklist).where(Ticket.checklist != "")).all()
    db.dispose()
    logged = [line for line in role.lines if line.startswith("CALL Loket 1 ")]
    assert len(calls) >= 2 and others == 0, role.output()
    assert {line.split()[-1] for line in logged} <= {number for number, _ in calls}
    assert len(logged) == sum(1 for _, kind in calls if kind != "recall")
    assert any(line.startswith(("DONE", "NOSHOW", "RECALL", "TRANSFER")) for line in role.lines), role.output()
    if any(line.startswith("TICK ") for line in role.lines):
        assert any(True in json.loads(text).values() for text in ticked)
    assert "Traceback" not in role.output()


def test_kiosk_on_autopilot_issues_and_prints_walk_ins(seeded_url, role_env, start_role, out_dir) -> None:
    with LoopbackPrinter() as printer:
        env = role_env(seeded_url, SECONDS, ANTRIAN_PRINTER_URL=printer.url)
        role = start_role(["-m", "kiosk.kiosk_main"], env)
        assert role.wait(SECONDS + EXIT_SLACK) == 0, role.output()
        jobs = [job for job in printer.jobs if job.cut_at]
    check_screenshot(out_dir / "screenshots" / "kiosk.png")
    db = Database(seeded_url)
    with db.sessions() as s:
        walk_ins = s.execute(select(Ticket.number, Ticket.walk_in_kind).where(Ticket.walk_in_kind.is_not(None))).all()
        printed = s.scalar(select(func.count(PrintJob.id)).where(PrintJob.status == "printed"))
    db.dispose()
    assert len(walk_ins) >= 2, role.output()
    assert [kind for _, kind in walk_ins][:2] == ["pickup", "info"]  # the kinds take turns
    assert printed == len(walk_ins) and len(jobs) >= len(walk_ins), role.output()
    assert sum(line.startswith("PRINTED ") for line in role.lines) == len(walk_ins)


def call_next(env: dict[str, str], counter: str) -> str:
    done = subprocess.run([sys.executable, "-m", "shared.cli", "call-next", "--counter", counter], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_board_on_autopilot_writes_each_announcement(seeded_url, role_env, start_role, out_dir) -> None:
    env = role_env(seeded_url, SECONDS)
    role = start_role(["-m", "kiosk.board_main", "--windowed"], env)
    role.wait_line("READY board", timeout=30)
    cli_env = {k: v for k, v in env.items() if k != "ANTRIAN_AUTOPILOT"}
    call_next(cli_env, "Loket 1")
    call_next(cli_env, "Loket 2")
    assert role.wait(SECONDS + EXIT_SLACK) == 0, role.output()
    check_screenshot(out_dir / "screenshots" / "board.png")
    wavs = sorted(p.name for p in (out_dir / "announcements").glob("*.wav"))
    db = Database(seeded_url)
    with db.sessions() as s:
        calls = s.execute(select(CallEvent.number, CallEvent.counter_name).order_by(CallEvent.id)).all()
    db.dispose()
    expected = [f"{i:03d}_{number}_{counter.replace(' ', '-')}.wav" for i, (number, counter) in enumerate(calls, 1)]
    assert len(calls) == 2 and wavs == expected, role.output()
    for name in wavs:
        assert (out_dir / "announcements" / name).stat().st_size > 20_000  # chime + speech (or at least the chime)


@pytest.mark.parametrize("args", [["-m", "kiosk.counter_main", "--counter", "Loket 2"],
                                  ["-m", "kiosk.board_main", "--windowed"]], ids=["counter", "board"])
def test_sigterm_quits_cleanly_without_autopilot(args, seeded_url, role_env, start_role) -> None:
    role = start_role(args, role_env(seeded_url))
    role.wait_line("READY", timeout=30)
    role.proc.send_signal(signal.SIGTERM)
    assert role.wait(20) == 0, role.output()
    assert any(line.startswith("QUIT") for line in role.lines)


def test_without_a_pilot_a_role_on_autopilot_only_shows_its_window(seeded_url, role_env, start_role, out_dir):
    """The product holds no demo: with ANTRIAN_PILOT empty nobody presses a button, and the role still ends,
    with its screenshot, when its time is up."""
    env = role_env(seeded_url, 3, ANTRIAN_PILOT="")
    role = start_role(["-m", "kiosk.counter_main", "--counter", "Loket 1"], env)
    assert role.wait(3 + EXIT_SLACK) == 0, role.output()
    check_screenshot(out_dir / "screenshots" / "counter-loket-1.png")
    db = Database(seeded_url)
    with db.sessions() as s:
        calls = s.scalar(select(func.count(CallEvent.id)))
    db.dispose()
    assert calls == 0 and not any(line.startswith("CALL ") for line in role.lines), role.output()
    assert [line.split()[0] for line in role.lines if line.split()[:1] in (["READY"], ["QUIT"])] == ["READY", "QUIT"]
