"""sync_day over real HTTP into SQLite and PostgreSQL: full, 304, changes, and every failure leaving the
local database exactly as it was."""

from __future__ import annotations

from datetime import timedelta

import pytest

from shared.db.models import Booking
from shared.domain import Decision
from shared.services.checkin import check_in
from shared.services.checkin import last_sync_at as gate_last_sync_at
from shared.services.sync import day_state, last_sync_at, sync_day


def test_first_sync_is_full_and_pages(db, sim, client, day, at, snapshot):
    now = at(6, 0)
    report = sync_day(db, client, day, now)
    assert report.ok and report.full and report.pages == 3
    assert report.fetched == 120 and report.inserted == 120 and report.skipped == ()
    assert snapshot(db)["bookings"] == 120
    assert db.run(last_sync_at) == now and db.run(gate_last_sync_at) == now  # the gate sees it too
    assert db.run(day_state, "KANIM-KETAPANG", day).etag == sim.state.etag


def test_second_sync_is_not_modified(db, sim, client, day, at, snapshot):
    sync_day(db, client, day, at(6, 0))
    before = snapshot(db)
    report = sync_day(db, client, day, at(6, 5))
    assert report.ok and report.not_modified and not report.full
    assert db.run(last_sync_at) == at(6, 5)
    after = snapshot(db)
    assert after["bookings"] == before["bookings"] and after["statuses"] == before["statuses"]


def test_same_day_cancellation_arrives_and_stops_the_next_scan(db, sim, client, day, at, config):
    sync_day(db, client, day, at(6, 0))
    code = next(c for c, b in sorted(sim.state.bookings.items()) if b["status"] == "active" and b["date"] == str(day))
    sim.cancel(code)
    report = sync_day(db, client, day, at(7, 0))
    assert report.ok and not report.full
    assert (report.fetched, report.updated, report.inserted) == (1, 1, 0)
    with db.sessions() as s:
        assert s.query(Booking).filter_by(code=code).one().status == "cancelled"
    result = db.run(check_in, config, code, "GATE-1", at(8, 30))
    assert result.decision is Decision.CANCELLED


def test_a_booking_with_a_bad_field_is_skipped_not_the_day(db, sim, client, day, at, snapshot):
    sim.set_fault("bad_field", count=1)
    report = sync_day(db, client, day, at(6, 0))
    assert report.ok and report.fetched == 120 and report.inserted == 119
    bad = sorted(sim.state.bookings)[0]
    assert [p.booking_code for p in report.skipped] == [bad] and "25:99" in report.skipped[0].reason
    assert snapshot(db)["bookings"] == 119
    assert any(bad in line for line in report.lines())


FAILURES = [
    ("401", "bad_token"), ("404", "unknown_office"), ("429", "rate_limited"), ("500", "server_error"),
    ("503", "server_error"), ("timeout", "timeout"), ("drop", "connection_dropped"), ("html", "not_json"),
    ("truncated", "truncated_json"), ("down", "connection_refused"),
]


@pytest.mark.parametrize(("mode", "kind"), FAILURES)
def test_failed_sync_leaves_the_database_intact(db, sim, client, day, at, snapshot, mode, kind):
    sim.set_fault(mode)
    assert not sync_day(db, client, day, at(5, 0)).ok  # the very first sync of an empty database
    assert snapshot(db)["bookings"] == 0 and db.run(last_sync_at) is None
    sim.set_fault("none")
    assert sync_day(db, client, day, at(6, 0)).ok
    sim.cancel(sorted(sim.state.bookings)[5])
    before = snapshot(db)
    sim.set_fault(mode)
    report = sync_day(db, client, day, at(7, 0))
    assert not report.ok and report.error_kind == kind and " / " in report.error.line() and report.error.en
    assert report.last_sync_at == at(6, 0)  # the gate still shows how old its list is
    assert snapshot(db) == before
    assert report.lines()[0].startswith("GAGAL / FAILED")
    sim.set_fault("none")
    healed = sync_day(db, client, day, at(7, 5))
    assert healed.ok and healed.updated == 1 and db.run(last_sync_at) == at(7, 5)


def test_retry_after_then_success(db, sim, client, sleeps, day, at, snapshot):
    sim.set_fault("429", count=2)
    report = sync_day(db, client, day, at(6, 0))
    assert report.ok and report.inserted == 120 and sleeps == [1.0, 1.0]


def test_full_sync_on_request_ignores_the_etag(db, sim, client, day, at):
    sync_day(db, client, day, at(6, 0))
    report = sync_day(db, client, day, at(6, 1), full=True)
    assert report.full and not report.not_modified and report.unchanged == 120


def test_next_day_starts_full(db, sim, client, day, at):
    sync_day(db, client, day, at(6, 0))
    report = sync_day(db, client, day + timedelta(days=1), at(6, 0) + timedelta(days=1))
    assert report.ok and report.full and report.fetched == 0
