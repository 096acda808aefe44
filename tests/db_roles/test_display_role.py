"""Connected as antrian_display (the board and the walk-in kiosk in the public hall): what the board shows and a
walk-in ticket work; names, NIK, booking codes, officers and audit rows are out of reach, and nothing recorded
can be changed or deleted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from shared.services import office_clock, print_jobs, stations
from shared.services.board import read_board
from shared.services.call_notify import CallListener, ensure_notify_trigger
from shared.services.checkin import check_in
from shared.services.counter_ops import call_next, set_paused
from shared.services.db_roles import COUNTER, DISPLAY, GATE
from shared.services.tickets import issue_walk_in

from .conftest import DAY, denied

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def morning(office):
    """Two bookings checked in at the gate and one ticket called at Loket 1, by their own roles."""
    gate, counter = office.as_role(GATE), office.as_role(COUNTER)
    numbers = []
    for code in office.codes[:2]:
        result = gate.run(check_in, office.config, code, "GATE-1", office.at("07:45"))
        numbers += [t.number for t in result.tickets]
    called = counter.run(call_next, office.config, "Loket 1", office.at("08:01"))
    counter.run(set_paused, office.config, "Loket 4", True, office.at("08:01"))  # the estimate reads pauses too
    assert numbers and called.ticket is not None
    return office, numbers, called.ticket.number


@pytest.mark.parametrize("sql", [
    "SELECT name FROM applicant", "SELECT nik FROM applicant", "SELECT * FROM applicant",
    "SELECT nik_problem FROM applicant", "SELECT code FROM booking", "SELECT pin_hash FROM officer",
    "SELECT id FROM officer", "SELECT * FROM auth_event", "SELECT * FROM checkin_event",
    "SELECT * FROM local_secret",
])
def test_the_display_cannot_read_personal_data_or_audit(morning, sql) -> None:
    office, _, _ = morning
    assert "permission denied" in denied(office.as_role(DISPLAY), sql)


@pytest.mark.parametrize("sql", [
    "UPDATE ticket SET status = 'done'", "DELETE FROM ticket", "UPDATE ticket SET number = 'X-999'",
    "UPDATE call_event SET number = 'X-999'", "DELETE FROM call_event",
    "UPDATE checkin_event SET result = 'valid'", "DELETE FROM checkin_event",
    "UPDATE auth_event SET kind = 'sign_in'", "DELETE FROM auth_event",
    "UPDATE queue_event SET kind = 'done'", "DELETE FROM queue_event", "DELETE FROM print_job",
    "UPDATE officer SET active = true", "UPDATE station SET officer_id = NULL",
    "INSERT INTO call_event (ticket_id, counter_id, number, counter_name, kind, at) "
    "SELECT id, 1, number, 'Loket 1', 'call', now() FROM ticket LIMIT 1",
    "UPDATE applicant SET application_type = 'new'", "DELETE FROM booking",
    "CREATE TABLE display_was_here (id int)",
])
def test_the_display_cannot_change_what_was_recorded(morning, sql) -> None:
    office, _, _ = morning
    denied(office.as_role(DISPLAY), sql)


def test_the_board_reads_calls_counts_and_waits(morning) -> None:
    office, numbers, called = morning
    display = office.as_role(DISPLAY)
    board = display.read(read_board, office.config, DAY, 0, office.at("08:02"))
    assert [c.number for c in board.calls] == [called]
    assert sum(c.waiting for c in board.counts) == len(numbers) - 1
    assert board.waits is not None and len(board.waits) > 0
    assert ensure_notify_trigger(display.engine)  # the board's start: the migration's trigger is there


def test_the_board_hears_calls_as_the_display_role(morning) -> None:
    office, _, _ = morning
    listener = CallListener(office.as_role(DISPLAY).url, connect_timeout=3)
    listener.connect()
    try:
        call = office.as_role(COUNTER).run(call_next, office.config, "Loket 2", office.at("08:03"))
        assert call.ticket is not None
        assert listener.wait(5.0)
    finally:
        listener.close()


def test_the_kiosk_issues_and_prints_a_walk_in(morning) -> None:
    office, _, _ = morning
    display, now = office.as_role(DISPLAY), office.at("08:10")
    view = display.run(issue_walk_in, office.config, "pickup", now)
    assert view.number.startswith("C") and view.applicant_name is None
    job = display.run(print_jobs.start_job, view.id, "preview://", now)
    failed = display.run(print_jobs.record_outcome, job.id, False, "paper out", now)
    again = display.run(print_jobs.start_job, view.id, "preview://", now)  # the kiosk's retry: the same job
    printed = display.run(print_jobs.record_outcome, again.id, True, None, now)
    assert failed.status == "failed" and again.id == job.id and printed.status == "printed"
    assert display.read(print_jobs.view_by_id, office.config, view.id, now).printed


def test_the_display_pc_claims_its_station_and_follows_the_clock(morning) -> None:
    office, _, _ = morning
    display = office.as_role(DISPLAY)
    claim = stations.claim_for_role(display, office.config, "board", host="HALL-PC", pid=4242)
    assert display.run(stations.beat, claim, datetime.now(UTC))
    display.run(stations.release, claim)
    assert display.read(office_clock.read_server_clock).on_server


def test_the_board_reader_engine_reads_as_the_display_role(morning) -> None:
    office, _, _ = morning
    from shared.db.engine import Database

    reader = Database(office.as_role(DISPLAY).url, reader=True)
    try:
        assert reader.read(lambda s: s.execute(text("SELECT current_user")).scalar()) == DISPLAY
    finally:
        reader.dispose()
