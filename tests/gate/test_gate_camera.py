"""The real camera path in the real window: recorded frames -> capture -> decode -> check-in -> loopback printer."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from scanner.demo_camera import render_frame
from shared.db.models import CheckinEvent
from shared.domain import Decision

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

    qtbot.waitUntil(lambda: gate.status_bar.camera_level == "ok", timeout=5000)
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
    qtbot.waitUntil(lambda: gate.status_bar.camera_level == "error", timeout=5000)
    assert "/dev/video-antrian-missing" in gate.status_bar.camera.text()
    assert "retrying" in gate.status_bar.camera.text()
    scan(gate, scenario.codes[Decision.VALID], Decision.VALID)
    qtbot.waitUntil(lambda: sorted(printed_numbers(loopback)) == ["A-003", "B-001", "P-001"], timeout=8000)


def test_demo_camera_shows_todays_codes_in_the_preview(make_gate, gate_config, scenario, qtbot):
    gate = make_gate(config=with_camera(gate_config, "demo"))
    gate.start_camera()
    qtbot.waitUntil(lambda: gate.status_bar.camera_level == "ok", timeout=5000)
    qtbot.waitUntil(lambda: gate.preview.frames_shown >= 3, timeout=5000)
    source = gate.camera.capture._source
    assert scenario.codes[Decision.VALID] in source.codes
    assert scenario.codes[Decision.CANCELLED] not in source.codes
    assert scenario.codes[Decision.WRONG_OFFICE] not in source.codes
