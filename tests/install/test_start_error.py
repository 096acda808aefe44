"""A wrong setting or an unreachable database at start: the stderr line, the log, the dialog, exit 2."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from shared.qt import app as role_app

REPO = Path(__file__).resolve().parents[2]
BIN = REPO / ".venv" / "bin"


def run_role(program: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / program), *args], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("program, role, args", [("antrian-board", "board", ("--windowed",)),
                                                 ("antrian-counter", "counter", ("--counter", "Loket 1"))])
def test_a_config_error_is_shown_in_a_dialog_offscreen_too(role_env, tmp_path, program, role, args) -> None:
    done = run_role(program, role_env(ANTRIAN_PRINTER_WIDTH="40"), *args)
    assert done.returncode == 2
    assert done.stderr.count(f"antrian-{role}: printer.width = 40") == 1  # the line, not a second log line
    shown = [line for line in done.stdout.splitlines() if line.startswith("ERROR-DIALOG")]
    assert len(shown) == 1, done.stdout
    head = f"ERROR-DIALOG {role}: Konfigurasi salah | Configuration error | printer.width"
    assert shown[0].startswith(head)
    assert "Perbaiki, lalu jalankan lagi. | Fix it, then start again." in shown[0]
    log = (tmp_path / "logs" / f"{role}.log").read_text()
    assert f"{role} - ERROR shared.qt.app: cannot start: printer.width = 40" in log
    assert "READY" not in done.stdout  # no window came up


def test_an_unreachable_database_is_shown_without_its_password(role_env, tmp_path) -> None:
    url = "postgresql+psycopg://antrian:s3cr3t-pw@127.0.0.1:1/antrian?connect_timeout=2"
    done = run_role("antrian-board", role_env(ANTRIAN_DATABASE_URL=url), "--windowed")
    assert done.returncode == 2
    log = (tmp_path / "logs" / "board.log").read_text()
    for output in (done.stdout, done.stderr, log):
        assert "s3cr3t-pw" not in output
        assert "antrian:***@127.0.0.1:1/antrian" in output
    assert "ERROR-DIALOG board: Basis data tidak terjangkau | Database unreachable" in done.stdout
    assert "antrian-board: Basis data tidak terjangkau / Database unreachable" in done.stderr
    assert "board TEST-PC-1 ERROR" in log  # the station was known by then


def test_the_dialog_says_what_is_wrong_and_what_to_do(qtbot, tmp_path) -> None:
    box = role_app.start_error_box("gate", role_app.CONFIG_WRONG, "printer.width = 40: wrong value",
                                   tmp_path / "gate.log")
    qtbot.addWidget(box)
    assert box.text() == "Konfigurasi salah\nConfiguration error"
    assert "printer.width = 40" in box.informativeText()
    assert "Perbaiki, lalu jalankan lagi.\nFix it, then start again." in box.informativeText()
    assert str(tmp_path / "gate.log") in box.informativeText()
    assert "antrian-gate" in box.windowTitle() and "cannot start" in box.windowTitle()


def test_offscreen_the_dialog_is_shown_and_closes_by_itself(qapp, capsys) -> None:
    env = {"QT_QPA_PLATFORM": "offscreen"}
    detail = "sqlite:///x\nOSError: nope"
    assert role_app.show_start_error("kiosk", role_app.DB_UNREACHABLE, detail, None, env)
    out = capsys.readouterr().out
    said = ("ERROR-DIALOG kiosk: Basis data tidak terjangkau | Database unreachable | sqlite:///x"
            " | OSError: nope")
    assert said in out


def test_load_role_shows_the_dialog_with_the_config_error(monkeypatch, tmp_path, capsys) -> None:
    shown = []
    monkeypatch.setattr(role_app, "show_start_error", lambda *a, **k: shown.append(a) or True)
    monkeypatch.setenv("ANTRIAN_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(SystemExit) as stop:
        role_app.load_role("gate")
    assert stop.value.code == 2
    (role, headline, detail, log_file), = shown
    assert role == "gate" and headline == role_app.CONFIG_WRONG and "missing.toml" in detail
    assert log_file == tmp_path / "logs" / "gate.log"
    assert "antrian-gate: " in capsys.readouterr().err


def test_a_failing_dialog_still_stops_with_exit_2(monkeypatch, tmp_path) -> None:
    def broken(*_args, **_kwargs):
        raise RuntimeError("no display after all")

    monkeypatch.setattr(role_app, "show_start_error", broken)
    monkeypatch.setenv("ANTRIAN_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(SystemExit) as stop:
        role_app.load_role("board")
    assert stop.value.code == 2


def test_no_screen_no_dialog(tmp_path) -> None:
    if not __import__("sys").platform.startswith("linux"):
        pytest.skip("the display check is Linux's")
    assert not role_app.screen_available({})
    assert not role_app.screen_available({"DISPLAY": ":987"})  # no X server socket for it
    assert not role_app.screen_available({"DISPLAY": "127.0.0.1:987"})  # nothing listens on 6987
    assert role_app.screen_available({"QT_QPA_PLATFORM": "offscreen"})
    (tmp_path / "wayland-9").touch()
    assert role_app.screen_available({"WAYLAND_DISPLAY": "wayland-9", "XDG_RUNTIME_DIR": str(tmp_path)})
    assert not role_app.show_start_error("gate", role_app.CONFIG_WRONG, "x", None, {})


def test_the_dialog_waits_for_a_person_unless_nobody_is_there() -> None:
    assert role_app._dialog_seconds({}, "xcb") is None
    assert role_app._dialog_seconds({}, "offscreen") == 0
    assert role_app._dialog_seconds({"ANTRIAN_AUTOPILOT": "30"}, "xcb") == 0
    assert role_app._dialog_seconds({role_app.DIALOG_SECONDS_ENV: "20"}, "xcb") == 20
