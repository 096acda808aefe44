"""The gate on autopilot as the demo starts it: a real process whose pilot hook (ANTRIAN_PILOT) puts the demo
phone showing a codes file in front of the camera, a real SQLite file, the simulated office clock and a loopback
ESC/POS printer on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from demo.camera import EMPTY_FRAMES, SCENE_FRAMES, DemoCamera, playlist_starts
from demo.data import demo_payload
from demo.pilots.gate import decision_line, read_codes
from printing.testing import LoopbackPrinter
from shared.clock import simulated_clock
from shared.db.engine import Database
from shared.db.models import CheckinEvent, Ticket
from shared.services.bookings_import import import_bookings, parse_bookings_payload

REPO = Path(__file__).resolve().parents[2]
PILOT = "demo.pilots.gate:start"
DAY = date(2026, 11, 28)
GARBAGE = "HELLO WORLD"


def prepare_bookings(db: Database, config) -> tuple[list[str], datetime]:
    """Demo bookings for DAY; three active ones of one slot, and an office time five minutes into that slot."""
    tz = config.office.tz
    records, problems = parse_bookings_payload(demo_payload(DAY, config.office.code, 30, 3, config.office.timezone))
    assert not problems
    db.run(import_bookings, records, datetime.combine(DAY - timedelta(days=1), datetime.min.time(), tzinfo=tz))
    by_slot: dict = defaultdict(list)
    for record in records:
        if record.status == "active":
            by_slot[record.slot_start].append(record.code)
    slot, codes = next((s, c) for s, c in sorted(by_slot.items()) if len(c) >= 3)
    return codes[:3], datetime.combine(DAY, slot, tzinfo=tz) + timedelta(minutes=5)


def test_playlist_keeps_a_repeated_code_past_the_debounce():
    starts = playlist_starts(["A", "A", "B"], gap_frames=120)
    assert starts == [0, SCENE_FRAMES + 120 - EMPTY_FRAMES, 2 * SCENE_FRAMES + 120 - EMPTY_FRAMES]
    assert playlist_starts(["A", "B", "C", "D", "A"], gap_frames=120)[4] == 4 * SCENE_FRAMES  # already far apart


def test_demo_camera_once_shows_each_code_then_the_empty_desk():
    camera = DemoCamera(["K7Q2M9XA", "R4TN8WQE"], size=(320, 180), once=True, fps=None)
    camera.open()
    frames = [camera.read() for _ in range(camera.total_frames)]
    assert camera.finished and len(frames) == 2 * SCENE_FRAMES
    assert camera._scene_at(SCENE_FRAMES + EMPTY_FRAMES + 10) == ("R4TN8WQE", 10)
    assert camera._scene_at(camera.total_frames + 500) == (None, -1)
    assert camera.read() is not None  # the desk stays in view, the source never ends


def test_decision_line_quotes_codes_with_spaces():
    assert decision_line("K7Q2M9XA", "VALID", ["A-001", "P-002"]) == "DECISION K7Q2M9XA VALID A-001,P-002"
    assert decision_line(GARBAGE, "MALFORMED", []) == "DECISION 'HELLO WORLD' MALFORMED -"


def test_gate_autopilot_checks_in_prints_and_exits_cleanly(tmp_path, config):
    db = Database(f"sqlite:///{tmp_path / 'antrian.sqlite3'}")
    db.upgrade()
    valid, office_time = prepare_bookings(db, config)
    # The repeat is four scenes after the first showing, as in the demo's file: well past the 3 s debounce.
    codes = [valid[0], valid[1], GARBAGE, valid[2], valid[0]]
    codes_file = tmp_path / "demo-codes.txt"
    codes_file.write_text("\n".join(codes) + "\n", encoding="utf-8")
    assert read_codes(codes_file) == codes
    out = tmp_path / "demo-output"
    with LoopbackPrinter() as printer:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANTRIAN_SOUND": "0", "PYTHONUNBUFFERED": "1",
               "ANTRIAN_CONFIG": str(REPO / "demo" / "config.toml"), "ANTRIAN_DATABASE_URL": db.url,
               "ANTRIAN_PRINTER_URL": printer.url, "ANTRIAN_PILOT": PILOT,
               "ANTRIAN_CAMERA_SOURCE": "/dev/video-antrian-unused",  # the pilot's phone replaces it
               "ANTRIAN_BOOKING_SERVER_URL": "http://127.0.0.1:9",  # nothing there: no sync during the test
               "ANTRIAN_CLOCK": simulated_clock(office_time), "ANTRIAN_DEMO_CODES": str(codes_file),
               "ANTRIAN_AUTOPILOT": "40", "ANTRIAN_DEMO_OUTPUT": str(out)}
        started = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "scanner.main", "--no-sound"], env=env, cwd=REPO,
                              capture_output=True, text=True, timeout=90)
        elapsed = time.monotonic() - started
        received = b"".join(bytes(job.data) for job in printer.ticket_jobs())
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert elapsed < 38, f"the gate waited for the deadline ({elapsed:.1f} s) instead of ending after the list"
    assert (out / "screenshots" / "gate.png").stat().st_size > 10_000

    with db.sessions() as s:
        events = s.execute(select(CheckinEvent.code, CheckinEvent.result).order_by(CheckinEvent.at)).all()
        numbers = list(s.scalars(select(Ticket.number)))
    db.dispose()
    assert Counter(result for _, result in events) == {"VALID": 3, "ALREADY_CHECKED_IN": 1, "MALFORMED": 1}
    assert [code for code, result in events if result == "ALREADY_CHECKED_IN"] == [valid[0]]
    assert numbers and all(number.encode() in received for number in numbers)
    logged = [line for line in proc.stdout.splitlines() if line.startswith("DECISION ")]
    assert [line.split()[-2] for line in logged] == [
        "VALID", "VALID", "MALFORMED", "VALID", "ALREADY_CHECKED_IN"]
    assert logged[2] == "DECISION 'HELLO WORLD' MALFORMED -"
    steps = [line.split()[0] for line in proc.stdout.splitlines()]
    assert steps.index("READY") < steps.index("DECISION") and steps[-2:] == ["SCREENSHOT", "QUIT"]
    assert "video-antrian-unused" not in proc.stderr  # the configured camera was never opened


def test_sigterm_quits_the_window_cleanly(tmp_path):
    """Without autopilot (a demo with a display), the orchestrator's SIGTERM ends the gate with 0; the pilot's
    phone cycles through today's codes (none here) in place of the configured camera, which is never opened."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANTRIAN_SOUND": "0", "PYTHONUNBUFFERED": "1",
           "ANTRIAN_CONFIG": str(REPO / "demo" / "config.toml"), "ANTRIAN_PILOT": PILOT,
           "ANTRIAN_CAMERA_SOURCE": "/dev/video-antrian-unused",
           "ANTRIAN_DATABASE_URL": str(tmp_path / "antrian.sqlite3"), "ANTRIAN_PRINTER_URL": "preview://" + str(tmp_path),
           "ANTRIAN_BOOKING_SERVER_URL": "http://127.0.0.1:9"}
    for name in ("ANTRIAN_AUTOPILOT", "ANTRIAN_DEMO_CODES", "ANTRIAN_CLOCK"):
        env.pop(name, None)
    proc = subprocess.Popen([sys.executable, "-m", "scanner.main", "--no-sound"], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.stderr is not None:
            line = proc.stderr.readline()
            seen.append(line)
            if "Camera on" in line or not line:
                break
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
        assert proc.returncode == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert any("camera: Kamera aktif / Camera on" in line for line in seen)
    assert "video-antrian-unused" not in "".join(seen) + err
    assert "SIGNAL SIGTERM gate" in out and out.rstrip().endswith("QUIT gate")
