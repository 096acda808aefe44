"""Connected as antrian_counter: the counter's whole day works (sign-in with its lock-out, call, recall, done,
no-show, transfer, pause, checklist, the loket's hold, a supervisor's authority); calls and audit rows cannot be
changed or deleted, tickets cannot be issued or renumbered, check-in events cannot be read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from shared.db.models import CallEvent
from shared.services import counter_ops as ops
from shared.services import lokets, staff
from shared.services.checkin import check_in
from shared.services.counter_view import load_snapshot
from shared.services.db_roles import ADMIN, COUNTER
from shared.services.signed_in import set_station_officer
from shared.services.staff import Action, SignInRefused, StaffRole

from .conftest import denied

pytestmark = pytest.mark.postgres
CLERK_NIP, CLERK_PIN = "199001152015031002", "246810"
BOSS_NIP, BOSS_PIN = "198204102008012001", "135790"


@pytest.mark.parametrize("sql", [
    "DELETE FROM call_event", "UPDATE call_event SET counter_name = 'Loket 9'",
    "UPDATE queue_event SET kind = 'done'", "DELETE FROM queue_event",
    "UPDATE auth_event SET kind = 'sign_in'", "DELETE FROM auth_event",
    "DELETE FROM ticket", "UPDATE ticket SET number = 'A-999'", "UPDATE ticket SET issued_by = NULL",
    "UPDATE ticket SET applicant_id = NULL",
    "INSERT INTO ticket (day, prefix, seq, number, service_prefix, status, is_priority, issued_at, sort_at, "
    "late_override, checklist) VALUES ('2026-11-28', 'A', 999, 'A-999', 'A', 'waiting', false, now(), now(), "
    "false, '')",
    "SELECT * FROM checkin_event", "UPDATE number_allocator SET last = 0", "SELECT * FROM local_secret",
    "UPDATE officer SET roles = 'supervisor'", "DELETE FROM officer", "UPDATE booking SET status = 'active'",
    "UPDATE print_job SET status = 'printed'", "CREATE TABLE counter_was_here (id int)",
])
def test_the_counter_cannot_rewrite_the_record(office, sql) -> None:
    denied(office.as_role(COUNTER), sql)


@pytest.fixture(scope="module")
def staffed(office):
    """A counter officer and a supervisor registered by the admin (`antrian staff add`), bookings checked in."""
    admin, config, now = office.as_role(ADMIN), office.config, office.at("07:00")
    admin.run(staff.add_officer, config, CLERK_NIP, "Rina Loket", ["counter"], CLERK_PIN, now)
    admin.run(staff.add_officer, config, BOSS_NIP, "Budi Supervisor", ["supervisor", "gate"], BOSS_PIN, now)
    boss = staff.sign_in(admin, config, BOSS_NIP, BOSS_PIN, StaffRole.GATE, "GATE-1", now)
    for code in office.codes[:12]:  # (the gate role's own check-in is tests/db_roles/test_gate_role.py's)
        admin.run(check_in, config, code, "GATE-1", office.at("08:20"), actor=boss)
    return office


def test_a_counter_officer_signs_in_after_a_wrong_pin(staffed) -> None:
    office = staffed
    counter, config, now = office.as_role(COUNTER), office.config, office.at("08:00")
    with pytest.raises(SignInRefused) as wrong:
        staff.sign_in(counter, config, CLERK_NIP, "000000", StaffRole.COUNTER, "LOKET-PC-1", now)
    assert wrong.value.remaining == config.staff.lockout_attempts - 1
    clerk = staff.sign_in(counter, config, CLERK_NIP, CLERK_PIN, StaffRole.COUNTER, "LOKET-PC-1", now)
    assert clerk.name == "Rina Loket"


def test_the_counter_day_as_the_counter_role(staffed) -> None:
    office = staffed
    counter, config, now = office.as_role(COUNTER), office.config, office.at("08:25")
    clerk = staff.sign_in(counter, config, CLERK_NIP, CLERK_PIN, StaffRole.COUNTER, "LOKET-PC-1", now)
    claim = lokets.open_for_counter(counter, "Loket 1", host="LOKET-PC-1", pid=1111)
    assert counter.run(set_station_officer, claim, clerk.officer_id)
    first = counter.run(ops.call_next, config, "Loket 1", now, actor=clerk)
    assert first.ticket is not None
    counter.run(ops.recall, config, "Loket 1", now + timedelta(minutes=1), actor=clerk)
    counter.run(ops.save_checklist, config, "Loket 1", {}, now + timedelta(minutes=2), first.ticket.number,
                actor=clerk)
    counter.run(ops.transfer, config, "Loket 1", "D", now + timedelta(minutes=3), actor=clerk)
    second = counter.run(ops.call_next, config, "Loket 1", now + timedelta(minutes=4), actor=clerk)
    counter.run(ops.no_show, config, "Loket 1", now + timedelta(minutes=5), actor=clerk)
    third = counter.run(ops.call_next, config, "Loket 1", now + timedelta(minutes=6), actor=clerk)
    counter.run(ops.done, config, "Loket 1", now + timedelta(minutes=7), actor=clerk)
    counter.run(ops.set_paused, config, "Loket 1", True, now + timedelta(minutes=8), actor=clerk)
    counter.run(ops.set_paused, config, "Loket 1", False, now + timedelta(minutes=9), actor=clerk)
    assert second.ticket is not None and third.ticket is not None
    assert counter.read(load_snapshot, config, "Loket 1", now + timedelta(minutes=9)).counter == "Loket 1"
    assert counter.run(lokets.beat_loket, claim, now + timedelta(minutes=9))
    counter.run(lokets.release_loket, claim)
    with counter.sessions() as s:
        officers = set(s.scalars(select(CallEvent.officer_id).where(CallEvent.counter_name == "Loket 1")))
    assert officers == {clerk.officer_id}


def test_a_supervisor_authorises_at_the_counter(staffed) -> None:
    office = staffed
    counter, config, now = office.as_role(COUNTER), office.config, office.at("08:40")
    clerk = staff.sign_in(counter, config, CLERK_NIP, CLERK_PIN, StaffRole.COUNTER, "LOKET-PC-2", now)
    waiting = counter.read(ops.waiting_list, config, "Loket 2", now)
    assert len(waiting) >= 2
    out_of_order = staff.authorise(counter, config, BOSS_NIP, BOSS_PIN, Action.CALL_OUT_OF_ORDER, "lansia",
                                   "LOKET-PC-2", now, acting=clerk, subject=waiting[-1].number)
    called = counter.run(ops.call_specific, config, "Loket 2", waiting[-1].number, now, actor=clerk,
                         authority=out_of_order)
    assert called.ticket is not None and called.ticket.number == waiting[-1].number
    counter.run(ops.no_show, config, "Loket 2", now, actor=clerk)
    reopen = staff.authorise(counter, config, BOSS_NIP, BOSS_PIN, Action.REOPEN_NO_SHOW, "datang lagi",
                             "LOKET-PC-2", now, acting=clerk, subject=waiting[-1].number)
    counter.run(ops.reopen_no_show, config, waiting[-1].number, now, actor=clerk, authority=reopen)
    void = staff.authorise(counter, config, BOSS_NIP, BOSS_PIN, Action.VOID, "tiket ganda", "LOKET-PC-2", now,
                           acting=clerk, subject=waiting[0].number)
    counter.run(ops.void_ticket, config, waiting[0].number, now, reason="tiket ganda", actor=clerk, authority=void)
    take = staff.authorise(counter, config, BOSS_NIP, BOSS_PIN, Action.TAKE_OVER, "PC mati", "LOKET-PC-3", now,
                           acting=clerk, subject="Loket 3")
    lokets.open_for_counter(counter, "Loket 3", host="DEAD-PC", pid=2222)
    claim = counter.run(lokets.take_over_loket, config, "Loket 3", "LOKET-PC-3", 3333, now, authority=take,
                        actor=clerk, station="LOKET-PC-3")
    assert claim.host == "LOKET-PC-3"
