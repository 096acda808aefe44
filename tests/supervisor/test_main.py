"""antrian-supervisor starts as a role (load_role("supervisor"), its station claim), reads, and quits on autopilot."""

from __future__ import annotations

import os
import subprocess
import sys

from shared.db.engine import Database
from shared.services.stations import list_stations

from .conftest import REPO_ROOT


def test_role_starts_ready_and_quits(tmp_path):
    url = f"sqlite:///{tmp_path / 'antrian.sqlite3'}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANTRIAN_CONFIG": str(REPO_ROOT / "demo" / "config.toml"),
           "ANTRIAN_DATABASE_URL": url, "ANTRIAN_STATION_NAME": "SUP-1", "ANTRIAN_AUTOPILOT": "2",
           "ANTRIAN_LOG_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "kiosk.supervisor_main"], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == ["READY supervisor", "QUIT supervisor"]
    db = Database(url)
    try:
        [station] = db.read(list_stations)
        assert (station.name, station.role) == ("SUP-1", "supervisor")
    finally:
        db.dispose()
