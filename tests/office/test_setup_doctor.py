"""`antrian setup` with flags, which file load_config reads, `antrian doctor --json`, and the database named."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from shared.config import ConfigError, find_config, load_config, user_config_path

from ..conftest import DEMO_CONFIG, OFFICE_TEMPLATE, PG_ADMIN_URL, REPO

SECRET = "s3cret-Pw"


def cli(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "shared.cli", *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def pc_env(tmp_path: Path) -> dict[str, str]:
    """A PC of its own: its own home (config and data folders), no ANTRIAN_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANTRIAN_") or k == "ANTRIAN_TEST_PG_URL"}
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"),
        XDG_DATA_HOME=str(tmp_path / "home" / ".local" / "share"),
        ANTRIAN_LOG_DIR=str(tmp_path / "logs"),
    )
    return env


@pytest.fixture
def pg_url_with_password(pg_db) -> str:
    """The test database's URL with a password in it (the test server trusts local connections, so any works)."""
    head, _, rest = pg_db.url.partition("://")
    user, _, hostpart = rest.partition("@")
    return f"{head}://{user.split(':')[0]}:{SECRET}@{hostpart}"


def test_the_office_template_names_no_station_and_no_printer():
    with pytest.raises(ConfigError, match=r"station\.name"):
        load_config(OFFICE_TEMPLATE, environ={})
    config = load_config(OFFICE_TEMPLATE, environ={"ANTRIAN_STATION_NAME": "GATE-2"})
    assert config.printer.url == "" and config.camera.source == "0" and config.booking_server.token == ""
    assert load_config(DEMO_CONFIG, environ={}).printer.url.startswith("preview://")
    with pytest.raises(ConfigError, match=r"station\.name"):
        load_config(OFFICE_TEMPLATE, environ={"ANTRIAN_STATION_NAME": "GATE 1; rm"})


def test_load_config_reads_this_pcs_file_when_antrian_config_is_unset(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert user_config_path() == tmp_path / "cfg" / "antrian" / "config.toml"
    assert (
        find_config({}) == OFFICE_TEMPLATE
    )  # nothing set up yet: the template (which stops on station.name)
    user_config_path().parent.mkdir(parents=True)
    user_config_path().write_text(OFFICE_TEMPLATE.read_text().replace('name = ""', 'name = "LOKET-PC-3"', 1))
    assert find_config({}) == user_config_path()
    assert load_config(environ={}).station.name == "LOKET-PC-3"
    assert find_config({"ANTRIAN_CONFIG": str(DEMO_CONFIG)}) == DEMO_CONFIG  # ANTRIAN_CONFIG first


@pytest.mark.postgres
def test_setup_with_flags_writes_this_pcs_file_and_never_prints_the_password(pc_env, pg_url_with_password):
    done = cli(
        [
            "--json",
            "setup",
            "--non-interactive",
            "--office-code",
            "KANIM-PONTIANAK",
            "--station",
            "GATE-2",
            "--roles",
            "gate",
            "--database-url",
            pg_url_with_password,
            "--printer-url",
            "network://127.0.0.1:9",
            "--camera",
            "/dev/video7",
        ],
        pc_env,
    )
    assert done.returncode == 0, done.stderr
    assert SECRET not in done.stdout + done.stderr
    summary = json.loads(done.stdout)
    path = Path(pc_env["XDG_CONFIG_HOME"]) / "antrian" / "config.toml"
    assert summary["file"] == str(path) and summary["station"] == "GATE-2" and "***" in summary["database"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds the database password
    config = load_config(path, environ={})
    assert (config.office.code, config.station.name, config.station.roles) == (
        "KANIM-PONTIANAK",
        "GATE-2",
        ("gate",),
    )
    assert (config.database.url, config.printer.url, config.camera.source) == (
        pg_url_with_password,
        "network://127.0.0.1:9",
        "/dev/video7",
    )
    assert "# WAJIB, berbeda di setiap PC" in path.read_text()  # the template's comments are kept
    # run again: only what is given changes
    again = cli(["setup", "--non-interactive", "--station", "GATE-3", "--skip-db-test"], pc_env)
    assert again.returncode == 0, again.stderr
    config = load_config(path, environ={})
    assert (config.station.name, config.office.code, config.printer.url) == (
        "GATE-3",
        "KANIM-PONTIANAK",
        "network://127.0.0.1:9",
    )


def test_setup_refuses_a_missing_station_or_a_dead_database_and_writes_nothing(pc_env):
    path = Path(pc_env["XDG_CONFIG_HOME"]) / "antrian" / "config.toml"
    done = cli(["setup", "--non-interactive", "--roles", "counter"], pc_env)
    assert done.returncode == 2 and "station.name" in done.stderr and not path.exists()
    dead = f"postgresql://antrian:{SECRET}@127.0.0.1:1/antrian"
    done = cli(["setup", "--non-interactive", "--station", "LOKET-PC-1", "--database-url", dead], pc_env)
    assert done.returncode == 1 and not path.exists()
    assert "127.0.0.1:1" in done.stderr and SECRET not in done.stderr
    done = cli(["setup", "--non-interactive", "--station", "LOKET-PC-1", "--roles", "cook"], pc_env)
    assert done.returncode == 2 and "station.roles" in done.stderr and not path.exists()
    no_terminal = cli(
        ["setup", "--station", "X-1"], pc_env
    )  # interactive wanted, but stdin is not a terminal
    assert no_terminal.returncode == 2 and "--non-interactive" in no_terminal.stderr


def test_a_terminal_without_a_database_url_is_told_it_uses_an_empty_sqlite_file(pc_env):
    env = {**pc_env, "ANTRIAN_CONFIG": str(DEMO_CONFIG)}
    done = cli(["status"], env)
    assert done.returncode == 0, done.stderr
    assert "kosong" in done.stderr and "empty" in done.stderr and "ANTRIAN_DATABASE_URL" in done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("Basis data / Database: sqlite:///") and pc_env["HOME"] in first


@pytest.mark.postgres
def test_status_names_the_database_without_its_password(pc_env, pg_url_with_password):
    env = {**pc_env, "ANTRIAN_CONFIG": str(DEMO_CONFIG), "ANTRIAN_DATABASE_URL": pg_url_with_password}
    done = cli(["status"], env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("Basis data / Database: postgresql+psycopg://postgres:***@")
    assert SECRET not in done.stdout + done.stderr and "kosong" not in done.stderr
    assert json.loads(cli(["--json", "status"], env).stdout)["database"].count("***") == 1


@pytest.mark.postgres
def test_doctor_json_with_postgresql_up_then_unreachable(pc_env, pg_url_with_password, tmp_path):
    conf = tmp_path / "pc.toml"
    setup = cli(
        [
            "setup",
            "--non-interactive",
            "--file",
            str(conf),
            "--station",
            "LOKET-PC-3",
            "--roles",
            "counter",
            "--database-url",
            pg_url_with_password,
        ],
        pc_env,
    )
    assert setup.returncode == 0, setup.stderr
    env = {**pc_env, "ANTRIAN_CONFIG": str(conf)}
    up = cli(["--json", "doctor"], env)
    report = json.loads(up.stdout)
    levels = {c["name"]: c["level"] for c in report["checks"]}
    assert up.returncode == 0 and report["ok"], up.stdout
    assert (
        levels["config"]
        == levels["database.reachable"]
        == levels["database.schema"]
        == levels["clock"]
        == "ok"
    )
    assert levels["station"] == "ok" and "printer" not in levels and "camera" not in levels  # a counter PC
    assert report["database"].count("***") == 1 and SECRET not in up.stdout
    # the server stopped (nothing listens on that port any more)
    down_url = pg_url_with_password.replace(pg_url_with_password.split("@")[1].split("/")[0], "127.0.0.1:1")
    down = cli(["--json", "doctor"], {**env, "ANTRIAN_DATABASE_URL": down_url})
    report = json.loads(down.stdout)
    failed = [c for c in report["checks"] if c["level"] == "fail"]
    assert down.returncode == 1 and not report["ok"] and [c["name"] for c in failed] == ["database.reachable"]
    assert "pg_hba.conf" in failed[0]["fix_en"] and SECRET not in down.stdout


@pytest.mark.postgres
def test_doctor_says_the_schema_needs_an_upgrade(pc_env):
    if not PG_ADMIN_URL:
        pytest.skip("no PostgreSQL: set ANTRIAN_TEST_PG_URL")
    name = f"antrian_empty_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
        env = {**pc_env, "ANTRIAN_CONFIG": str(DEMO_CONFIG), "ANTRIAN_DATABASE_URL": url}
        done = cli(["--json", "doctor", "--role", "counter"], env)
        schema = next(c for c in json.loads(done.stdout)["checks"] if c["name"] == "database.schema")
        assert done.returncode == 1 and schema["level"] == "fail" and "antrian db upgrade" in schema["fix_en"]
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_doctor_checks_a_gates_printer_and_camera_through_their_own_programs(pc_env, tmp_path):
    env = {
        **pc_env,
        "ANTRIAN_CONFIG": str(OFFICE_TEMPLATE),
        "ANTRIAN_STATION_NAME": "GATE-1",
        "ANTRIAN_DATABASE_URL": str(tmp_path / "a.sqlite3"),
        "ANTRIAN_CAMERA_SOURCE": str(tmp_path / "no-camera"),
    }
    assert cli(["db", "upgrade"], env).returncode == 0
    done = cli(["--json", "doctor", "--role", "gate"], env)
    checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
    assert checks["printer"]["level"] == "warn" and checks["printer"]["message_en"].startswith(
        "No printer configured"
    )
    assert checks["camera"]["level"] == "fail" and done.returncode == 1
    env["ANTRIAN_PRINTER_URL"] = "network://127.0.0.1:1"  # nothing listens: refused
    checks = {
        c["name"]: c for c in json.loads(cli(["--json", "doctor", "--role", "gate"], env).stdout)["checks"]
    }
    assert checks["printer"]["level"] == "fail" and "refused" in checks["printer"]["message_en"]
