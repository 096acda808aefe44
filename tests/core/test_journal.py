"""The gate's journal of scans the database could not take: kept on disk, written into the audit trail exactly
once when the database is back, never uploaded; on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from shared.db.models import CheckinEvent, Ticket
from shared.domain import Decision
from shared.services.checkin import check_in
from shared.services.journal import MAX_RAW, Journal, journal_path, replay
from shared.services.outbox import pending_events

from .helpers import at, booking, load

DAY = date(2026, 11, 28)


@pytest.fixture
def office(db, config):
    load(db, config, [booking("SOLO0001", DAY)])
    return db


@pytest.fixture
def journal(tmp_path) -> Journal:
    return Journal(tmp_path / "journal" / "gate-journal-GATE-1.jsonl")


def rows(db) -> list[CheckinEvent]:
    with db.sessions.begin() as s:
        return list(s.scalars(select(CheckinEvent).order_by(CheckinEvent.at)))


def keep_two(journal: Journal, config) -> list:
    return [
        journal.append("solo0001", "GATE-1", at(config, DAY, "08:10"), "camera", "OperationalError: connection refused"),
        journal.append("X\x07" + "Z" * 1000, "GATE-1", at(config, DAY, "08:11"), "keyboard", "OperationalError: gone"),
    ]


def test_append_is_json_lines_on_disk_bounded(journal, config):
    first, second = keep_two(journal, config)
    lines = journal.path.read_text("ascii").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [first.id, second.id]
    assert json.loads(lines[0]) == {"v": 1, "id": first.id, "at": "2026-11-28T08:10:00+07:00", "gate": "GATE-1",
                                    "source": "camera", "code": "solo0001",
                                    "reason": "OperationalError: connection refused", "override": None,
                                    "officer": None}
    assert len(second.code) == MAX_RAW and journal.pending() == [first, second]
    assert journal.has_pending()


def test_replay_writes_undecided_events_once_and_clears_the_journal(office, journal, config):
    first, second = keep_two(journal, config)
    now = at(config, DAY, "08:30")
    report = office.run(replay, journal, now)
    assert (report.written, report.already, report.ids) == (2, 0, (first.id, second.id))
    again = office.run(replay, journal, now)  # a crash before the journal was cleared: nothing written twice
    assert (again.written, again.already) == (0, 2)
    events = rows(office)
    assert [e.id for e in events] == [first.id, second.id]
    solo, junk = events
    assert {e.result for e in events} == {Decision.DB_DOWN}
    assert solo.code == "solo0001" and solo.booking_id is not None and solo.gate == "GATE-1"
    assert solo.at == first.at
    assert "database was unreachable" in solo.detail and "source=camera" in solo.detail
    assert junk.booking_id is None and len(junk.code) <= 80 and "\x07" not in junk.code
    assert all(e.tickets == "" and e.upload_state is None for e in events)
    with office.sessions.begin() as s:
        assert s.scalars(select(Ticket)).all() == []
        assert pending_events(s, now=now + timedelta(days=1)) == []  # never uploaded as a check-in
    assert journal.mark_done(report.ids) == 0 and not journal.path.exists() and not journal.has_pending()
    assert office.run(replay, journal, now).ids == ()


def test_an_undecided_scan_does_not_block_the_real_check_in_later(office, journal, config):
    journal.append("SOLO0001", "GATE-1", at(config, DAY, "08:10"), "camera", "OperationalError: refused")
    office.run(replay, journal, at(config, DAY, "08:20"))
    result = office.run(check_in, config, "SOLO0001", "GATE-1", at(config, DAY, "08:21"))
    assert result.decision is Decision.VALID and len(result.tickets) == 1
    assert [e.result for e in rows(office)] == [Decision.DB_DOWN, Decision.VALID]


def test_a_torn_last_line_is_ignored_with_a_log_line_and_the_next_entry_starts_afresh(office, journal, config,
                                                                                      caplog):
    first = journal.append("SOLO0001", "GATE-1", at(config, DAY, "08:10"), "camera", "refused")
    with open(journal.path, "ab") as handle:  # the power went while the next entry was being written
        handle.write(b'{"v":1,"id":"5b1c')
    with caplog.at_level(logging.WARNING, logger="shared.services.journal"):
        assert journal.pending() == [first]
    assert any("torn last line" in r.getMessage() for r in caplog.records)
    later = journal.append("SOLO0001", "GATE-1", at(config, DAY, "08:12"), "manual", "refused")
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="shared.services.journal"):
        assert journal.pending() == [first, later]
    assert any("line 2 unreadable" in r.getMessage() for r in caplog.records)
    report = office.run(replay, journal, at(config, DAY, "08:30"))
    assert report.written == 2 and journal.mark_done(report.ids) == 0
    assert journal.path.with_name(journal.path.name + ".bad").read_bytes() == b'{"v":1,"id":"5b1c\n'


def test_entries_appended_during_a_replay_stay_in_the_journal(office, journal, config):
    first = journal.append("SOLO0001", "GATE-1", at(config, DAY, "08:10"), "camera", "refused")
    report = office.run(replay, journal, at(config, DAY, "08:30"))
    late = journal.append("SOLO0001", "GATE-1", at(config, DAY, "08:31"), "camera", "refused")
    assert journal.mark_done(report.ids) == 1
    assert journal.pending() == [late] and report.ids == (first.id,)
    assert office.run(replay, journal, at(config, DAY, "08:40")).written == 1
    assert len(rows(office)) == 2


def test_appends_from_threads_while_clearing_lose_nothing(journal, config):
    kept: list[str] = []
    lock = threading.Lock()

    def writer(n: int) -> None:
        for i in range(25):
            entry = journal.append(f"T{n}C{i}", "GATE-1", at(config, DAY, "08:10"), "camera", "refused")
            with lock:
                kept.append(entry.id)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    cleared: set[str] = set()
    while any(t.is_alive() for t in threads):
        ids = [e.id for e in journal.pending()[:5]]
        journal.mark_done(ids)
        cleared.update(ids)
    for t in threads:
        t.join()
    assert cleared | {e.id for e in journal.pending()} == set(kept) and len(kept) == 100


def test_where_the_journal_lives(tmp_path):
    a = journal_path(f"sqlite:///{tmp_path}/office.sqlite3", "GATE 1", {})
    assert a.name.startswith("gate-journal-GATE_1-") and a.suffix == ".jsonl" and a.parent.name == "journal"
    assert tmp_path not in a.parents  # the PC's own disk, not the database's folder (which may be what went away)
    assert journal_path(str(tmp_path / "office.sqlite3"), "GATE 1", {}) == a  # a bare path is the same file
    pg = journal_path("postgresql+psycopg://antrian:secret@10.0.0.5/antrian", "GATE-1", {})
    assert pg == journal_path("postgresql+psycopg://antrian:changed@10.0.0.5/antrian", "GATE-1", {})
    assert pg != journal_path("postgresql+psycopg://antrian@10.0.0.5/other", "GATE-1", {}) and "secret" not in str(pg)
    override = journal_path("sqlite:///x.sqlite3", "GATE-1", {"ANTRIAN_GATE_JOURNAL": str(tmp_path / "j.jsonl")})
    assert override == tmp_path / "j.jsonl"


def test_replay_of_an_override_keeps_the_supervisors_reason(office, journal, config):
    journal.append("SOLO0001", "GATE-1", at(config, DAY, "10:30"), "override", "refused", override="bus late")
    office.run(replay, journal, datetime(2026, 11, 28, 4, 0, tzinfo=UTC))
    (event,) = rows(office)
    assert event.override_reason == "bus late" and event.result == Decision.DB_DOWN and event.tickets == ""


def test_a_journalled_scan_names_the_gate_officer_signed_in_then(office, journal, config):
    from shared.services import staff

    officer = office.run(staff.add_officer, config, "199001012015031003", "Rudi Hartono", ["gate"], "112233",
                         at(config, DAY, "07:00"))
    journal.append("SOLO0001", "GATE-1", at(config, DAY, "08:10"), "camera", "refused", officer_id=officer.id)
    journal.append("SOLO0001", "GATE-1", at(config, DAY, "08:11"), "camera", "refused", officer_id=999_999)
    office.run(replay, journal, datetime(2026, 11, 28, 4, 0, tzinfo=UTC))
    assert [e.officer_id for e in rows(office)] == [officer.id, None]  # an officer the database does not know: none


def test_a_long_outage_goes_in_batch_by_batch(office, journal, config):
    kept = [journal.append(f"Q{i:07d}", "GATE-1", at(config, DAY, "08:10") + timedelta(seconds=i), "camera", "gone")
            for i in range(7)]
    now = at(config, DAY, "09:00")
    first = office.run(replay, journal, now, 3)
    assert first.ids == tuple(e.id for e in kept[:3]) and journal.mark_done(first.ids) == 4
    second = office.run(replay, journal, now, 3)
    assert journal.mark_done(second.ids) == 1
    third = office.run(replay, journal, now, 3)
    assert third.written == 1 and journal.mark_done(third.ids) == 0
    assert [e.id for e in rows(office)] == [e.id for e in kept]
