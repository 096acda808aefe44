"""`antrian staff add / list / disable / reset-pin` and who may run them, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

from shared import clock
from shared.services import staff
from shared.services.staff import StaffRole

from .conftest import ADMIN, COUNTER, GATE, SUPERVISOR, cheap, register


def test_first_officer_needs_no_one_but_must_be_admin_or_supervisor(office, cli_run):
    refused = cli_run.run(
        "staff",
        "add",
        "--nip",
        COUNTER.nip,
        "--name",
        COUNTER.name,
        "--role",
        "counter",
        stdin=COUNTER.pin + "\n",
    )
    assert refused.code == 3 and "first officer must be an admin" in refused.err
    added = cli_run.run(
        "--json",
        "staff",
        "add",
        "--nip",
        ADMIN.nip,
        "--name",
        ADMIN.name,
        "--role",
        "admin",
        "--role",
        "gate",
        stdin=ADMIN.pin + "\n",
    )
    assert added.code == 0, added.err
    assert added.json() == {
        "ok": True,
        "nip": ADMIN.nip,
        "name": ADMIN.name,
        "roles": ["admin", "gate"],
        "active": True,
        "locked_until": None,
    }
    assert ADMIN.pin not in added.out + added.err


def test_add_once_officers_exist_needs_an_admin(staffed, cli_run):
    args = ("staff", "add", "--nip", "199511302020122005", "--name", "Putri Baru", "--role", "gate")
    missing = cli_run.run(*args, stdin="246810\n")
    assert missing.code == 3 and "--as NIP of an admin is needed" in missing.err
    not_admin = cli_run.as_(SUPERVISOR, *args, stdin="246810\n")
    assert not_admin.code == 3 and "is not an admin" in not_admin.err
    good = cli_run.as_(ADMIN, "--json", *args, stdin="246810\n")
    assert good.code == 0 and good.json()["roles"] == ["gate"]


def test_add_refuses_malformed_nip_pin_and_duplicate(staffed, cli_run):
    def add(nip: str, pin: str):
        return cli_run.as_(
            ADMIN,
            "--json",
            "staff",
            "add",
            "--nip",
            nip,
            "--name",
            "Putri Baru",
            "--role",
            "gate",
            stdin=pin + "\n",
        )

    short = add("19951130202012200", "246810")
    assert short.code == 3 and short.json()["message_en"] == "A NIP is 18 digits (read 17 characters)"
    sex = add("199511302020123005", "246810")
    assert sex.code == 3 and "digit 15 (sex) must be 1 or 2" in sex.err
    pin = add("199511302020122005", "24681")
    assert (
        pin.code == 3 and pin.json()["message_en"] == "A PIN is 6 digits" and "24681" not in pin.out + pin.err
    )
    duplicate = add(GATE.nip, "246810")
    assert duplicate.code == 3 and f"NIP {GATE.nip} is already registered" in duplicate.err


def test_list_shows_no_hash(staffed, cli_run, config):
    listed = cli_run.as_(ADMIN, "--json", "staff", "list")
    assert listed.code == 0
    rows = {r["nip"]: r for r in listed.json()}
    assert set(rows) == {p.nip for p in (ADMIN, SUPERVISOR, GATE, COUNTER)}
    assert rows[COUNTER.nip] == {
        "nip": COUNTER.nip,
        "name": COUNTER.name,
        "roles": ["counter"],
        "active": True,
        "locked_until": None,
    }
    assert "argon2" not in listed.out and "pin" not in listed.out.lower()
    text = cli_run.as_(ADMIN, "staff", "list")
    assert text.code == 0 and f"{GATE.nip}  {GATE.name}" in text.out and "aktif/active" in text.out
    assert cli_run.run("staff", "list").code == 3  # officers exist: an admin only


def test_disable_then_sign_in_refused(staffed, cli_run, config):
    disabled = cli_run.as_(ADMIN, "--json", "staff", "disable", GATE.nip)
    assert disabled.code == 0 and disabled.json()["active"] is False
    refused = cli_run.as_(GATE, "--json", "checkin", "FAMILY01", "--at", "2026-11-28T07:50:00+07:00")
    assert refused.code == 3 and refused.json()["message_en"] == f"{GATE.name} is disabled; ask the admin"
    self_disable = cli_run.as_(ADMIN, "staff", "disable", ADMIN.nip)
    assert self_disable.code == 3 and "cannot disable themselves" in self_disable.err


def _lock_out(cli_run, person) -> list:
    """Five wrong PINs through the CLI: the remaining tries counted down, then the lock-out."""
    answers = [
        cli_run.run("--json", "pause", "--counter", "Loket 1", "--as", person.nip, pin="000000")
        for _ in range(5)
    ]
    assert [a.code for a in answers] == [3] * 5
    assert [a.json()["remaining"] for a in answers] == [4, 3, 2, 1, 0]
    assert "Wrong PIN; 1 try left before a 5-minute lock-out" in answers[3].err
    assert "Wrong PIN 5 times; locked for 5 minutes" in answers[4].err
    return answers


def test_wrong_pin_lock_out_and_its_end(staffed, cli_run, config):
    answers = _lock_out(cli_run, COUNTER)
    locked = cli_run.as_(
        COUNTER, "--json", "pause", "--counter", "Loket 1"
    )  # the right PIN, during the lock-out
    assert locked.code == 3 and locked.json()["message_en"].startswith(
        "Locked after wrong PINs; try again at"
    )
    until = staffed.read(staff.find_officer, COUNTER.nip, cheap(config), clock.now(config.office.tz)).locked_until
    assert until is not None and datetime.fromisoformat(answers[4].json()["locked_until"]) == until
    # the lock ends by itself: the service's clock moved past it
    with_pin = (cheap(config), COUNTER.nip, COUNTER.pin, StaffRole.COUNTER, "LOKET-1")
    early = until - timedelta(seconds=30)
    try:
        staff.sign_in(staffed, *with_pin, early)
        raise AssertionError("signed in during the lock-out")
    except staff.SignInRefused as exc:
        assert exc.locked_until == until
    assert staff.sign_in(staffed, *with_pin, until + timedelta(seconds=1)).nip == COUNTER.nip
    assert cli_run.as_(COUNTER, "pause", "--counter", "Loket 1").code == 0


def test_reset_pin_ends_a_lock_out(staffed, cli_run):
    _lock_out(cli_run, COUNTER)
    reset = cli_run.as_(ADMIN, "--json", "staff", "reset-pin", COUNTER.nip, stdin="918273\n")
    assert reset.code == 0 and reset.json()["locked_until"] is None and "918273" not in reset.out + reset.err
    assert cli_run.as_(COUNTER, "pause", "--counter", "Loket 1").code == 3  # the old PIN is gone
    assert cli_run.run("pause", "--counter", "Loket 1", "--as", COUNTER.nip, pin="918273").code == 0
    unknown = cli_run.as_(ADMIN, "staff", "reset-pin", "199511302020122005", stdin="918273\n")
    assert unknown.code == 3 and "No officer with NIP 199511302020122005" in unknown.err


def test_pin_for_as_comes_from_the_environment_or_a_terminal(staffed, cli_run):
    no_pin = cli_run.run("pause", "--counter", "Loket 1", "--as", COUNTER.nip)
    assert (
        no_pin.code == 3
        and f"The PIN for NIP {COUNTER.nip}: set ANTRIAN_PIN or run in a terminal" in no_pin.err
    )


def test_staff_on_an_empty_database(office, cli_run, config):
    listed = cli_run.run("staff", "list")
    assert listed.code == 0 and "No officers yet" in listed.out
    register(office, config, ADMIN)
    assert cli_run.as_(ADMIN, "--json", "staff", "list").json()[0]["nip"] == ADMIN.nip
    assert clock.measured() or office.url.startswith("sqlite")
