"""Backups while the office runs, rotation, and a restore that carries the day on (SQLite file and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from shared.db.engine import Database, masked_url
from shared.db.models import Base, Ticket
from shared.domain import Decision
from shared.services.backup import (
    BACKUP_NAME,
    BackupError,
    backup_database,
    plan_restore,
    restore_database,
    rotate,
)
from shared.services.checkin import check_in
from shared.services.counter_ops import call_next, done

from ..conftest import REPO, fresh_pg_database
from .helpers import applicant, at, booking, load

DAY = date(2026, 11, 28)


@contextmanager
def fresh_database(like: Database, tmp_path: Path) -> Iterator[Database]:
    """A new, empty database of the same kind (upgraded, as `antrian` opens it): the restore's target."""
    if like.is_sqlite:
        db = Database(f"sqlite:///{tmp_path / f'restored-{uuid.uuid4().hex[:6]}.sqlite3'}")
        db.upgrade()
        try:
            yield db
        finally:
            db.dispose()
        return
    yield from fresh_pg_database("antrian_restore")


def everything(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table of ours, in primary-key order (the salt included)."""
    out = {}
    with db.sessions() as s:
        for table in Base.metadata.sorted_tables:
            rows = s.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


def morning(db: Database, config) -> None:
    """08:00-08:40: six bookings, four check-ins (six tickets), two calls, one ticket done."""
    load(db, config, [
        booking("FAMILY01", DAY, applicants=[applicant(0), applicant(1, "replacement", reason="expired"),
                                             applicant(2, priority="child")]),
        booking("SOLO0001", DAY),
        booking("SOLO0002", DAY, applicants=[applicant(3)]),
        booking("SOLO0003", DAY, start="09:00", end="10:00", applicants=[applicant(4)]),
        booking("REPL0001", DAY, applicants=[applicant(1, "replacement", reason="lost")]),
        booking("LATER001", DAY, start="10:00", end="11:00"),
    ])
    for code, hhmm in [("FAMILY01", "08:05"), ("SOLO0001", "08:10"), ("SOLO0002", "08:20"), ("REPL0001", "08:25")]:
        assert db.run(check_in, config, code, "GATE-1", at(config, DAY, hhmm)).decision is Decision.VALID
    assert db.run(call_next, config, "Loket 1", at(config, DAY, "08:30")).ticket is not None
    assert db.run(call_next, config, "Loket 2", at(config, DAY, "08:31")).ticket is not None
    db.run(done, config, "Loket 2", at(config, DAY, "08:40"))


def carry_on(db: Database, config) -> dict:
    """09:40-09:55 of the same day: a repeat scan, a new check-in, two calls."""
    again = db.run(check_in, config, "FAMILY01", "GATE-2", at(config, DAY, "09:40"))
    new = db.run(check_in, config, "SOLO0003", "GATE-1", at(config, DAY, "09:45"))
    call1 = db.run(call_next, config, "Loket 2", at(config, DAY, "09:50"))
    call2 = db.run(call_next, config, "Loket 1", at(config, DAY, "09:55"))
    return {
        "again": (again.decision, [t.number for t in again.tickets]),
        "new": (new.decision, [t.number for t in new.tickets]),
        "calls": [c.ticket.number if c.ticket else None for c in (call1, call2)],
    }


def test_a_mid_morning_backup_restored_into_a_fresh_database_carries_the_day_on(db, config, tmp_path):
    morning(db, config)
    with db.sessions() as s:
        issued = set(s.scalars(select(Ticket.number)))
        called_before = {t.number for t in s.scalars(select(Ticket).where(Ticket.called_at.is_not(None)))}
    assert len(issued) == 6 and len(called_before) == 2
    report = backup_database(db, config, at(config, DAY, "09:30"), tmp_path / "backups")
    suffix = ".sqlite3" if db.is_sqlite else ".dump"
    assert Path(report.path).name == f"antrian-20261128-093000{suffix}" and report.size_bytes > 0
    at_backup = everything(db)

    with fresh_database(db, tmp_path) as target:
        restored = restore_database(target, config, Path(report.path))
        assert (restored.bookings, restored.tickets, restored.checkins) == (6, 6, 4)
        assert everything(target) == at_backup  # every row, the allocator and the privacy salt included

        on_restored, on_original = carry_on(target, config), carry_on(db, config)
        assert on_restored == on_original  # the restored office does what the original would have done
        assert on_restored["again"] == (Decision.ALREADY_CHECKED_IN, ["A-001", "B-001", "P-001"])
        decision, numbers = on_restored["new"]
        assert decision is Decision.VALID and numbers == ["A-004"] and not set(numbers) & issued
        assert all(n and n not in called_before for n in on_restored["calls"])
        with target.sessions() as s:
            assert s.scalar(select(text("count(*)")).select_from(Ticket)) == 7  # nothing reissued


def test_restore_refuses_a_database_that_has_a_day_in_it(db, config, tmp_path):
    morning(db, config)
    report = backup_database(db, config, at(config, DAY, "09:30"), tmp_path)
    before = everything(db)
    with pytest.raises(BackupError) as refused:
        restore_database(db, config, Path(report.path))
    assert refused.value.refused
    assert "tidak kosong" in refused.value.text.id and "not empty" in refused.value.text.en
    assert "6 booking" in refused.value.text.id and "6 tickets" in refused.value.text.en
    assert everything(db) == before


def test_restore_refuses_what_is_not_a_backup_of_this_kind(db, config, tmp_path):
    with fresh_database(db, tmp_path) as target:
        junk = tmp_path / "notes.sqlite3"
        junk.write_text("hello")
        with pytest.raises(BackupError, match="not an Antrian backup"):
            plan_restore(target, junk)
        with pytest.raises(BackupError, match="not found"):
            plan_restore(target, tmp_path / "missing.dump")
        other = tmp_path / ("x.dump" if db.is_sqlite else "x.sqlite3")
        other.write_bytes(b"PGDMP\x01\x0e" if db.is_sqlite else b"SQLite format 3\x00" + bytes(100))
        with pytest.raises(BackupError, match="backup, but the target database is") as wrong:
            plan_restore(target, other)
        assert wrong.value.refused


def test_sqlite_backup_while_other_processes_write_is_always_a_consistent_day(sqlite_db, config, tmp_path):
    codes = [f"BUSY{i:04d}" for i in range(240)]
    load(sqlite_db, config, [booking(c, DAY, applicants=[applicant(i % 5)]) for i, c in enumerate(codes)])
    script = REPO / "tests" / "core" / "concurrency_worker.py"
    workers = [
        subprocess.Popen([sys.executable, str(script), json.dumps([sqlite_db.url, str(REPO / "demo" / "config.toml"),
                                                                   DAY.isoformat(), part, counter, 40])],
                         stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
        for part, counter in ((codes[0::2], "Loket 1"), (codes[1::2], "Loket 2"))
    ]
    seen: list[int] = []
    moment = at(config, DAY, "08:30")
    try:
        while any(w.poll() is None for w in workers) or len(seen) < 2:
            moment += timedelta(seconds=1)
            report = backup_database(sqlite_db, config, moment, tmp_path / "busy")
            seen.append(_consistent_tickets(Path(report.path)))
            time.sleep(0.05)
    finally:
        for w in workers:
            w.wait(timeout=120)
    assert all(w.returncode == 0 for w in workers)
    assert any(0 < n < len(codes) for n in seen), seen  # some copies were taken in the middle of the morning
    final = backup_database(sqlite_db, config, moment + timedelta(seconds=5), tmp_path / "busy")
    assert _consistent_tickets(Path(final.path)) == len(codes)
    kept = sorted(p.name for p in (tmp_path / "busy").iterdir())
    assert len(kept) == min(len(seen) + 1, config.backup.keep) and Path(final.path).name in kept


def _consistent_tickets(path: Path) -> int:
    """A backup is one moment of the day: one self-contained file, every accepted check-in with its tickets,
    every allocator at its highest number. Returns the number of tickets in it."""
    assert not path.with_name(path.name + "-wal").exists()
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        valid = conn.execute("SELECT booking_id, tickets FROM checkin_event WHERE result = 'VALID'").fetchall()
        for booking_id, numbers in valid:
            issued = [r[0] for r in conn.execute("SELECT number FROM ticket WHERE booking_id = ? ORDER BY id",
                                                 (booking_id,))]
            assert issued == numbers.split(",")
        for prefix, last in conn.execute("SELECT prefix, last FROM number_allocator"):
            assert conn.execute("SELECT count(*), max(seq) FROM ticket WHERE prefix = ?", (prefix,)).fetchone() == \
                (last, last)
        tickets = conn.execute("SELECT count(*) FROM ticket").fetchone()[0]
        assert tickets == len(valid)  # one applicant each
        return tickets
    finally:
        conn.close()


def test_rotation_keeps_the_newest_of_each_kind_and_touches_nothing_else(tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    ours = [f"antrian-202611{d:02d}-1700{s:02d}.sqlite3" for d in range(1, 11) for s in (0, 1)]
    dumps = [f"antrian-202611{d:02d}-170000.dump" for d in range(1, 4)]
    theirs = ["notes.txt", "antrian-important.sqlite3", "antrian-20261101-170000.sqlite3.bak",
              "old-antrian-20261101-170000.sqlite3", "antrian-2026110-170000.sqlite3", "ANTRIAN-20261101-170000.sqlite3"]
    for name in ours + dumps + theirs:
        (folder / name).write_text("x")
    (folder / "antrian-20261102-170000").mkdir()  # a folder of that shape is not ours either
    stale = folder / "antrian-20261101-020000.sqlite3.partial"
    stale.write_text("half")
    os.utime(stale, (time.time() - 86400, time.time() - 86400))
    fresh_partial = folder / "antrian-20261110-170002.sqlite3.partial"
    fresh_partial.write_text("being written")
    (folder / "antrian-20261110-170001-2.sqlite3").write_text("x")  # the same second, taken twice

    removed = rotate(folder, 14, "sqlite")
    left = {p.name for p in folder.iterdir()}
    newest = sorted([*ours, "antrian-20261110-170001-2.sqlite3"])[-14:]
    assert {n for n in left if BACKUP_NAME.fullmatch(n) and n.endswith(".sqlite3")} == set(newest)
    assert "antrian-20261110-170001-2.sqlite3" in left and fresh_partial.name in left
    assert set(dumps) | set(theirs) | {"antrian-20261102-170000"} <= left
    assert stale.name in removed and not stale.exists()
    assert len(removed) == 21 - 14 + 1
    assert rotate(folder, 0, "postgresql") == () and set(dumps) <= {p.name for p in folder.iterdir()}
    assert set(rotate(folder, 1, "postgresql")) == set(dumps[:2])


def test_backups_are_dated_in_office_time_and_never_overwrite_each_other(sqlite_db, config, tmp_path):
    moment = at(config, DAY, "17:05")
    names = [Path(backup_database(sqlite_db, config, moment, tmp_path).path).name for _ in range(3)]
    assert names == ["antrian-20261128-170500.sqlite3", "antrian-20261128-170500-2.sqlite3",
                     "antrian-20261128-170500-3.sqlite3"]
    assert all(BACKUP_NAME.fullmatch(n) for n in names)


def test_backup_folder_that_cannot_be_made_is_a_clear_failure(sqlite_db, config, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    config = dataclasses.replace(config, backup=dataclasses.replace(config.backup, dir=str(blocker / "backups")))
    with pytest.raises(BackupError) as failed:
        backup_database(sqlite_db, config, at(config, DAY, "17:00"))
    assert "Folder cadangan tidak bisa dibuat" in failed.value.text.id and "Cannot create" in failed.value.text.en


# ---- PostgreSQL tools: missing, failing, and the password never shown


PG_WITH_PASSWORD = "postgresql+psycopg://antrian:sekret-123@192.0.2.10:5432/antrian"


def test_missing_pg_dump_says_what_to_install(config, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    config = dataclasses.replace(config, backup=dataclasses.replace(config.backup, pg_bin=str(empty)))
    db = Database(PG_WITH_PASSWORD)  # never connected to: the tool is missing first
    try:
        with pytest.raises(BackupError) as missing:
            backup_database(db, config, at(config, DAY, "17:00"), tmp_path / "out")
    finally:
        db.dispose()
    assert "pg_dump tidak ditemukan" in missing.value.text.id and "postgresql-client" in missing.value.text.en
    assert not list((tmp_path / "out").iterdir())


def test_failing_pg_dump_is_reported_and_the_password_goes_only_through_the_environment(config, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    seen = tmp_path / "seen.txt"
    fake = bin_dir / "pg_dump"
    fake.write_text(f'#!/bin/sh\necho "ARGS $*" > {seen}\necho "ENV $PGPASSWORD" >> {seen}\n'
                    'echo "pg_dump: error: connection to server failed: password $PGPASSWORD rejected" >&2\nexit 1\n')
    fake.chmod(0o755)
    config = dataclasses.replace(config, backup=dataclasses.replace(config.backup, pg_bin=str(bin_dir)))
    db = Database(PG_WITH_PASSWORD)
    try:
        with pytest.raises(BackupError) as failed:
            backup_database(db, config, at(config, DAY, "17:00"), tmp_path / "out")
    finally:
        db.dispose()
    message = failed.value.text
    assert "pg_dump gagal" in message.id and "pg_dump failed" in message.en and "connection to server" in message.en
    assert "sekret-123" not in message.line()
    args, env = seen.read_text().splitlines()
    assert "sekret-123" not in args and "--format=custom" in args and env == "ENV sekret-123"
    assert not list((tmp_path / "out").iterdir())  # no half-written file left behind
    assert masked_url(PG_WITH_PASSWORD) == "postgresql+psycopg://antrian:***@192.0.2.10:5432/antrian"


# ---- the CLI


def run_cli(tmp_path: Path, db_file: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "ANTRIAN_DATABASE_URL": str(db_file), "ANTRIAN_CONFIG": str(REPO / "demo" / "config.toml"),
               "ANTRIAN_BACKUP_DIR": str(tmp_path / "backups"), **env}
    return subprocess.run([sys.executable, "-m", "shared.cli", *args], capture_output=True, text=True, env=environ,
                          cwd=REPO, timeout=120, stdin=subprocess.DEVNULL)


def test_cli_backup_and_restore(tmp_path, config):
    office = Database(f"sqlite:///{tmp_path / 'office.sqlite3'}")
    office.upgrade()
    morning(office, config)
    office.dispose()
    made = run_cli(tmp_path, tmp_path / "office.sqlite3", "--json", "db", "backup")
    assert made.returncode == 0, made.stderr
    report = json.loads(made.stdout)
    path = Path(report["path"])
    assert path.parent == tmp_path / "backups" and re.fullmatch(r"antrian-\d{8}-\d{6}\.sqlite3", path.name)
    assert report["message_en"].startswith("Backup written") and report["kind"] == "sqlite"

    fresh = tmp_path / "fresh.sqlite3"
    unasked = run_cli(tmp_path, fresh, "db", "restore", str(path))  # stdin is not a terminal
    assert unasked.returncode == 2 and unasked.stdout == ""
    assert unasked.stderr.count("\n") == 1 and "--yes" in unasked.stderr and "Traceback" not in unasked.stderr
    restored = run_cli(tmp_path, fresh, "--json", "db", "restore", str(path), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert json.loads(restored.stdout)["tickets"] == 6
    again = run_cli(tmp_path, fresh, "db", "restore", str(path), "--yes")
    assert again.returncode == 2 and "not empty" in again.stderr and again.stderr.count("\n") == 1
    refused_json = run_cli(tmp_path, fresh, "--json", "db", "restore", str(path), "--yes")
    assert refused_json.returncode == 2 and json.loads(refused_json.stdout)["ok"] is False
    missing = run_cli(tmp_path, fresh, "db", "restore", str(tmp_path / "nope.sqlite3"), "--yes")
    assert missing.returncode == 2 and "not found" in missing.stderr
    carried = run_cli(tmp_path, fresh, "--json", "checkin", "SOLO0003", "--at", f"{DAY}T09:45")
    assert json.loads(carried.stdout)["tickets"][0]["number"] == "A-004"


def test_cli_backup_failure_is_one_line_exit_1(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    failed = run_cli(tmp_path, tmp_path / "office.sqlite3", "db", "backup", "--to", str(blocker / "sub"))
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1 and "Cannot create the backup folder" in failed.stderr
