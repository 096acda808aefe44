"""`--as` on the state-changing commands and `--supervisor` where a supervisor must say yes: a late admission,
a void, a re-opened no-show, a call out of order and a reprint, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from printing.cli import main as print_main

from .conftest import COUNTER, DAY, GATE, SUPERVISOR, at


def test_unattributed_before_any_officer(office, cli_run, config):
    result = cli_run.run("--json", "checkin", "FAMILY01", "--at", at(config, "07:50"))
    assert result.code == 0 and result.json()["decision"] == "VALID"
    assert "this action is unattributed" in result.err and "tindakan ini tidak tercatat" in result.err
    called = cli_run.run("call-next", "--counter", "Loket 1", "--at", at(config, "08:10"))
    assert called.code == 0 and "unattributed" in called.err
    rows = cli_run.run("--json", "audit", "--date", DAY.isoformat()).json()["rows"]
    assert [r["kind"] for r in rows] == ["checkin:VALID", "call:call"]
    assert all(r["officer_nip"] is None and r["officer_name"] is None for r in rows)
    text = cli_run.run("audit", "--date", DAY.isoformat()).out
    assert "checkin:VALID" in text and "—" in text


def test_as_required_once_an_officer_exists(staffed, cli_run, config):
    missing = cli_run.run("--json", "checkin", "FAMILY01", "--at", at(config, "07:50"))
    assert missing.code == 3
    assert missing.json()["message_en"] == (
        "--as NIP of an entrance officer is needed (PIN from ANTRIAN_PIN or a prompt): officers are registered"
    )
    assert cli_run.run("done", "--counter", "Loket 1").code == 3
    assert cli_run.run("day", "close", "--date", DAY.isoformat()).code == 3
    assert cli_run.run("privacy", "purge", "--dry-run").code == 0  # changes nothing: no officer needed


def test_wrong_role_unknown_and_malformed_nip(staffed, cli_run, config):
    wrong_role = cli_run.as_(COUNTER, "--json", "checkin", "FAMILY01", "--at", at(config, "07:50"))
    assert wrong_role.code == 3 and wrong_role.json()["message_en"] == (
        f"{COUNTER.name} is not an entrance officer (roles: counter)"
    )
    unknown = cli_run.run("checkin", "FAMILY01", "--as", "199511302020122005", pin="123456")
    assert unknown.code == 3 and "NIP 199511302020122005 is not registered" in unknown.err
    malformed = cli_run.run("checkin", "FAMILY01", "--as", "12345", pin="123456")
    assert malformed.code == 3 and "A NIP is 18 digits" in malformed.err
    gate = cli_run.as_(GATE, "--json", "checkin", "FAMILY01", "--at", at(config, "07:50"))
    assert gate.code == 0 and gate.json()["decision"] == "VALID" and gate.err == ""


def test_late_override_needs_a_real_supervisor(staffed, cli_run, config):
    late = (
        "--json",
        "checkin",
        "LATE0001",
        "--at",
        at(config, "08:30"),
        "--override-late",
        "macet / traffic",
    )
    alone = cli_run.as_(GATE, *late)
    assert alone.code == 3
    assert (
        "A late admission needs a supervisor's NIP and PIN" in alone.err and "--supervisor NIP" in alone.err
    )
    counter_pin = cli_run.as_(GATE, *late, "--supervisor", COUNTER.nip, supervisor_pin=COUNTER.pin)
    assert counter_pin.code == 3 and f"{COUNTER.name} is not a supervisor" in counter_pin.err
    wrong_pin = cli_run.as_(GATE, *late, "--supervisor", SUPERVISOR.nip, supervisor_pin="000000")
    assert wrong_pin.code == 3 and wrong_pin.json()["remaining"] == 4
    granted = cli_run.as_(GATE, *late, "--supervisor", SUPERVISOR.nip, supervisor_pin=SUPERVISOR.pin)
    assert granted.code == 0, granted.err
    assert granted.json()["decision"] == "VALID" and [t["number"] for t in granted.json()["tickets"]] == [
        "A-001"
    ]
    [row] = cli_run.run("--json", "audit", "--date", DAY.isoformat(), "--kind", "checkin").json()["rows"]
    assert (row["officer_nip"], row["officer_name"]) == (GATE.nip, GATE.name)
    assert (row["supervisor_nip"], row["supervisor_name"]) == (SUPERVISOR.nip, SUPERVISOR.name)
    assert row["reason"] == "macet / traffic" and row["ticket"] == "LATE0001"
    day = ("--json", "audit", "--date", DAY.isoformat())  # the supervisor answered at that office time
    given = cli_run.run(*day, "--kind", "auth:authorise").json()["rows"]
    assert [(r["officer_nip"], r["supervisor_nip"], r["reason"]) for r in given] == [
        (GATE.nip, SUPERVISOR.nip, "macet / traffic")
    ]
    wrong_pin_rows = cli_run.run(*day, "--kind", "auth:authorise_failed").json()["rows"]
    assert [r["detail"] for r in wrong_pin_rows] == ["action=late_admission wrong PIN (1)"]
    not_a_supervisor = cli_run.run(*day, "--kind", "auth:wrong_role").json()["rows"]
    assert [r["detail"].split()[-1] for r in not_a_supervisor] == ["supervisor"]  # "… not a supervisor"


def _serve_one(cli_run, config, hhmm: str = "08:10") -> str:
    checked = cli_run.as_(GATE, "--json", "checkin", "SOLO0001", "--at", at(config, "07:50"))
    assert checked.code == 0, checked.err
    called = cli_run.as_(COUNTER, "--json", "call-next", "--counter", "Loket 1", "--at", at(config, hhmm))
    assert called.code == 0, called.err
    return called.json()["ticket"]["number"]


def test_void_and_reopen_need_a_supervisor(staffed, cli_run, config):
    number = _serve_one(cli_run, config)
    assert cli_run.as_(COUNTER, "no-show", "--counter", "Loket 1", "--at", at(config, "08:13")).code == 0
    reopen = ("ticket", "reopen", number, "--at", at(config, "08:20"))
    alone = cli_run.as_(COUNTER, *reopen)
    assert (
        alone.code == 3
        and "needs a supervisor's NIP and PIN" in alone.err
        and "--supervisor NIP" in alone.err
    )
    with_counter = cli_run.as_(COUNTER, *reopen, "--supervisor", COUNTER.nip, supervisor_pin=COUNTER.pin)
    assert with_counter.code == 3
    reopened = cli_run.as_(
        COUNTER, "--json", *reopen, "--supervisor", SUPERVISOR.nip, supervisor_pin=SUPERVISOR.pin
    )
    assert reopened.code == 0 and reopened.json()["status"] == "waiting"
    void = ("ticket", "void", number, "--reason", "tiket ganda / duplicate", "--at", at(config, "08:25"))
    assert cli_run.as_(COUNTER, *void).code == 3
    voided = cli_run.as_(
        COUNTER, "--json", *void, "--supervisor", SUPERVISOR.nip, supervisor_pin=SUPERVISOR.pin
    )
    assert voided.code == 0 and voided.json()["status"] == "voided"
    rows = cli_run.run("--json", "audit", "--date", DAY.isoformat(), "--kind", "queue").json()["rows"]
    assert [(r["kind"], r["officer_nip"], r["supervisor_nip"]) for r in rows] == [
        ("queue:no_show", COUNTER.nip, None),
        ("queue:reopen", COUNTER.nip, SUPERVISOR.nip),
        ("queue:void", COUNTER.nip, SUPERVISOR.nip),
    ]
    assert "tiket ganda / duplicate" in rows[-1]["detail"]


def test_call_out_of_order_needs_a_supervisor(staffed, cli_run, config):
    for code in ("SOLO0001", "SOLO0002"):
        assert cli_run.as_(GATE, "checkin", code, "--at", at(config, "07:50")).code == 0
    call = ("--json", "call", "A-002", "--counter", "Loket 1", "--at", at(config, "08:10"))
    alone = cli_run.as_(COUNTER, *call)
    assert alone.code == 3 and "--supervisor NIP" in alone.err
    called = cli_run.as_(COUNTER, *call, "--supervisor", SUPERVISOR.nip, supervisor_pin=SUPERVISOR.pin)
    assert called.code == 0 and called.json()["ticket"]["number"] == "A-002"
    [row] = cli_run.run("--json", "audit", "--date", DAY.isoformat(), "--kind", "call").json()["rows"]
    assert (row["kind"], row["officer_nip"], row["supervisor_nip"]) == (
        "call:call_specific",
        COUNTER.nip,
        SUPERVISOR.nip,
    )


@pytest.fixture
def printer(monkeypatch, tmp_path):
    monkeypatch.setenv("ANTRIAN_PRINTER_URL", f"preview://{tmp_path / 'tickets'}")
    return tmp_path / "tickets"


def test_reprint_of_a_printed_ticket_needs_a_supervisor(staffed, cli_run, config, printer):
    assert cli_run.as_(GATE, "checkin", "SOLO0001", "--at", at(config, "07:50")).code == 0
    ticket = ("--json", "reprint", "A-001", "--date", DAY.isoformat())
    first = cli_run.as_(GATE, *ticket, main=print_main)
    assert first.code == 0 and first.json()["ok"], first.out + first.err
    again = cli_run.as_(GATE, *ticket, main=print_main)
    assert again.code == 3 and again.json()["fault"] == "refused" and "--supervisor NIP" in again.err
    counter_pin = cli_run.as_(
        GATE, *ticket, "--supervisor", COUNTER.nip, supervisor_pin=COUNTER.pin, main=print_main
    )
    assert counter_pin.code == 3 and "is not a supervisor" in counter_pin.err
    reprinted = cli_run.as_(
        GATE,
        *ticket,
        "--reason",
        "kertas sobek / torn",
        "--supervisor",
        SUPERVISOR.nip,
        supervisor_pin=SUPERVISOR.pin,
        main=print_main,
    )
    assert reprinted.code == 0 and reprinted.json()["ok"]
    assert cli_run.run("ticket", "A-001", "--date", DAY.isoformat(), main=print_main).code == 3  # no --as
    jobs = cli_run.run("--json", "audit", "--kind", "print").json()["rows"]
    assert [(r["kind"], r["officer_nip"], r["supervisor_nip"], r["ticket"]) for r in jobs] == [
        ("print:printed", GATE.nip, None, "A-001"),
        ("print:printed", GATE.nip, SUPERVISOR.nip, "A-001"),
    ]
