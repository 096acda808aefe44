"""`antrian autostart`: the XDG entry and the systemd user unit, written where XDG_CONFIG_HOME says, and
removed again."""

from __future__ import annotations

import configparser
import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from shared import autostart
from shared.autostart import AutostartError
from shared.cli import main as cli

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).absolute().parent


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config_home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config_home))
    monkeypatch.delenv("ANTRIAN_CONFIG", raising=False)
    monkeypatch.setattr(autostart, "real_systemctl", lambda args: False)  # never the real user manager
    return config_home


@pytest.fixture
def programs(tmp_path: Path) -> Path:
    """A bin folder with the four role programs (tests that need no installed venv)."""
    folder = tmp_path / "my venv" / "bin"
    folder.mkdir(parents=True)
    for role in autostart.ROLES:
        program = folder / f"antrian-{role}"
        program.write_text("#!/bin/sh\n")
        program.chmod(0o755)
    return folder


def read_ini(path: Path, section: str) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # keys keep their case
    parser.read(path, encoding="utf-8")
    return dict(parser[section])


@pytest.mark.parametrize("role, fullscreen, expected", [
    ("board", False, ""), ("board", True, ""), ("kiosk", True, " --fullscreen"), ("kiosk", False, ""),
    ("gate", True, " --fullscreen"), ("counter", True, " --fullscreen"),
])
def test_the_cli_writes_an_xdg_entry_with_the_venvs_program(home, capsys, role, fullscreen, expected) -> None:
    if not (VENV_BIN / f"antrian-{role}").exists():
        pytest.skip("the role programs are not installed in this environment (scripts/setup.sh)")
    args = ["autostart", "--role", role] + (["--fullscreen"] if fullscreen else [])
    assert cli(args) == 0
    path = home / "autostart" / f"antrian-{role}.desktop"
    entry = read_ini(path, "Desktop Entry")
    assert entry["Exec"] == f"{VENV_BIN / f'antrian-{role}'}{expected}"
    assert Path(entry["Exec"].split()[0]).is_absolute()
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert str(path) in capsys.readouterr().out


def test_the_cli_needs_no_config_and_no_database(home, monkeypatch, tmp_path) -> None:
    if not (VENV_BIN / "antrian-board").exists():
        pytest.skip("the role programs are not installed in this environment")
    monkeypatch.setenv("ANTRIAN_CONFIG", str(tmp_path / "no-such-config.toml"))
    assert cli(["autostart", "--role", "board"]) == 0
    entry = read_ini(home / "autostart" / "antrian-board.desktop", "Desktop Entry")
    config = tmp_path / "no-such-config.toml"
    assert entry["Exec"] == f"env ANTRIAN_CONFIG={config} {VENV_BIN / 'antrian-board'}"


def test_systemd_unit_restarts_the_role_and_is_enabled_for_the_session(home, capsys) -> None:
    if not (VENV_BIN / "antrian-kiosk").exists():
        pytest.skip("the role programs are not installed in this environment")
    assert cli(["--json", "autostart", "--role", "kiosk", "--fullscreen", "--systemd"]) == 0
    report = json.loads(capsys.readouterr().out)
    unit = home / "systemd" / "user" / "antrian-kiosk.service"
    link = home / "systemd" / "user" / "graphical-session.target.wants" / "antrian-kiosk.service"
    assert report["files"] == [str(unit), str(link)] and report["kind"] == "systemd"
    assert "3 s after it stops" in report["message_en"]
    service = read_ini(unit, "Service")
    assert service["ExecStart"] == f"{VENV_BIN / 'antrian-kiosk'} --fullscreen"
    assert service["Restart"] == "always" and service["RestartSec"] == "3"
    assert read_ini(unit, "Install")["WantedBy"] == "graphical-session.target"
    assert read_ini(unit, "Unit")["StartLimitIntervalSec"] == "0"  # never gives up restarting
    assert link.is_symlink() and link.resolve() == unit.resolve()


def test_remove_takes_away_both_kinds(home, capsys) -> None:
    if not (VENV_BIN / "antrian-gate").exists():
        pytest.skip("the role programs are not installed in this environment")
    assert cli(["autostart", "--role", "gate", "--fullscreen"]) == 0
    assert cli(["autostart", "--role", "gate", "--fullscreen", "--systemd"]) == 0
    capsys.readouterr()
    assert cli(["autostart", "--role", "gate", "--remove", "--systemd"]) == 0
    assert not (home / "systemd" / "user" / "antrian-gate.service").exists()
    wants = home / "systemd" / "user" / "graphical-session.target.wants"
    assert not (wants / "antrian-gate.service").is_symlink()
    assert (home / "autostart" / "antrian-gate.desktop").exists()  # only the kind named
    assert cli(["autostart", "--role", "gate", "--remove"]) == 0
    assert not (home / "autostart" / "antrian-gate.desktop").exists()
    out = capsys.readouterr().out
    assert "No longer started at login" in out
    assert cli(["autostart", "--role", "gate", "--remove"]) == 0
    assert "No autostart entry" in capsys.readouterr().out


def test_an_unknown_role_or_a_missing_program_is_refused(home, tmp_path) -> None:
    assert cli(["autostart", "--role", "printer"]) == 2
    with pytest.raises(AutostartError) as missing:
        autostart.install("board", bin_dir=tmp_path / "nowhere")
    assert "scripts/setup.sh" in missing.value.text.en and "tidak ditemukan" in missing.value.text.id


def test_paths_with_spaces_are_quoted_in_both_kinds(home, programs) -> None:
    env = {"XDG_CONFIG_HOME": str(home)}
    autostart.install("kiosk", "xdg", True, environ=env, bin_dir=programs)
    autostart.install("kiosk", "systemd", True, environ=env, bin_dir=programs)
    exec_line = read_ini(home / "autostart" / "antrian-kiosk.desktop", "Desktop Entry")["Exec"]
    assert shlex.split(exec_line) == [str(programs / "antrian-kiosk"), "--fullscreen"]
    start = read_ini(home / "systemd" / "user" / "antrian-kiosk.service", "Service")["ExecStart"]
    assert shlex.split(start) == [str(programs / "antrian-kiosk"), "--fullscreen"]


def test_quoting_follows_the_desktop_entry_and_systemd_rules() -> None:
    plain = "/opt/antrian/.venv/bin/antrian-board"
    assert autostart.desktop_quote(plain) == plain
    assert autostart.desktop_quote("/a b/c") == '"/a b/c"'
    assert autostart.desktop_quote("100%") == "100%%"
    assert autostart.desktop_quote('say "hi"') == '"say \\\\"hi\\\\""'  # \" then the string escape of \
    assert autostart.systemd_quote("/a b/c") == '"/a b/c"'
    assert autostart.systemd_quote("50%$HOME") == "50%%$$HOME"


def test_xdg_config_home_defaults_to_dot_config(monkeypatch) -> None:
    assert autostart.config_home({}) == Path.home() / ".config"
    assert autostart.config_home({"XDG_CONFIG_HOME": "relative/ignored"}) == Path.home() / ".config"
    path = autostart.desktop_path("board", {"XDG_CONFIG_HOME": "/x"})
    assert path == Path("/x/autostart/antrian-board.desktop")


def test_installing_reloads_and_removing_stops_the_user_manager(home, programs) -> None:
    calls: list[list[str]] = []
    env = {"XDG_CONFIG_HOME": str(home)}
    record = lambda args: calls.append(list(args))  # noqa: E731
    autostart.install("board", "systemd", environ=env, bin_dir=programs, systemctl=record)
    autostart.remove("board", "systemd", environ=env, systemctl=record)
    assert calls == [["daemon-reload"], ["stop", "antrian-board.service"], ["daemon-reload"]]


def test_systemd_analyze_accepts_the_unit(home, tmp_path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    if not (VENV_BIN / "antrian-board").exists():
        pytest.skip("the role programs are not installed in this environment")
    report = autostart.install("board", "systemd", environ={"XDG_CONFIG_HOME": str(home)})
    done = subprocess.run([analyze, "verify", report.files[0]], capture_output=True, text=True, timeout=60,
                          env={"PATH": "/usr/bin:/bin", "SYSTEMD_LOG_LEVEL": "warning"})
    if done.returncode != 0 and ("Failed to initialize" in done.stderr or "Permission denied" in done.stderr):
        pytest.skip(f"systemd-analyze cannot run here: {done.stderr.strip()[:200]}")
    assert done.returncode == 0, done.stderr
    assert "antrian-board.service" not in done.stderr, done.stderr  # no warning about our unit
