"""`antrian day close`: the backup, then the privacy purge; each reported, a failure of one never stops the other."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from shared.db.models import Applicant, Booking
from shared.services import day_close
from shared.services.checkin import check_in
from shared.services.day_close import close_day

from ..conftest import REPO
from .helpers import applicant, at, booking, load

DAY = date(2026, 11, 28)
OLD = DAY - timedelta(days=45)


def with_backup_dir(config, folder: Path):
    return dataclasses.replace(config, backup=dataclasses.replace(config.backup, dir=str(folder)))


def two_days(db, config) -> None:
    load(db, config, [booking("OLDDAY01", OLD, applicants=[applicant(0)]), booking("TODAY001", DAY)])
    db.run(check_in, config, "OLDDAY01", "GATE-1", at(config, OLD, "08:10"))
    db.run(check_in, config, "TODAY001", "GATE-1", at(config, DAY, "08:10"))


def names(db) -> dict[str, str]:
    with db.sessions() as s:
        return dict(s.execute(select(Booking.code, Applicant.name).join(Applicant)).all())


def test_day_close_backs_up_then_purges(db, config, tmp_path):
    two_days(db, config)
    config = with_backup_dir(config, tmp_path / "backups")
    report = close_day(db, config, DAY, at(config, DAY, "17:30"))
    assert report.ok and [s.name for s in report.steps] == ["close_queue", "backup", "privacy_purge"]
    _queue, backup, purge = report.steps
    assert Path(backup.result.path).name.startswith("antrian-20261128-173000") and Path(backup.result.path).exists()
    assert purge.result.applicants == 1 and purge.result.before == DAY - timedelta(days=30)
    assert names(db)["TODAY001"] == "PEMOHON 1" and names(db)["OLDDAY01"].startswith("#")
    lines = report.lines()
    assert lines[0] == "Tutup hari 28-11-2026 / Day close 2026-11-28"
    assert lines[1].startswith("  OK Tutup antrian / Close the queue:") and lines[2].startswith("  OK Cadangan / Backup:")
    assert lines[3].startswith("  OK Penyamaran data pribadi")


def test_a_failed_backup_does_not_stop_the_purge(db, config, tmp_path):
    two_days(db, config)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    report = close_day(db, with_backup_dir(config, blocker / "backups"), DAY, at(config, DAY, "17:30"))
    _queue, backup, purge = report.steps
    assert not report.ok and not backup.ok and backup.result is None
    assert "Cannot create the backup folder" in backup.message.en and "GAGAL / FAILED" in backup.line()
    assert purge.ok and purge.result.applicants == 1 and names(db)["OLDDAY01"].startswith("#")


def test_a_failed_purge_is_reported_after_the_backup_was_made(db, config, tmp_path, monkeypatch):
    two_days(db, config)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full\nsecond line")

    monkeypatch.setattr(day_close, "purge_personal_data", broken)
    report = close_day(db, with_backup_dir(config, tmp_path / "b"), DAY, at(config, DAY, "17:30"))
    _queue, backup, purge = report.steps
    assert backup.ok and Path(backup.result.path).exists()
    assert not purge.ok and purge.message.line() == "RuntimeError: disk full" and not report.ok


def test_cli_day_close(tmp_path, config):
    from shared.db.engine import Database

    db_file = tmp_path / "office.sqlite3"
    db = Database(f"sqlite:///{db_file}")
    db.upgrade()
    two_days(db, config)
    db.dispose()
    env = {**os.environ, "ANTRIAN_DATABASE_URL": str(db_file), "ANTRIAN_CONFIG": str(REPO / "demo" / "config.toml"),
           "ANTRIAN_BACKUP_DIR": str(tmp_path / "backups"),
           "ANTRIAN_CLOCK": f"{DAY.isoformat()}T17:30:00+07:00@{time.time():.3f}"}

    def cli(*args: str, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "shared.cli", *args], capture_output=True, text=True,
                              env={**env, **extra}, cwd=REPO, timeout=120)

    ok = cli("--json", "day", "close")
    assert ok.returncode == 0, ok.stderr
    report = json.loads(ok.stdout)
    assert report["ok"] is True and report["day"] == DAY.isoformat()
    assert [s["name"] for s in report["steps"]] == ["close_queue", "backup", "privacy_purge"]
    assert report["steps"][2]["result"]["applicants"] == 1
    assert len(list((tmp_path / "backups").iterdir())) == 1
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    failed = cli("day", "close", "--date", DAY.isoformat(), ANTRIAN_BACKUP_DIR=str(blocker / "x"))
    assert failed.returncode == 1 and "GAGAL / FAILED Cadangan / Backup" in failed.stderr
    assert "OK Penyamaran data pribadi" in failed.stdout
    assert cli("day", "close", "--date", "kemarin").returncode == 2


def test_close_marks_waiting_unserved_pauses_counters_and_fixes_the_report(db, config, tmp_path):
    from shared.domain import TicketStatus
    from shared.services import counter_ops as ops
    from shared.services.day_close import close_if_due, day_closed_at
    from shared.services.reports import build_report
    from shared.services.tickets import issue_walk_in

    config = with_backup_dir(config, tmp_path / "b")
    db.run(ops.ensure_counters, config)
    first = db.run(issue_walk_in, config, "pickup", at(config, DAY, "08:00"))
    db.run(issue_walk_in, config, "pickup", at(config, DAY, "08:05"))
    assert db.run(ops.call_next, config, "Loket 3", at(config, DAY, "08:10")).ticket.number == first.number
    db.run(ops.done, config, "Loket 3", at(config, DAY, "08:20"))
    report = close_day(db, config, DAY, at(config, DAY, "17:30"))
    queue = report.steps[0].result
    assert report.ok and (queue.unserved, queue.already_closed) == (1, False)
    assert queue.counters_paused == len(config.counters)
    assert db.read(day_closed_at, DAY) is not None
    with db.sessions() as s:
        from shared.db.models import Counter, Ticket

        assert sorted(t.status for t in s.scalars(select(Ticket))) == [TicketStatus.DONE, TicketStatus.UNSERVED]
        assert all(c.paused for c in s.scalars(select(Counter)))
    before = db.read(build_report, config, DAY, DAY, "service", at(config, DAY, "18:00"))
    assert (before.total.served, before.total.unserved, before.total.above_service_level) == (1, 1, 1)
    # the normal services change nothing of the closed day: the unserved ticket is never called again
    db.run(ops.set_paused, config, "Loket 3", False, at(config, DAY, "17:40"))
    assert db.run(ops.call_next, config, "Loket 3", at(config, DAY, "17:45")).ticket is None
    again = close_day(db, config, DAY, at(config, DAY, "17:50"))
    assert again.steps[0].result.already_closed and again.steps[0].result.unserved == 0
    assert again.steps[0].result.counters_paused == 0
    after = db.read(build_report, config, DAY, DAY, "service", at(config, DAY, "18:00"))
    assert after.total == before.total and after.rows == before.rows
    # the automatic run: nothing due before the closing hour's margin, yesterday first
    assert close_if_due(db, config, at(config, DAY, "17:55")).day == DAY - timedelta(days=1)
    assert close_if_due(db, config, at(config, DAY, "17:56")) is None
    assert close_if_due(db, config, at(config, DAY + timedelta(days=1), "09:00")) is None  # DAY is closed
    late = close_if_due(db, config, at(config, DAY + timedelta(days=1), "18:30"))
    assert late is not None and late.day == DAY + timedelta(days=1)


def test_after_the_close_no_new_number_is_issued_that_day(db, config):
    """A family arriving after the close is told so at the gate (recorded, no ticket); the kiosk refuses too.
    The day's unserved count and stored visits stay what the close fixed."""
    import pytest

    from shared.domain import Decision
    from shared.services.day_close import close_queue
    from shared.services.day_marker import DayClosed
    from shared.services.tickets import issue_walk_in

    load(db, config, [booking("LATE0001", DAY, "16:00", "17:00", applicants=[applicant(1)])])
    db.run(close_queue, config, DAY, at(config, DAY, "16:30"))
    result = db.run(check_in, config, "LATE0001", "GATE-1", at(config, DAY, "16:40"))
    assert result.decision == Decision.DAY_CLOSED and not result.tickets
    assert "16:30" in result.message.id and "closed" in result.message.en
    with pytest.raises(DayClosed, match="sudah ditutup pukul 16:30"):
        db.run(issue_walk_in, config, "pickup", at(config, DAY, "16:41"))
    next_day = db.run(issue_walk_in, config, "pickup", at(config, DAY + timedelta(days=1), "08:00"))
    assert next_day.number.endswith("001")
