"""Booking import (tolerant reading, nothing half-written) and the `antrian` CLI as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from shared.db.models import Applicant, Booking
from shared.services.bookings_import import BadRecord, import_bookings, parse_bookings_payload

from ..conftest import REPO
from .helpers import applicant, booking, load

DAY = date(2026, 11, 28)


def test_malformed_records_are_skipped_and_named_the_rest_imports(db, config):
    good = booking("GOOD0001", DAY)
    six = booking("SIXPEOPL", DAY, applicants=[applicant(i) for i in range(6)])
    bad_nik = booking("BADNIK01", DAY, applicants=[{**applicant(0), "nik": "6104999999990000"}])
    bad_slot = {**booking("BADSLOT1", DAY), "slot": {"start": "9am", "end": "10"}}
    records, problems = parse_bookings_payload({"bookings": [good, six, bad_nik, bad_slot, "junk"], "extra": 1})
    assert [r.code for r in records] == ["GOOD0001"]
    reasons = {p.booking_code: p.reason for p in problems}
    assert "6 pemohon" in reasons["SIXPEOPL"] and "6 applicants" in reasons["SIXPEOPL"]
    assert "NIK" in reasons["BADNIK01"] and "slot.start" in reasons["BADSLOT1"] and "#5" in reasons


WRONG_TYPES = [
    ("priority", ["elderly"]), ("priority", {"kind": "elderly"}), ("replacement_reason", {"why": "lost"}),
    ("replacement_reason", ["lost"]), ("application_type", ["new"]), ("nik", 6104014101900003), ("name", None),
]


@pytest.mark.parametrize(("field", "value"), WRONG_TYPES)
def test_a_wrong_json_type_in_an_applicant_skips_that_booking_only(db, config, field, value):
    bad = booking("WRONGTY1", DAY, applicants=[{**applicant(0), field: value}])
    records, problems = parse_bookings_payload({"bookings": [booking("GOOD0001", DAY), bad]})
    assert [r.code for r in records] == ["GOOD0001"]
    assert [p.booking_code for p in problems] == ["WRONGTY1"] and field.split("_")[0] in problems[0].reason


@pytest.mark.parametrize(("field", "value"), [
    ("status", ["active"]), ("status", {"s": 1}), ("booking_code", ["X"]), ("date", 20261128), ("office_code", 7),
    ("slot", ["08:00", "09:00"]), ("applicants", {"0": {}}), ("updated_at", ["2026"]),
])
def test_a_wrong_json_type_in_a_booking_skips_it_and_imports_the_rest(db, config, field, value):
    bad = {**booking("WRONGTY2", DAY), field: value}
    records, problems = parse_bookings_payload({"bookings": [bad, booking("GOOD0002", DAY)]})
    if field == "updated_at":  # optional: a value that is not a time is read as "no time given"
        assert sorted(r.code for r in records) == ["GOOD0002", "WRONGTY2"] and not problems
        return
    assert [r.code for r in records] == ["GOOD0002"] and len(problems) == 1
    report = db.run(import_bookings, records, datetime(2026, 11, 28, 7, tzinfo=config.office.tz))
    assert report.inserted == 1


def test_not_a_booking_list_is_refused_whole():
    with pytest.raises(BadRecord):
        parse_bookings_payload({"bookings": "nope"})


def test_upsert_updates_status_and_applicants(db, config):
    load(db, config, [booking("FAM00001", DAY, applicants=[applicant(0), applicant(1)])])
    changed = booking("FAM00001", DAY, start="10:00", end="11:00", applicants=[applicant(0)])
    records, _ = parse_bookings_payload([changed])
    report = db.run(import_bookings, records, datetime(2026, 11, 28, 7, tzinfo=config.office.tz))
    assert (report.inserted, report.updated) == (0, 1)
    again = db.run(import_bookings, records, datetime(2026, 11, 28, 7, tzinfo=config.office.tz))
    assert (again.updated, again.unchanged) == (0, 1)
    with db.sessions.begin() as s:
        assert s.scalar(select(func.count(Applicant.id))) == 1
        assert s.scalar(select(Booking.slot_start)).hour == 10


def run_cli(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return run_module(tmp_path, "shared.cli", *args)


def run_module(tmp_path, module: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANTRIAN_DATABASE_URL": str(tmp_path / "cli.sqlite3"), "ANTRIAN_CONFIG": str(REPO / "demo" / "config.toml")}
    return subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=120)


def test_cli_morning(tmp_path):
    out = tmp_path / "day.json"
    made = run_module(tmp_path, "demo.data", "--date", DAY.isoformat(), "--bookings", "12", "--out", str(out))
    assert made.returncode == 0, made.stderr
    payload = json.loads(out.read_text())
    first = next(b for b in payload["bookings"] if b["status"] == "active")
    imported = run_cli(tmp_path, "--json", "bookings", "import", str(out))
    assert imported.returncode == 0 and json.loads(imported.stdout)["inserted"] == 12
    slot = first["slot"]["start"]
    ok = run_cli(tmp_path, "--json", "checkin", first["booking_code"], "--at", f"{DAY}T{slot}")
    assert ok.returncode == 0, ok.stderr
    result = json.loads(ok.stdout)
    assert result["decision"] == "VALID" and len(result["tickets"]) == len(first["applicants"])
    for ticket in result["tickets"]:  # issue 11: every ticket carries the estimated wait, a point and its range
        assert isinstance(ticket["people_ahead"], int) and ticket["people_ahead"] >= 0
        low, point, high = (ticket[f"estimated_wait{part}_minutes"] for part in ("_low", "", "_high"))
        assert all(isinstance(v, int) for v in (low, point, high)) and 0 <= low <= point <= high
        assert high > low and isinstance(ticket["may_not_be_served_today"], bool)
    again = run_cli(tmp_path, "--json", "checkin", first["booking_code"], "--at", f"{DAY}T{slot}")
    assert again.returncode == 3 and json.loads(again.stdout)["decision"] == "ALREADY_CHECKED_IN"
    counter = "Loket 1" if result["tickets"][0]["service_prefix"] in "PAB" else "Loket 3"
    called = run_cli(tmp_path, "--json", "call-next", "--counter", counter, "--at", f"{DAY}T{slot}")
    assert called.returncode == 0 and json.loads(called.stdout)["ticket"]["number"]
    status = run_cli(tmp_path, "--json", "status", "--date", DAY.isoformat())
    assert json.loads(status.stdout)["tickets_issued"] == len(first["applicants"])


@pytest.mark.parametrize(("content", "words"), [
    ("this is not json", ["bukan JSON", "not JSON", "nothing imported"]),
    ('{"bookings": 5}', ["no 'bookings' list", "nothing imported"]),
])
def test_cli_bad_booking_file_exit_2_nothing_written(tmp_path, content, words):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = run_cli(tmp_path, "bookings", "import", str(bad))
    assert result.returncode == 2
    for word in words:
        assert word in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_refusals_and_usage_errors(tmp_path):
    garbage = run_cli(tmp_path, "--json", "checkin", "A" * 10_240)
    assert garbage.returncode == 3 and json.loads(garbage.stdout)["decision"] == "MALFORMED"
    control = run_cli(tmp_path, "--json", "checkin", "K7Q2\x07M9XA")
    assert control.returncode == 3 and "control" in json.loads(control.stdout)["message_en"]
    assert run_cli(tmp_path, "call-next", "--counter", "Loket 99").returncode == 2
    assert run_cli(tmp_path, "checkin", "K7Q2M9XA", "--at", "yesterday").returncode == 2
    assert run_cli(tmp_path, "no-such-command").returncode == 2
    env_bad = subprocess.run([sys.executable, "-m", "shared.cli", "status"], capture_output=True, text=True, cwd=REPO,
                             env={**os.environ, "ANTRIAN_PRINTER_WIDTH": "forty"}, timeout=60)
    assert env_bad.returncode == 2 and "printer.width" in env_bad.stderr and "forty" in env_bad.stderr
