"""The real camera path in the real window: recorded frames -> capture -> decode -> check-in -> loopback printer;
and the demo's phone, put in front of the camera by the demo's pilot through the role's pilot hook."""

from __future__ import annotations

import html
import signal
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from demo.camera import DemoCamera, render_frame
from demo.pilots.gate import start as start_gate_pilot
from shared.db.models import CheckinEvent
from shared.domain import Decision
from shared.palette import Level
from shared.qt.app import RoleLifecycle

from ..scanner.conftest import write_video  # the MJPG/AVI writer the scanner tests use
from .conftest import printed_numbers


def with_camera(config, source: str):
    return replace(config, camera=replace(config.camera, source=source))


def test_recorded_video_checks_in_and_prints_the_ticket(make_gate, gate_config, scenario, loopback, sqlite_db,
                                                        tmp_path, qtbot):
    code = scenario.extra[0]
    empty = render_frame(None, (1280, 720), seed=3)
    held = render_frame(code, (1280, 720), seed=4)
    video = write_video(tmp_path / "gate.avi", [empty] * 8 + [held] * 24 + [empty] * 8)
    gate = make_gate(config=with_camera(gate_config, str(video)), debounce=3.0)
    gate.start_camera()

    qtbot.waitUntil(lambda: gate.status_bar.camera_level is Level.OK, timeout=5000)
    qtbot.waitUntil(lambda: printed_numbers(loopback) == ["A-003"], timeout=15000)
    assert gate.card.decision is Decision.VALID and gate.card.result.code == code
    assert gate.preview.frames_shown > 0  # the GUI timer pulled frames from the mailbox
    assert b"A-003" in bytes(loopback.ticket_jobs()[0].data)
    qtbot.waitUntil(lambda: all("Tercetak" in s for s in gate.card.print_states.values()))
    gate.stop_camera()
    events = sqlite_db.run(lambda s: list(s.scalars(select(CheckinEvent.result).where(CheckinEvent.code == code))))
    assert events == ["VALID"]  # a phone held still for 1.6 s is one scan


def test_unplugged_camera_shows_the_failure_and_manual_entry_still_works(make_gate, gate_config, scenario, scan,
                                                                        loopback, qtbot):
    gate = make_gate(config=with_camera(gate_config, "/dev/video-antrian-missing"))
    gate.start_camera()
    qtbot.waitUntil(lambda: gate.status_bar.camera_level is Level.ERROR, timeout=5000)
    assert "/dev/video-antrian-missing" in gate.status_bar.camera.text()
    assert "retrying" in gate.status_bar.camera.text()
    scan(gate, scenario.codes[Decision.VALID], Decision.VALID)
    qtbot.waitUntil(lambda: sorted(printed_numbers(loopback)) == ["A-003", "B-001", "P-001"], timeout=8000)


@pytest.fixture
def lifecycle_of():
    """The real role lifecycle on a test's window (display mode); the signal handlers it installs are put back."""
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}

    def make(window) -> RoleLifecycle:
        return RoleLifecycle(QApplication.instance(), window, "gate")

    yield make
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def test_a_demo_camera_source_in_the_config_is_a_clear_error_not_a_crash(make_gate, gate_config, qtbot):
    gate = make_gate(config=with_camera(gate_config, "demo"))
    gate.start_camera()
    assert gate.status_bar.camera_level is Level.ERROR and not gate.camera.running
    shown = html.unescape(gate.status_bar.camera.text())
    assert "Sumber kamera 'demo' hanya untuk demo" in shown and "The 'demo' camera source is for the demo only" in shown
    assert "for the demo only" in gate.preview.message.en


def test_demo_pilot_without_a_codes_file_shows_todays_codes_in_the_preview(
        make_gate, gate_config, scenario, lifecycle_of, monkeypatch, qtbot):
    monkeypatch.delenv("ANTRIAN_DEMO_CODES", raising=False)
    gate = make_gate(config=with_camera(gate_config, "/dev/video-antrian-unused"))
    pilot = start_gate_pilot(gate, lifecycle_of(gate))
    assert gate.camera.running  # at once: the configured camera is never opened
    qtbot.waitUntil(lambda: scenario.codes[Decision.VALID] in gate.camera.source.codes, timeout=5000)
    qtbot.waitUntil(lambda: gate.status_bar.camera_level is Level.OK, timeout=5000)
    qtbot.waitUntil(lambda: gate.preview.frames_shown >= 3, timeout=5000)
    source = gate.camera.source
    assert source is pilot.source and isinstance(source, DemoCamera) and source.loop and not source.once
    assert scenario.codes[Decision.CANCELLED] not in source.codes
    assert scenario.codes[Decision.WRONG_OFFICE] not in source.codes
    assert "video-antrian-unused" not in gate.status_bar.camera.text()


def test_demo_pilot_shows_the_codes_file_and_the_gate_checks_them_in_and_prints(
        make_gate, gate_config, scenario, lifecycle_of, loopback, tmp_path, monkeypatch, capsys, qtbot):
    codes = tmp_path / "demo-codes.txt"
    codes.write_text(f"{scenario.extra[1]}\n", encoding="utf-8")
    monkeypatch.setenv("ANTRIAN_DEMO_CODES", str(codes))
    gate = make_gate(debounce=3.0)
    pilot = start_gate_pilot(gate, lifecycle_of(gate))
    assert pilot.source.codes == (scenario.extra[1],)
    qtbot.waitUntil(lambda: printed_numbers(loopback) == ["A-003"], timeout=15000)
    assert gate.card.decision is Decision.VALID and gate.card.result.code == scenario.extra[1]
    qtbot.waitUntil(pilot.idle, timeout=5000)
    assert f"DECISION {scenario.extra[1]} VALID A-003" in capsys.readouterr().out
    pilot.stop()  # no more scans from the phone
    assert gate.camera.receivers("2code_scanned(QString,QString)") == 0
