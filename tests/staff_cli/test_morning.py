"""A morning run through the CLI by named officers: afterwards `antrian --json audit` names the officer on
every row, and the audit query costs the same handful of statements whatever the number of rows."""

from __future__ import annotations

from sqlalchemy import event

from printing.cli import main as print_main
from shared.services.audit import audit_rows

from .conftest import ADMIN, COUNTER, DAY, GATE, SUPERVISOR, at


def _morning(cli_run, config) -> None:
    def ok(result):
        assert result.code == 0, result.out + result.err
        return result

    for code, hhmm in (("FAMILY01", "07:50"), ("SOLO0001", "07:55"), ("SOLO0002", "07:58")):
        ok(cli_run.as_(GATE, "checkin", code, "--at", at(config, hhmm)))
    ok(
        cli_run.as_(
            GATE,
            "checkin",
            "LATE0001",
            "--at",
            at(config, "08:30"),
            "--override-late",
            "banjir / flood",
            "--supervisor",
            SUPERVISOR.nip,
            supervisor_pin=SUPERVISOR.pin,
        )
    )
    for argv in (
        ("call-next", "08:10"),
        ("recall", "08:12"),
        ("done", "08:20"),
        ("call-next", "08:21"),
        ("no-show", "08:25"),
        ("call-next", "08:26"),
    ):
        ok(cli_run.as_(COUNTER, argv[0], "--counter", "Loket 1", "--at", at(config, argv[1])))
    ok(cli_run.as_(COUNTER, "transfer", "--counter", "Loket 1", "--to", "D", "--at", at(config, "08:40")))
    ok(cli_run.as_(COUNTER, "pause", "--counter", "Loket 1", "--at", at(config, "08:41")))
    ok(cli_run.as_(COUNTER, "resume", "--counter", "Loket 1", "--at", at(config, "08:45")))
    for extra in ((), ("--supervisor", SUPERVISOR.nip)):
        ok(
            cli_run.as_(
                GATE,
                "reprint",
                "A-004",
                "--date",
                DAY.isoformat(),
                *extra,
                supervisor_pin=SUPERVISOR.pin,
                main=print_main,
            )
        )


def test_the_officer_on_every_audit_row(staffed, cli_run, config, monkeypatch, tmp_path):
    monkeypatch.setenv("ANTRIAN_PRINTER_URL", f"preview://{tmp_path}")
    _morning(cli_run, config)
    day = cli_run.run("--json", "audit", "--date", DAY.isoformat())
    assert day.code == 0
    everything = day.json()["rows"]  # the officers signed in (and the supervisor authorised) at those times too
    assert {"auth:sign_in", "auth:authorise"} <= {r["kind"] for r in everything}
    rows = [r for r in everything if not r["kind"].startswith("auth:")]
    assert [r["kind"] for r in rows] == [
        "checkin:VALID",
        "checkin:VALID",
        "checkin:VALID",
        "call:call",
        "call:recall",
        "queue:done",
        "call:call",
        "queue:no_show",
        "call:call",
        "checkin:VALID",
        "queue:transfer",
        "queue:pause",
        "queue:resume",
    ]
    assert all(r["officer_nip"] and r["officer_name"] for r in rows)
    assert {r["officer_nip"] for r in rows if r["kind"].startswith("checkin")} == {GATE.nip}
    assert {r["officer_nip"] for r in rows if not r["kind"].startswith("checkin")} == {COUNTER.nip}
    assert [r["supervisor_nip"] for r in rows if r["supervisor_nip"]] == [SUPERVISOR.nip]
    assert [r["at"][11:16] for r in rows][:3] == ["07:50", "07:55", "07:58"]
    # sign-ins, the authorisation and the print jobs happened on the real clock: today's audit names them all
    today = cli_run.run("--json", "audit").json()["rows"]
    kinds = {r["kind"] for r in today}
    assert {"auth:staff_add", "auth:sign_in", "print:printed"} <= kinds
    assert all(r["officer_nip"] and r["officer_name"] for r in today)
    prints = [r for r in today if r["kind"].startswith("print")]
    assert [(r["officer_nip"], r["supervisor_nip"]) for r in prints] == [
        (GATE.nip, None),
        (GATE.nip, SUPERVISOR.nip),
    ]


def test_audit_filters_by_officer_and_kind(staffed, cli_run, config, monkeypatch, tmp_path):
    monkeypatch.setenv("ANTRIAN_PRINTER_URL", f"preview://{tmp_path}")
    _morning(cli_run, config)
    day = ("--json", "audit", "--date", DAY.isoformat())
    def actions(rows):
        return [r for r in rows if not r["kind"].startswith("auth:")]

    counter_rows = actions(cli_run.run(*day, "--officer", COUNTER.nip).json()["rows"])
    assert len(counter_rows) == 9 and {r["officer_nip"] for r in counter_rows} == {COUNTER.nip}
    [late] = actions(cli_run.run(*day, "--officer", SUPERVISOR.nip).json()["rows"])  # as the one who authorised
    assert late["ticket"] == "LATE0001" and late["officer_nip"] == GATE.nip
    assert cli_run.run(*day, "--officer", ADMIN.nip).json()["rows"] == []
    no_shows = cli_run.run(*day, "--kind", "queue:no_show").json()
    assert no_shows["count"] == 1 and no_shows["rows"][0]["ticket"] == "A-002"
    assert cli_run.run(*day, "--kind", "call").json()["count"] == 4
    text = cli_run.run("audit", "--date", DAY.isoformat(), "--kind", "checkin")
    assert text.code == 0 and f"(supervisor {SUPERVISOR.nip} {SUPERVISOR.name})" in text.out
    assert text.out.count(GATE.name) == 4


def test_the_audit_costs_a_handful_of_statements(staffed, cli_run, config, monkeypatch, tmp_path):
    monkeypatch.setenv("ANTRIAN_PRINTER_URL", f"preview://{tmp_path}")
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    def measured() -> tuple[int, int]:
        statements.clear()
        event.listen(staffed.engine, "before_cursor_execute", count)
        try:
            with staffed.session() as session:
                rows = audit_rows(session, config, DAY)
        finally:
            event.remove(staffed.engine, "before_cursor_execute", count)
        return len(rows), len(statements)

    assert measured() == (0, 6)  # the officers, then one per source
    _morning(cli_run, config)
    rows, statements = measured()
    assert statements == 6 and rows > 13  # 13 actions and the sign-ins and authorisation before them
