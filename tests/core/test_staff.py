"""The staff register and its rules in the core: NIP/PIN checks, sign-in, lock-out, authority, attribution.

On SQLite and PostgreSQL; the windows and the CLI have their own tests (tests/counter_signin, tests/gate_signin,
tests/staff_cli)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from shared.db.models import AuthEvent, CallEvent, CheckinEvent, Officer, PrintJob, QueueEvent, Ticket
from shared.domain import Decision, TicketStatus
from shared.services import counter_ops as ops
from shared.services import print_jobs, staff
from shared.services.checkin import check_in

from .helpers import applicant, at, booking, load

DAY = date(2026, 11, 28)
GATE = ("199001012015031003", "Rudi Hartono", ["gate"], "112233")
COUNTER = ("198703152010121002", "Dewi Lestari", ["counter"], "246810")
SUPERVISOR = ("197905202005011001", "Bambang Sutrisno", ["supervisor", "admin"], "135790")


def when(config, hhmm="08:30"):
    return at(config, DAY, hhmm)


@pytest.fixture
def office(db, config):
    """Three officers and a morning's bookings; returns (db, {role: Actor})."""
    load(db, config, [
        booking("EIGHT001", DAY, "08:00", "09:00", applicants=[applicant(0), applicant(1)]),
        booking("LATE0001", DAY, "07:00", "07:30", applicants=[applicant(2)]),
    ])
    actors = {}
    for role, (nip, name, roles, pin) in zip(("gate", "counter", "supervisor"), (GATE, COUNTER, SUPERVISOR),
                                             strict=True):
        db.run(staff.add_officer, config, nip, name, roles, pin, when(config, "07:00"))
        actors[role] = staff.sign_in(db, config, nip, pin, roles[0], "PC-1", when(config, "07:05"))
    return db, actors


def refused(fn, *args, **kwargs) -> staff.SignInRefused:
    with pytest.raises(staff.SignInRefused) as caught:
        fn(*args, **kwargs)
    return caught.value


# ---- NIP and PIN


@pytest.mark.parametrize("nip, why", [
    ("12345", "18 angka"),
    ("19850310201001100X", "18 angka"),
    ("198513102010011003", "tanggal lahir"),
    ("198503102010131003", "pengangkatan"),
    ("198503101995011003", "pengangkatan"),  # appointed at ten
    ("198503102010013003", "jenis kelamin"),
    ("198503102010011000", "000"),
    ("193003102010011003", "di luar jangkauan"),
])
def test_malformed_nips_are_refused_with_the_part_that_is_wrong(nip, why):
    with pytest.raises(staff.StaffError) as caught:
        staff.validate_nip(nip, date(2026, 12, 1))
    assert why in caught.value.text.id and caught.value.text.en


@given(born=st.dates(date(1950, 1, 1), date(1995, 12, 31)), years=st.integers(18, 30),
       month=st.integers(1, 12), sex=st.sampled_from("12"), seq=st.integers(1, 999))
def test_every_well_formed_nip_is_accepted_and_spaces_are_ignored(born, years, month, sex, seq):
    nip = f"{born:%Y%m%d}{born.year + years}{month:02d}{sex}{seq:03d}"
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    assert staff.validate_nip(spaced, date(2026, 12, 1)) == nip


@pytest.mark.parametrize("pin", ["", "12345", "1234567", "12345a", "١٢٣٤٥٦"])
def test_a_pin_is_six_ascii_digits(pin):
    with pytest.raises(staff.StaffError, match="6"):
        staff.validate_pin(pin)


def test_the_register_keeps_only_an_argon2id_hash_and_refuses_duplicates(db, config):
    view = db.run(staff.add_officer, config, *GATE, when(config))
    assert view.roles == ("gate",) and view.active
    with db.session() as s:
        row = s.scalar(select(Officer))
        assert row.pin_hash.startswith("$argon2id$") and GATE[3] not in row.pin_hash
        kinds = s.scalars(select(AuthEvent.kind)).all()
    assert kinds == [staff.AuthKind.STAFF_ADD]
    with pytest.raises(staff.StaffError, match="sudah terdaftar"):
        db.run(staff.add_officer, config, *GATE, when(config))
    with pytest.raises(staff.StaffError, match="tidak dikenal"):
        db.run(staff.add_officer, config, COUNTER[0], "X Y", ["cook"], "111111", when(config))


# ---- sign-in


def test_sign_in_wrong_pins_count_down_then_lock_and_the_lock_ends(db, config):
    db.run(staff.add_officer, config, *COUNTER, when(config, "07:00"))
    t = when(config, "08:00")
    tries = [refused(staff.sign_in, db, config, COUNTER[0], "000000", "counter", "L1", t).remaining
             for _ in range(4)]
    assert tries == [4, 3, 2, 1]
    locked = refused(staff.sign_in, db, config, COUNTER[0], "000000", "counter", "L1", t)
    assert locked.remaining == 0 and locked.locked_until == t + timedelta(minutes=5)
    assert "08:05" in locked.text.id and "locked" in locked.text.en.lower()
    # the right PIN does not help while locked
    still = refused(staff.sign_in, db, config, COUNTER[0], COUNTER[3], "counter", "L1", t + timedelta(minutes=4))
    assert "Terkunci" in still.text.id
    actor = staff.sign_in(db, config, COUNTER[0], COUNTER[3], "counter", "L1", t + timedelta(minutes=5, seconds=1))
    assert actor.name == "Dewi Lestari"
    # a good sign-in starts the count again
    assert refused(staff.sign_in, db, config, COUNTER[0], "000000", "counter", "L1", t + timedelta(minutes=6)
                   ).remaining == 4
    with db.session() as s:
        kinds = s.scalars(select(AuthEvent.kind).order_by(AuthEvent.id)).all()
    assert kinds.count(staff.AuthKind.SIGN_IN_FAILED) == 4 + 1 + 1 and kinds.count(staff.AuthKind.LOCKED_OUT) == 1
    assert kinds.count(staff.AuthKind.SIGN_IN) == 1
    assert kinds.count(staff.AuthKind.PIN_CHECK) == 5 + 1 + 1  # the locked try checked no PIN


def test_unknown_disabled_malformed_and_wrong_role_are_refused_and_recorded(db, config):
    db.run(staff.add_officer, config, *GATE, when(config, "07:00"))
    t = when(config)
    assert "tidak terdaftar" in refused(staff.sign_in, db, config, COUNTER[0], "246810", "counter", "L1", t).text.id
    assert "18 angka" in refused(staff.sign_in, db, config, "12", "246810", "counter", "L1", t).text.id
    assert "6 angka" in refused(staff.sign_in, db, config, GATE[0], "12", "gate", "G1", t).text.id
    wrong_role = refused(staff.sign_in, db, config, GATE[0], GATE[3], "counter", "L1", t)
    assert "bukan petugas loket" in wrong_role.text.id and "not a counter officer" in wrong_role.text.en
    db.run(staff.disable_officer, GATE[0], t)
    assert "dinonaktifkan" in refused(staff.sign_in, db, config, GATE[0], GATE[3], "gate", "G1", t).text.id
    with db.session() as s:
        rows = s.execute(select(AuthEvent.kind, AuthEvent.nip, AuthEvent.detail).order_by(AuthEvent.id)).all()
    refusals = [(r.kind, r.detail) for r in rows if r.kind in ("sign_in_failed", "wrong_role")]
    assert refusals == [("sign_in_failed", "unknown NIP"), ("sign_in_failed", "A NIP is 18 digits (read 2 characters)"),
                        ("sign_in_failed", "A PIN is 6 digits"), ("wrong_role", "lacks role counter"),
                        ("sign_in_failed", "disabled")]
    assert all("246810" not in r.detail + r.nip and GATE[3] not in r.detail + r.nip for r in rows)


def test_reset_pin_ends_a_lock_out(db, config):
    db.run(staff.add_officer, config, *GATE, when(config, "07:00"))
    for _ in range(5):
        refused(staff.sign_in, db, config, GATE[0], "000000", "gate", "G1", when(config))
    db.run(staff.reset_pin, config, GATE[0], "654321", when(config))
    assert staff.sign_in(db, config, GATE[0], "654321", "gate", "G1", when(config)).nip == GATE[0]


# ---- who acted, who authorised


def test_every_action_row_names_the_officer(office, config):
    db, who = office
    result = db.run(check_in, config, "EIGHT001", "GATE-1", when(config, "08:10"), actor=who["gate"])
    assert result.decision == Decision.VALID
    db.run(ops.call_next, config, "Loket 1", when(config, "08:20"), actor=who["counter"])
    db.run(ops.recall, config, "Loket 1", when(config, "08:21"), actor=who["counter"])
    db.run(ops.call_next, config, "Loket 1", when(config, "08:25"), actor=who["counter"])  # finishes the first
    db.run(ops.no_show, config, "Loket 1", when(config, "08:30"), actor=who["counter"])
    db.run(print_jobs.reprint_by_id, config, result.tickets[0].id, "", when(config, "08:31"), True,
           actor=who["gate"])
    gate_id, counter_id = who["gate"].officer_id, who["counter"].officer_id
    with db.session() as s:
        assert s.scalars(select(CheckinEvent.officer_id)).all() == [gate_id]
        assert set(s.scalars(select(Ticket.issued_by))) == {gate_id}
        assert s.scalars(select(CallEvent.officer_id)).all() == [counter_id] * 3
        assert s.scalars(select(QueueEvent.officer_id)).all() == [counter_id] * 2  # the auto-done and the no-show
        assert set(s.scalars(select(PrintJob.officer_id))) == {gate_id}


def test_once_officers_exist_an_unattributed_or_wrong_role_action_is_refused(office, config):
    db, who = office
    with pytest.raises(staff.StaffError, match="--as"):
        db.run(check_in, config, "EIGHT001", "GATE-1", when(config, "08:10"))
    with pytest.raises(staff.StaffError, match="bukan petugas pintu masuk"):
        db.run(check_in, config, "EIGHT001", "GATE-1", when(config, "08:10"), actor=who["counter"])
    with pytest.raises(staff.StaffError, match="bukan petugas loket"):
        db.run(ops.call_next, config, "Loket 1", when(config), actor=who["gate"])
    db.run(staff.disable_officer, COUNTER[0], when(config))
    with pytest.raises(staff.StaffError, match="tidak aktif"):
        db.run(ops.call_next, config, "Loket 1", when(config), actor=who["counter"])
    with db.session() as s:
        assert s.scalar(select(CheckinEvent.id)) is None and s.scalar(select(CallEvent.id)) is None


def test_a_late_admission_needs_a_supervisors_authority_for_that_action(office, config):
    db, who = office
    t = when(config, "08:40")
    with pytest.raises(staff.StaffError, match="supervisor"):
        db.run(check_in, config, "LATE0001", "GATE-1", t, "macet", actor=who["gate"])
    not_super = refused(staff.authorise, db, config, COUNTER[0], COUNTER[3], staff.Action.LATE_ADMISSION,
                        "macet di jalan", "GATE-1", t, who["gate"])
    assert "bukan supervisor" in not_super.text.id
    reprint_only = staff.authorise(db, config, SUPERVISOR[0], SUPERVISOR[3], staff.Action.REPRINT, "kertas",
                                   "GATE-1", t, who["gate"])
    with pytest.raises(staff.StaffError, match="tidak berlaku"):
        db.run(check_in, config, "LATE0001", "GATE-1", t, actor=who["gate"], authority=reprint_only)
    yes = staff.authorise(db, config, SUPERVISOR[0], SUPERVISOR[3], staff.Action.LATE_ADMISSION,
                          "banjir di jalan", "GATE-1", t, who["gate"], subject="LATE0001")
    expired = t + timedelta(minutes=config.staff.authority_minutes, seconds=1)
    with pytest.raises(staff.StaffError, match="tidak berlaku"):
        db.run(check_in, config, "LATE0001", "GATE-1", expired, actor=who["gate"], authority=yes)
    result = db.run(check_in, config, "LATE0001", "GATE-1", t, actor=who["gate"], authority=yes)
    assert result.decision == Decision.VALID and result.override_reason == "banjir di jalan"
    with db.session() as s:
        event = s.scalar(select(CheckinEvent).where(CheckinEvent.result == Decision.VALID))
        assert (event.officer_id, event.supervisor_id) == (who["gate"].officer_id, who["supervisor"].officer_id)
        auth = s.get(AuthEvent, yes.event_id)
        assert (auth.kind, auth.action, auth.officer_id) == ("authorise", "late_admission", who["gate"].officer_id)


def test_reprint_void_reopen_and_out_of_order_calls_need_a_supervisor(office, config):
    db, who = office
    t = when(config, "08:10")
    tickets = db.run(check_in, config, "EIGHT001", "GATE-1", t, actor=who["gate"]).tickets
    first = db.run(print_jobs.reprint_by_id, config, tickets[0].id, "", t, actor=who["gate"])
    db.run(print_jobs.mark_printed, first.job.id, None, t)
    with pytest.raises(staff.StaffError, match="(?i)cetak ulang"):
        db.run(print_jobs.reprint_by_id, config, tickets[0].id, "", t, actor=who["gate"])

    def ok(action, subject, acting="counter"):
        return staff.authorise(db, config, SUPERVISOR[0], SUPERVISOR[3], action, "alasan jelas", "PC-1", t,
                               who[acting], subject=subject)

    with pytest.raises(staff.StaffError, match="bukan EIGHT001"):
        db.run(print_jobs.reprint_by_id, config, tickets[0].id, "", t, actor=who["gate"],
               authority=ok(staff.Action.REPRINT, tickets[1].number, "gate"))
    again = db.run(print_jobs.reprint_by_id, config, tickets[0].id, "", t, actor=who["gate"],
                   authority=ok(staff.Action.REPRINT, "EIGHT001", "gate"))  # the family's booking
    assert again.job is not None and again.job.id != first.job.id
    with pytest.raises(staff.StaffError, match="(?i)panggil di luar urutan"):
        db.run(ops.call_specific, config, "Loket 1", tickets[1].number, t, actor=who["counter"])
    called = db.run(ops.call_specific, config, "Loket 1", tickets[1].number, t, actor=who["counter"],
                    authority=ok(staff.Action.CALL_OUT_OF_ORDER, tickets[1].number))
    assert called.ticket.number == tickets[1].number
    db.run(ops.no_show, config, "Loket 1", t, actor=who["counter"])
    with pytest.raises(staff.StaffError, match="(?i)buka lagi"):
        db.run(ops.reopen_no_show, config, tickets[1].number, t, actor=who["counter"])
    back = db.run(ops.reopen_no_show, config, tickets[1].number, t, actor=who["counter"],
                  authority=ok(staff.Action.REOPEN_NO_SHOW, tickets[1].number))
    assert back.status == TicketStatus.WAITING
    with pytest.raises(staff.StaffError, match="(?i)batalkan"):
        db.run(ops.void_ticket, config, tickets[0].number, t, reason="dobel", actor=who["counter"])
    voided = db.run(ops.void_ticket, config, tickets[0].number, t, actor=who["counter"],
                    authority=ok(staff.Action.VOID, tickets[0].number))
    assert voided.status == TicketStatus.VOIDED
    assert db.run(ops.call_next, config, "Loket 1", t, actor=who["counter"]).ticket.number == tickets[1].number
    with db.session() as s:
        rows = s.execute(select(QueueEvent.kind, QueueEvent.officer_id, QueueEvent.supervisor_id, QueueEvent.detail)
                         .where(QueueEvent.kind.in_(["call_specific", "reopen", "void"])).order_by(QueueEvent.id)).all()
        supervisor = who["supervisor"].officer_id
        assert [(r.kind, r.supervisor_id) for r in rows] == [
            ("call_specific", supervisor), ("reopen", supervisor), ("void", supervisor)]
        assert all(r.officer_id == who["counter"].officer_id and "alasan jelas" in r.detail for r in rows)
        assert s.scalar(select(PrintJob.supervisor_id).where(PrintJob.id == again.job.id)) == supervisor


def test_a_fresh_install_without_officers_works_unattributed(db, config):
    load(db, config, [booking("LATE0001", DAY, "07:00", "07:30", applicants=[applicant(2)])])
    result = db.run(check_in, config, "LATE0001", "GATE-1", when(config, "08:40"), "macet")
    assert result.decision == Decision.VALID and result.override_reason == "macet"
    with db.session() as s:
        assert s.scalar(select(CheckinEvent.officer_id)) is None


def test_a_pin_typed_into_the_nip_field_is_never_stored(db, config):
    db.run(staff.add_officer, config, *GATE, when(config, "07:00"))
    for typed in (GATE[3], GATE[0] + GATE[3]):
        refused(staff.sign_in, db, config, typed, GATE[3], "gate", "G1", when(config))
    with db.session() as s:
        stored = s.execute(select(AuthEvent.nip, AuthEvent.detail)).all()
    assert all(GATE[3] not in nip + detail for nip, detail in stored)


def test_guesses_sent_at_once_never_get_more_tries_than_the_limit(db, config):
    """Ten wrong PINs and the right one from eleven threads at once (as from eleven PCs): the tries are counted
    before the hash is checked, so at most `lockout_attempts` PINs are checked before the lock-out."""
    from concurrent.futures import ThreadPoolExecutor

    db.run(staff.add_officer, config, *COUNTER, when(config, "07:00"))
    pins = [f"{i:06d}" for i in range(10)] + [COUNTER[3]]

    def attempt(pin):
        try:
            return staff.sign_in(db, config, COUNTER[0], pin, "counter", "L1", when(config, "08:00"))
        except staff.SignInRefused as exc:
            return exc

    with ThreadPoolExecutor(11) as pool:
        results = list(pool.map(attempt, pins))
    with db.session() as s:
        checks = s.scalar(select(func.count(AuthEvent.id)).where(AuthEvent.kind == "pin_check"))
        locks = s.scalar(select(func.count(AuthEvent.id)).where(AuthEvent.kind == "locked_out"))
    assert checks <= config.staff.lockout_attempts + 1  # +1: a correct PIN resets the count for the ones after it
    assert locks >= 1 and sum(isinstance(r, staff.SignInRefused) for r in results) >= 10
    state = db.read(staff.pin_state, config, COUNTER[0], when(config, "08:00"))
    assert state.locked_until is not None or any(isinstance(r, staff.Actor) for r in results)


def test_an_authority_is_for_one_subject_one_acting_officer_and_never_the_supervisors_own(office, config):
    db, who = office
    t = when(config, "08:40")
    other = staff.authorise(db, config, SUPERVISOR[0], SUPERVISOR[3], staff.Action.LATE_ADMISSION, "banjir",
                            "GATE-1", t, who["gate"], subject="EIGHT001")
    with pytest.raises(staff.StaffError, match="untuk EIGHT001, bukan LATE0001"):
        db.run(check_in, config, "LATE0001", "GATE-1", t, actor=who["gate"], authority=other)
    given_to_gate = staff.authorise(db, config, SUPERVISOR[0], SUPERVISOR[3], staff.Action.LATE_ADMISSION,
                                    "banjir", "GATE-1", t, who["gate"], subject="late0001")
    db.run(staff.add_officer, config, "199105052015031004", "Gate Dua", ["gate"], "101010", t)
    second_gate = staff.sign_in(db, config, "199105052015031004", "101010", "gate", "GATE-2", t)
    with pytest.raises(staff.StaffError, match="petugas lain"):
        db.run(check_in, config, "LATE0001", "GATE-2", t, actor=second_gate, authority=given_to_gate)
    db.run(staff.add_officer, config, "198001012005011002", "Super Gerbang", ["supervisor", "gate"], "202020", t)
    himself = staff.sign_in(db, config, "198001012005011002", "202020", "gate", "GATE-3", t)
    own = refused(staff.authorise, db, config, "198001012005011002", "202020", staff.Action.LATE_ADMISSION,
                  "saya sendiri", "GATE-3", t, himself, subject="LATE0001")
    assert "sendiri" in own.text.id and "own action" in own.text.en
    before = t - timedelta(minutes=config.staff.authority_minutes, seconds=1)
    with pytest.raises(staff.StaffError, match="tidak berlaku"):  # a time before the authority is no way round
        db.run(check_in, config, "LATE0001", "GATE-1", before, actor=who["gate"], authority=given_to_gate)
    assert db.run(check_in, config, "LATE0001", "GATE-1", t, actor=who["gate"],
                  authority=given_to_gate).decision == Decision.VALID
