"""Retention (UU PDP No. 27/2022): old days' names, NIK and phone numbers become salted hashes, the report counts
stay exactly the same, today is untouched, and a second run changes nothing. On a SQLite file and PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from shared.db.engine import Database
from shared.db.models import Applicant, Base, Booking, CallEvent, CheckinEvent, LocalSecret, Ticket
from shared.domain import Decision
from shared.services.checkin import check_in
from shared.services.counter_ops import call_next, done, ensure_counters
from shared.services.privacy import SALT_NAME, purge_personal_data
from shared.services.status import office_status

from ..conftest import REPO
from .helpers import NIKS, applicant, at, booking, load

TODAY = date(2026, 11, 28)
OLD = TODAY - timedelta(days=40)
EDGE = TODAY - timedelta(days=30)  # exactly keep_days old: kept
PHONE = "0812-3456-7890"
OLD_NAMES = ["PEMOHON 1", "PEMOHON 2", "PEMOHON 3"]  # applicant(0..2): only on the old day
OLD_NIKS = NIKS[:3]
SECRETS = [*OLD_NAMES, *OLD_NIKS, PHONE, "081234567890", "812 3456 7890", "+62 812"]


def office(db: Database, config) -> None:
    load(db, config, [
        booking("OLDFAM01", OLD, applicants=[applicant(0), applicant(1, "replacement", reason="lost"),
                                             applicant(2, priority="elderly")]),
        booking("OLDSOLO1", OLD, start="09:00", end="10:00", applicants=[applicant(0)]),  # the same person again
        booking("OLDLATE1", OLD, applicants=[applicant(1)]),
        booking("OLDNOSHW", OLD, applicants=[applicant(2)]),
        booking("EDGE0001", EDGE, applicants=[applicant(4)]),
        booking("TODAY001", TODAY, applicants=[applicant(3)]),
        booking("TODAY002", TODAY, start="10:00", end="11:00", applicants=[applicant(4)]),
    ])
    db.run(ensure_counters, config)
    scans = [
        ("OLDFAM01", OLD, "08:05", None), ("OLDSOLO1", OLD, "09:10", None),
        ("OLDLATE1", OLD, "11:00", f"ibu hamil, telp {PHONE}, datang 28-10-2026"),
        ("081234567890", OLD, "09:30", None),  # a phone number held up to the camera: UNKNOWN
        ("BEGIN:VCARD TEL:+62 812 3456 7890", OLD, "09:31", None),  # MALFORMED
        ("OLDFAM01", OLD, "09:40", None),  # ALREADY_CHECKED_IN
        ("EDGE0001", EDGE, "08:10", None), ("TODAY001", TODAY, "08:10", None), ("ZZZZ9999", TODAY, "08:11", None),
    ]
    for code, day, hhmm, reason in scans:
        db.run(check_in, config, code, "GATE-1", at(config, day, hhmm), reason)
    for day in (OLD, TODAY):
        db.run(call_next, config, "Loket 1", at(config, day, "10:00"))
        db.run(done, config, "Loket 1", at(config, day, "10:10"))
        db.run(call_next, config, "Loket 2", at(config, day, "10:15"))


def report_counts(db: Database, config) -> dict:
    """Everything a report counts, per day: the office status, people, decisions and calls."""
    tz = config.office.tz
    with db.sessions() as s:
        statuses = {day: office_status(s, config, day) for day in (OLD, EDGE, TODAY)}
        people = dict(s.execute(select(Booking.day, func.count(func.distinct(Applicant.nik))).join(Applicant)
                                .group_by(Booking.day)).all())
        applicants = dict(s.execute(select(Booking.day, func.count(Applicant.id)).join(Applicant)
                                    .group_by(Booking.day)).all())
        decisions = Counter((at_.astimezone(tz).date(), r) for r, at_ in s.execute(select(CheckinEvent.result,
                                                                                           CheckinEvent.at)))
        calls = Counter(s.scalars(select(Ticket.day).join(CallEvent, CallEvent.ticket_id == Ticket.id)))
        tickets = Counter(s.scalars(select(Ticket.day)))
    return {"status": statuses, "people": people, "applicants": applicants, "decisions": decisions,
            "calls": calls, "tickets": tickets}


def everything(db: Database) -> dict[str, list[tuple]]:
    with db.sessions() as s:
        return {t.name: [tuple(r) for r in s.execute(select(t).order_by(*t.primary_key.columns))]
                for t in Base.metadata.sorted_tables}


def rows_of(dump: dict, table: str, keep) -> list[tuple]:
    return [r for r in dump[table] if keep(r)]


def test_old_days_are_pseudonymised_counts_stay_today_is_untouched_and_a_second_run_changes_nothing(db, config):
    office(db, config)
    counts_before, before = report_counts(db, config), everything(db)
    assert sum(n for (d, _), n in counts_before["decisions"].items() if d == OLD) == 6
    assert counts_before["decisions"][(OLD, Decision.TOO_LATE.value)] == 0  # the late one was let in (override)

    dry = purge_personal_data(db, config, TODAY, dry_run=True)
    assert everything(db) == before  # a dry run changes nothing (nor makes a salt)
    report = purge_personal_data(db, config, TODAY)
    assert report.before == EDGE and report.keep_days == 30 and not report.dry_run
    assert (report.days, report.bookings, report.applicants) == (1, 4, 6)
    assert (dry.days, dry.bookings, dry.applicants, dry.checkin_events) == \
        (report.days, report.bookings, report.applicants, report.checkin_events)
    assert report.checkin_events == 5  # three welcomes with names (one with the override reason), the phone, the vCard
    assert "pseudonymised" in report.message.en and "disamarkan" in report.message.id

    assert report_counts(db, config) == counts_before
    after = everything(db)
    text = repr(after)
    for secret in SECRETS:
        assert secret not in text, secret
    old_ids = {b.id for b in _bookings(db) if b.day == OLD}
    old_applicants = rows_of(after, "applicant", lambda r: r[1] in old_ids)
    assert len(old_applicants) == 6
    assert all(re.fullmatch(r"#[0-9a-f]{15}", r[3]) and re.fullmatch(r"#[0-9a-f]{24}", r[4]) for r in old_applicants)
    by_booking = {b.code: b.id for b in _bookings(db)}
    first = {r[1]: r[3] for r in old_applicants if r[2] == 1}
    assert first[by_booking["OLDFAM01"]] == first[by_booking["OLDSOLO1"]]  # the same person, the same hash
    reasons = [r for r in after["checkin_event"] if r[7]]
    assert len(reasons) == 1 and "datang 28-10-2026" in reasons[0][7] and "ibu hamil, telp #" in reasons[0][7]

    untouched = {"EDGE0001", "TODAY001", "TODAY002"}
    kept_ids = {by_booking[c] for c in untouched}
    for table, index in (("applicant", 1), ("checkin_event", 2)):
        assert rows_of(after, table, lambda r, i=index: r[i] in kept_ids) == \
            rows_of(before, table, lambda r, i=index: r[i] in kept_ids)
    assert rows_of(after, "checkin_event", lambda r: r[1] == "ZZZZ9999") == \
        rows_of(before, "checkin_event", lambda r: r[1] == "ZZZZ9999")
    assert after["ticket"] == before["ticket"] and after["call_event"] == before["call_event"]
    assert after["queue_event"] == before["queue_event"]

    again = purge_personal_data(db, config, TODAY)
    assert (again.days, again.bookings, again.applicants, again.checkin_events) == (0, 0, 0, 0)
    assert everything(db) == after

    later = db.run(check_in, config, "TODAY002", "GATE-1", at(config, TODAY, "10:05"))
    assert later.decision is Decision.VALID and later.booking.applicants[0].name == "PEMOHON 5"


def test_a_shorter_keep_reaches_further_and_the_salt_is_the_installations(db, config):
    office(db, config)
    with db.sessions() as s:
        salt = s.get(LocalSecret, SALT_NAME).value
    assert re.fullmatch(r"[0-9a-f]{64}", salt)  # made by the migration, once
    report = purge_personal_data(db, config, TODAY, keep_days=1)
    assert report.days == 2 and report.before == TODAY - timedelta(days=1)
    with db.sessions() as s:
        assert s.get(LocalSecret, SALT_NAME).value == salt
        today = s.scalars(select(Applicant.name).join(Booking).where(Booking.day == TODAY)).all()
        edge = s.scalars(select(Applicant.name).join(Booking).where(Booking.day == EDGE)).all()
    assert sorted(today) == ["PEMOHON 4", "PEMOHON 5"] and all(n.startswith("#") for n in edge)
    with pytest.raises(ValueError):
        purge_personal_data(db, config, TODAY, keep_days=0)


def _bookings(db: Database) -> list[Booking]:
    with db.sessions() as s:
        return list(s.scalars(select(Booking)))


def test_cli_purge_dry_run_then_purge_never_prints_the_salt(tmp_path, config):
    db_file = tmp_path / "office.sqlite3"
    db = Database(f"sqlite:///{db_file}")
    db.upgrade()
    office(db, config)
    with db.sessions() as s:
        salt = s.get(LocalSecret, SALT_NAME).value
    db.dispose()
    env = {**os.environ, "ANTRIAN_DATABASE_URL": str(db_file), "ANTRIAN_CONFIG": str(REPO / "demo" / "config.toml"),
           "ANTRIAN_CLOCK": f"{TODAY.isoformat()}T17:00:00+07:00@{time.time():.3f}"}

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "shared.cli", *args], capture_output=True, text=True, env=env,
                              cwd=REPO, timeout=120)

    dry = cli("--json", "privacy", "purge", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout)["applicants"] == 6 and json.loads(dry.stdout)["dry_run"] is True
    refused = cli("privacy", "purge", "--older-than", "0")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "at least 1 day" in refused.stderr
    done_ = cli("privacy", "purge", "--older-than", "30")
    assert done_.returncode == 0 and "6 applicants" in done_.stdout and "6 pemohon" in done_.stdout
    again = cli("--json", "privacy", "purge")
    assert json.loads(again.stdout)["applicants"] == 0
    for out in (dry, refused, done_, again):
        assert salt not in out.stdout + out.stderr
