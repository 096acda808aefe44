"""`antrian db roles [--apply]`: the SQL printed; applied by a superuser, then again by antrian_admin (the re-run
after a migration needs no superuser); refused with exit 2 on SQLite and for a PC's role."""

from __future__ import annotations

import argparse
import contextlib
import io
import json

import pytest

from shared import cli
from shared.cli_roles import add_roles_command
from shared.config import load_config
from shared.db.engine import open_database

from ..conftest import DEMO_CONFIG
from .conftest import role_url


def wired() -> bool:
    """shared.cli has `db roles` (its usage line on a miss is not this test's output)."""
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            cli.build_parser().parse_args(["db", "roles"])
    except SystemExit:
        return False
    return True


def antrian(argv: list[str], url: str, monkeypatch) -> int:
    """`antrian ARGS` on the database at `url`: through shared.cli.main once it has the command, else through
    a parser like main's with the command added."""
    monkeypatch.setenv("ANTRIAN_DATABASE_URL", url)
    if wired():
        return cli.main(argv)
    parser = argparse.ArgumentParser(prog="antrian")
    parser.add_argument("--json", action="store_true")
    db_commands = parser.add_subparsers(dest="command").add_parser("db").add_subparsers(dest="db_command")
    add_roles_command(db_commands)
    args = parser.parse_args(argv)
    db = open_database(url)
    try:
        return args.func(args, load_config(DEMO_CONFIG), db)
    finally:
        db.dispose()


def test_the_sql_is_printed(tmp_path, monkeypatch, capsys) -> None:
    assert antrian(["db", "roles"], f"sqlite:///{tmp_path / 'a.sqlite3'}", monkeypatch) == 0
    out, err = capsys.readouterr()
    assert out.startswith("-- Antrian") and "CREATE ROLE %I LOGIN" in out and "GRANT SELECT" in out
    assert "PostgreSQL" in err  # this PC's database is SQLite: said, on stderr
    assert antrian(["--json", "db", "roles"], f"sqlite:///{tmp_path / 'a.sqlite3'}", monkeypatch) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["applied"] is False and printed["sql"].rstrip().endswith("COMMIT;")


def test_apply_on_sqlite_is_refused(tmp_path, monkeypatch, capsys) -> None:
    assert antrian(["db", "roles", "--apply"], f"sqlite:///{tmp_path / 'a.sqlite3'}", monkeypatch) == 2
    err = capsys.readouterr().err
    assert "hanya ada di PostgreSQL" in err and "a PostgreSQL feature" in err


@pytest.mark.postgres
def test_applied_by_the_superuser_then_by_the_owner_refused_for_a_pc(fresh_office, monkeypatch, capsys) -> None:
    office = fresh_office
    assert antrian(["--json", "db", "roles", "--apply"], office.superuser.url, monkeypatch) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["applied"] is True and first["user"] == "postgres"
    assert "only-for-tests" not in json.dumps(first)
    admin_url = role_url(office.superuser.url, "antrian_admin")
    assert antrian(["--json", "db", "roles", "--apply"], admin_url, monkeypatch) == 0
    assert json.loads(capsys.readouterr().out)["user"] == "antrian_admin"
    display_url = role_url(office.superuser.url, "antrian_display")
    assert antrian(["db", "roles", "--apply"], display_url, monkeypatch) == 2
    err = capsys.readouterr().err
    assert "'antrian_display'" in err and "superuser" in err and "only-for-tests" not in err
