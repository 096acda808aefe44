"""A morning at the office: the booking simulator, a sync, then the gate, two counters, the board and the walk-in
kiosk as separate processes on one SQLite file and the preview printer.

With a display the windows open and stay until Ctrl-C. Without one (no DISPLAY / WAYLAND_DISPLAY) the same
processes run offscreen on autopilot for a simulated morning and write demo-output/: summary.json, a screenshot
of every window, the ticket PNGs and the announcement WAVs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from datetime import time as dtime
from pathlib import Path

from shared.clock import now as clock_now
from shared.clock import simulated_clock
from shared.config import DEMO_CONFIG, load_config
from shared.db.engine import open_database

from . import officers
from .codes import write_demo_codes
from .summary import build_summary

REPO = Path(__file__).resolve().parent.parent
ROLES = {
    "gate": ["-m", "scanner.main", "--no-sound"],
    "counter-1": ["-m", "kiosk.counter_main", "--counter", "Loket 1"],
    "counter-2": ["-m", "kiosk.counter_main", "--counter", "Loket 2"],
    "board": ["-m", "kiosk.board_main", "--windowed"],
    "kiosk": ["-m", "kiosk.kiosk_main"],
    "supervisor": ["-m", "kiosk.supervisor_main"],
}
# Every role process is a station of its own (two running stations never share a name).
STATIONS = {"gate": "GATE-1", "counter-1": "LOKET-1", "counter-2": "LOKET-2", "board": "BOARD-1", "kiosk": "KIOSK-1",
            "supervisor": "SUPERVISOR-1"}
# Who signs in at each station (demo/officers.py; the pilots type their NIP and PIN).
OFFICER_OF = {"gate": officers.GATE, "counter-1": officers.COUNTER_1, "counter-2": officers.COUNTER_2,
              "supervisor": officers.SUPERVISOR}
# Each role is driven through the lifecycle's pilot hook (shared/qt/app.py): the shipped roles know no demo.
PILOTS = {
    "gate": "demo.pilots.gate:start",
    "counter-1": "demo.pilots.counter:start",
    "counter-2": "demo.pilots.counter:start",
    "board": "demo.pilots.board:start",
    "kiosk": "demo.pilots.walkin:start",
    "supervisor": "demo.pilots.supervisor:start",
}


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def start_simulator(env: dict[str, str], out: Path, bookings: int) -> tuple[subprocess.Popen, str]:
    log = open(out / "logs" / "booking-sim.log", "w")  # noqa: SIM115 - lives as long as the process
    proc = subprocess.Popen(
        [sys.executable, "-m", "demo.booking_sim", "--port", "0", "--bookings", str(bookings)],
        stdout=subprocess.PIPE, stderr=log, text=True, env=env, cwd=REPO,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline() if proc.stdout else ""
        if "http://" in line:
            url = line[line.index("http://"):].split()[0].rstrip("/")
            return proc, url
        if proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit("Simulator server booking gagal mulai / The booking simulator did not start (see demo-output/logs)")


def start_role(name: str, env: dict[str, str], out: Path) -> subprocess.Popen:
    log = open(out / "logs" / f"{name}.log", "w")  # noqa: SIM115
    return subprocess.Popen([sys.executable, *ROLES[name]], stdout=log, stderr=subprocess.STDOUT,
                            env={**env, "ANTRIAN_PILOT": PILOTS[name], "ANTRIAN_STATION_NAME": STATIONS[name],
                                 "ANTRIAN_DEMO_OFFICER": OFFICER_OF[name].nip if name in OFFICER_OF else ""},
                            cwd=REPO)


def stop_all(procs: dict[str, subprocess.Popen], grace: float = 20.0) -> dict[str, int | None]:
    for proc in procs.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in procs.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return {name: proc.returncode for name, proc in procs.items()}


def prepare_output(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)  # a second run starts clean
    for sub in ("logs", "screenshots", "tickets", "announcements"):
        (out / sub).mkdir(parents=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="antrian-demo", description="Demo kantor imigrasi / office demo")
    parser.add_argument("--out", type=Path, default=REPO / "demo-output")
    parser.add_argument("--bookings", type=int, default=40)
    parser.add_argument("--seconds", type=int, default=60, help="lama autopilot / autopilot length")
    parser.add_argument("--autopilot", action="store_true", help="juga dengan layar / even with a display")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    prepare_output(out)
    autopilot = args.autopilot or not has_display()
    os.environ.setdefault("ANTRIAN_CONFIG", str(DEMO_CONFIG))  # the demo's settings, not the office template
    config = load_config()
    printer_url = os.environ.get("ANTRIAN_PRINTER_URL") or (
        config.printer.url if not config.printer.url.startswith("preview://") else f"preview://{out / 'tickets'}"
    )
    env = {**os.environ, "ANTRIAN_DATABASE_URL": str(out / "antrian.sqlite3"), "ANTRIAN_PRINTER_URL": printer_url,
           "PYTHONUNBUFFERED": "1", "ANTRIAN_DEMO_OUTPUT": str(out),
           "ANTRIAN_GATE_JOURNAL": str(out / "gate-journal.jsonl")}
    if "ANTRIAN_CLOCK" not in env:
        # A simulated morning from 08:05 office time, whatever the hour of the real run (windows or autopilot).
        tz = config.office.tz
        env["ANTRIAN_CLOCK"] = simulated_clock(datetime.combine(datetime.now(tz).date(), dtime(8, 5), tzinfo=tz))
    procs: dict[str, subprocess.Popen] = {}
    started = time.monotonic()
    try:
        sim, url = start_simulator(env, out, args.bookings)
        procs["booking-sim"] = sim
        env["ANTRIAN_BOOKING_SERVER_URL"] = url
        os.environ.update({k: v for k, v in env.items() if k.startswith("ANTRIAN_")})
        sync = sync_bookings(env)
        print(f"Sinkron / Sync: {sync}")
        print(f"Petugas demo / Demo officers: {seed_demo_officers(env)} baru / new")
        if autopilot:
            env.update({"QT_QPA_PLATFORM": "offscreen", "ANTRIAN_AUTOPILOT": str(args.seconds)})
        # The gate's pilot shows these codes on a demo phone: once each on autopilot, round and round with windows.
        env["ANTRIAN_DEMO_CODES"] = str(write_demo_codes(out, load_config(environ=env)))
        for name in ROLES:
            procs[name] = start_role(name, env, out)
        print("Berjalan / Running: " + ", ".join(procs) + (" (autopilot)" if autopilot else " — Ctrl-C untuk berhenti / to stop"))
        wait_for_roles(procs, autopilot, args.seconds)
    except KeyboardInterrupt:
        print("\nBerhenti / Stopping")
    finally:
        roles = {n: p for n, p in procs.items() if n != "booking-sim"}
        codes = stop_all(roles)
        if "booking-sim" in procs:
            print(f"Unggah check-in / Upload check-ins: {upload_outbox(env)}")
            codes.update(stop_all({"booking-sim": procs["booking-sim"]}))
    summary = build_summary(open_database(env["ANTRIAN_DATABASE_URL"]), load_config(environ=env), out, codes,
                            time.monotonic() - started)
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    failed = [n for n, rc in codes.items() if rc not in (0, -signal.SIGTERM) and n != "booking-sim"]
    return 1 if failed else 0


def seed_demo_officers(env: dict[str, str]) -> int:
    config = load_config(environ=env)
    db = open_database(env["ANTRIAN_DATABASE_URL"])
    try:
        return officers.seed_officers(db, config, clock_now(UTC))
    finally:
        db.dispose()


def upload_outbox(env: dict[str, str]) -> str:
    """The accepted check-ins of the morning go up to the central server (the gate also does this after syncs)."""
    result = subprocess.run([sys.executable, "-m", "shared.cli", "outbox", "--upload"], env=env, cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    return (result.stdout.strip().splitlines() or [result.stderr.strip()])[0]


def sync_bookings(env: dict[str, str]) -> str:
    result = subprocess.run([sys.executable, "-m", "shared.cli", "--json", "bookings", "sync"], env=env, cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise SystemExit(f"Sinkron gagal / Sync failed: {result.stdout}{result.stderr}")
    report = json.loads(result.stdout)
    return f"{report.get('fetched')} booking, {report.get('inserted')} baru / new"


def wait_for_roles(procs: dict[str, subprocess.Popen], autopilot: bool, seconds: int) -> None:
    """Autopilot: each role stops itself after `seconds` and its screenshot; wait for that, bounded."""
    roles = [p for n, p in procs.items() if n != "booking-sim"]
    deadline = time.monotonic() + (seconds + 45 if autopilot else 10**9)
    while time.monotonic() < deadline:
        if all(p.poll() is not None for p in roles):
            return
        if not autopilot and any(p.poll() is not None for p in roles):
            return  # someone closed a window: end the demo
        time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
