"""The `antrian-booking-sim` console script as a real subprocess, its admin switches over HTTP, and the
OpenAPI document agreeing with what the simulator serves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def sim_process():
    proc = subprocess.Popen(
        [sys.executable, "-c", "from demo.booking_sim import main; main()", "--port", "0",
         "--bookings", "30", "--date", "2026-11-28", "--page-size", "10"],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )
    try:
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line, line
        yield line.rsplit(" ", 1)[-1].strip()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_console_script_serves_pages_and_takes_faults_over_http(sim_process):
    url = sim_process + "/v1/offices/KANIM-KETAPANG/bookings"
    auth = {"Authorization": "Bearer demo-token", "Accept": "application/json"}
    page = requests.get(url, params={"date": "2026-11-28"}, headers=auth, timeout=5).json()
    assert len(page["bookings"]) == 10 and page["next_cursor"]
    requests.post(sim_process + "/_sim/fault", json={"mode": "503", "count": 1}, timeout=5)
    assert requests.get(url, params={"date": "2026-11-28"}, headers=auth, timeout=5).status_code == 503
    assert requests.get(url, params={"date": "2026-11-28"}, headers=auth, timeout=5).status_code == 200
    code = page["bookings"][0]["booking_code"]
    requests.post(sim_process + "/_sim/cancel", json={"code": code}, timeout=5)
    since = page["generated_at"]
    changed = requests.get(url, params={"date": "2026-11-28", "updated_since": since}, headers=auth, timeout=5)
    assert [b["booking_code"] for b in changed.json()["bookings"]] == [code]
    assert requests.get(sim_process + "/_sim/checkins", timeout=5).json()["checkins"] == []


def test_openapi_document_names_what_the_simulator_serves(sim):
    yaml = pytest.importorskip("yaml")
    doc = yaml.safe_load((REPO / "docs" / "booking-api.yaml").read_text(encoding="utf-8"))
    assert doc["openapi"].startswith("3.1")
    assert set(doc["paths"]) == {"/v1/offices/{office_code}/bookings", "/v1/offices/{office_code}/checkins"}
    schemas = doc["components"]["schemas"]
    body, _ = sim.state.page(sim.state.day, None, None)
    assert set(body) <= set(schemas["BookingsPage"]["properties"])
    booking = body["bookings"][0]
    assert set(booking) <= set(schemas["Booking"]["properties"])
    assert set(booking["applicants"][0]) <= set(schemas["Applicant"]["properties"])
    assert set(schemas["Booking"]["properties"]["status"]["enum"]) == {"active", "cancelled", "rescheduled"}
