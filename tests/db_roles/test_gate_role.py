"""Connected as antrian_gate: check-in, printing, the booking sync, the check-in upload and the gate's journal work;
check-in events cannot be deleted or rewritten (only their upload columns move), audit rows are append-only."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from demo.booking_sim import SimServer
from demo.data import demo_bookings
from shared.booking import UploadResult
from shared.db.models import Applicant, Booking, CheckinEvent, Officer, Ticket
from shared.domain import Decision
from shared.services import outbox, print_jobs, staff, stations
from shared.services.checkin import check_in
from shared.services.counter_ops import set_paused
from shared.services.db_roles import ADMIN, COUNTER, GATE
from shared.services.gate_status import gate_snapshot
from shared.services.journal import Journal, replay
from shared.services.outbox import upload_from_config
from shared.services.signed_in import set_station_officer
from shared.services.staff import Action, StaffRole
from shared.services.sync import sync_from_config

from .conftest import DAY, denied

pytestmark = pytest.mark.postgres
TOKEN = "gate-token"


@pytest.mark.parametrize("sql", [
    "DELETE FROM checkin_event", "UPDATE checkin_event SET result = 'valid'",
    "UPDATE checkin_event SET override_reason = 'x'", "UPDATE checkin_event SET officer_id = NULL",
    "UPDATE auth_event SET kind = 'sign_in'", "DELETE FROM auth_event",
    "UPDATE call_event SET number = 'X'", "DELETE FROM call_event", "DELETE FROM queue_event",
    "UPDATE ticket SET status = 'done'", "DELETE FROM ticket", "DELETE FROM print_job",
    "UPDATE officer SET roles = 'admin'", "UPDATE officer SET active = true", "DELETE FROM officer",
    "INSERT INTO officer (nip, name, roles, active, pin_hash, created_at, updated_at) "
    "VALUES ('1', 'x', 'admin', true, 'x', now(), now())",
    "UPDATE officer SET pin_hash = 'x'",  # a PC's login must not set a supervisor's PIN
    "DELETE FROM booking", "SELECT * FROM local_secret", "UPDATE counter SET paused = true",
    "CREATE TABLE gate_was_here (id int)",
])
def test_the_gate_cannot_delete_or_rewrite_the_record(office, sql) -> None:
    denied(office.as_role(GATE), sql)


def test_a_check_in_issues_and_prints_tickets_as_the_gate(office) -> None:
    gate, now = office.as_role(GATE), office.at("07:40")
    office.as_role(COUNTER).run(set_paused, office.config, "Loket 4", True, now)  # the estimate reads pauses too
    result = gate.run(check_in, office.config, office.codes[0], "GATE-1", now)
    assert result.decision == Decision.VALID and result.tickets
    again = gate.run(check_in, office.config, office.codes[0], "GATE-1", now)  # the same booking scanned twice
    assert again.decision != Decision.VALID
    for view in result.tickets:
        job = gate.run(print_jobs.start_job, view.id, "preview://", now)
        assert gate.run(print_jobs.record_outcome, job.id, True, None, now).status == "printed"
    assert gate.read(gate_snapshot, office.config, DAY) is not None
    assert not gate.read(print_jobs.unprinted_tickets, DAY, now)


def test_the_gate_uploads_check_ins_by_their_outbox_columns_only(office) -> None:
    gate, now = office.as_role(GATE), office.at("07:41")
    result = gate.run(check_in, office.config, office.codes[1], "GATE-1", now)
    assert result.decision == Decision.VALID
    batch = gate.run(outbox.claim_batch, now + timedelta(seconds=1))
    ids = [item.id for item in batch]
    assert ids
    settled = gate.run(outbox.record_result, ids, UploadResult(tuple(ids), ()), now + timedelta(seconds=2))
    assert settled[0] == len(ids)
    with office.as_role(ADMIN).sessions() as s:
        states = set(s.scalars(select(CheckinEvent.upload_state).where(CheckinEvent.id.in_(ids))))
    assert states == {"accepted"}


def test_the_gate_replays_its_journal(office, tmp_path) -> None:
    gate = office.as_role(GATE)
    journal = Journal(tmp_path / "journal.jsonl")
    journal.append(office.codes[2], "GATE-1", office.at("07:42"), "camera", "database down")
    report = gate.run(replay, journal, office.at("07:43"))
    assert report.written == 1


def test_the_gate_syncs_bookings_and_uploads_to_the_server(fresh_office) -> None:
    """The gate's io lane: a full sync that adds a booking, renames an applicant and rewrites a booking with one
    applicant fewer (the gate deletes that applicant row), a second sync, then the upload of a check-in."""
    office = fresh_office
    bookings = demo_bookings(DAY, office.config.office.code, 24, 7, office.config.office.timezone)
    active = [b for b in bookings if b["status"] == "active"]
    family = next(b for b in active if len(b["applicants"]) > 1)
    family["applicants"] = family["applicants"][:1]
    renamed = next(b for b in active if b is not family)
    renamed["applicants"][0] = {**renamed["applicants"][0], "name": "NAMA BARU"}
    bookings.append({**active[-1], "booking_code": "NEWBOOK1"})
    for changed in (family, renamed, bookings[-1]):
        changed["updated_at"] = datetime.now(UTC).isoformat()
    with SimServer(DAY, office.config.office.code, bookings=bookings, token=TOKEN) as sim:
        server = dataclasses.replace(office.config.booking_server, url=sim.url, token=TOKEN)
        config = dataclasses.replace(office.config, booking_server=server)
        gate = office.as_role(GATE)
        report = sync_from_config(gate, config, DAY, full=True)
        assert report.ok and report.inserted == 1 and report.updated == 2, report.lines()
        assert sync_from_config(gate, config, DAY).ok
        result = gate.run(check_in, config, family["booking_code"], "GATE-1", office.at("07:45"))
        assert result.decision == Decision.VALID and len(result.tickets) == 1
        uploaded = upload_from_config(gate, config, office.at("07:46"))
        assert uploaded.accepted == 1 and family["booking_code"] in str(sim.checkins())
    with gate.sessions() as s:
        kept = s.scalar(select(Booking.id).where(Booking.code == family["booking_code"]))
        assert len(s.scalars(select(Applicant.id).where(Applicant.booking_id == kept)).all()) == 1


GATE_NIP, GATE_PIN = "199105052016042001", "112358"
BOSS_NIP, BOSS_PIN = "198204102008012001", "135790"


def test_a_signed_in_gate_officer_checks_in_late_and_reprints_with_a_supervisor(fresh_office) -> None:
    """Sign-in (wrong PINs counted and locked out in auth_event, which the gate may only append to), a late
    admission and a reprint with a supervisor's authority: the gate officer on every row, the supervisor on the
    overrides."""
    office = fresh_office
    admin, gate, config = office.as_role(ADMIN), office.as_role(GATE), office.config
    now = office.at("09:45")  # the 08:00 slot closed at 08:30: late
    admin.run(staff.add_officer, config, GATE_NIP, "Sari Pintu", ["gate"], GATE_PIN, now)
    admin.run(staff.add_officer, config, BOSS_NIP, "Budi Supervisor", ["supervisor"], BOSS_PIN, now)
    for _ in range(config.staff.lockout_attempts):
        with pytest.raises(staff.SignInRefused):
            staff.sign_in(gate, config, BOSS_NIP, "000000", StaffRole.SUPERVISOR, "GATE-1", now)
    with pytest.raises(staff.SignInRefused) as locked:
        staff.sign_in(gate, config, BOSS_NIP, BOSS_PIN, StaffRole.SUPERVISOR, "GATE-1", now)
    assert locked.value.locked_until is not None
    officer = staff.sign_in(gate, config, GATE_NIP, GATE_PIN, StaffRole.GATE, "GATE-1", now)
    claim = stations.claim_for_role(gate, config, "gate", host="GATE-PC", pid=5151)
    assert gate.run(set_station_officer, claim, officer.officer_id)
    later = now + timedelta(minutes=config.staff.lockout_minutes + 1)
    late = staff.authorise(gate, config, BOSS_NIP, BOSS_PIN, Action.LATE_ADMISSION, "bus terlambat", "GATE-1",
                           later, acting=officer, subject=office.codes[0])
    result = gate.run(check_in, config, office.codes[0], "GATE-1", later, "bus terlambat", actor=officer,
                      authority=late)
    assert result.decision == Decision.VALID, result.message
    view = result.tickets[0]
    first = gate.run(print_jobs.reprint_by_id, config, view.id, "preview://", later, actor=officer)
    gate.run(print_jobs.record_outcome, first.job.id, True, None, later)
    again = staff.authorise(gate, config, BOSS_NIP, BOSS_PIN, Action.REPRINT, "kertas sobek", "GATE-1", later,
                            acting=officer, subject=view.booking_code or view.number)
    second = gate.run(print_jobs.reprint_by_id, config, view.id, "preview://", later, actor=officer,
                      authority=again)
    assert second.job is not None and second.job.id != first.job.id
    with admin.sessions() as s:
        event = s.scalar(select(CheckinEvent).where(CheckinEvent.id == result.event_id))
        assert (event.officer_id, event.supervisor_id) == (officer.officer_id, late.supervisor_id)
        assert set(s.scalars(select(Ticket.issued_by).where(Ticket.booking_id == event.booking_id))) == {
            officer.officer_id}
        assert s.scalar(select(Officer.pin_hash).where(Officer.nip == GATE_NIP)).startswith("$argon2id$v=19$m=1024,t=1")
