"""The gate's Qt-free parts: sounds, freshness, the read services, the command line."""

from __future__ import annotations

import json
import wave
from datetime import UTC, datetime, timedelta

import cv2

from demo.camera import render_frame
from scanner.gate.sounds import SoundBoard, ensure_sounds
from scanner.gate.texts import freshness
from scanner.main import main
from shared.domain import Decision, Tone
from shared.palette import Level
from shared.services.gate_status import active_booking_codes, gate_snapshot


def test_each_tone_has_its_own_short_wav(tmp_path):
    paths = ensure_sounds(tmp_path)
    lengths = {}
    for tone, path in paths.items():
        with wave.open(str(path)) as wav:
            assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
            lengths[tone] = wav.getnframes() / wav.getframerate()
    assert all(0.1 < seconds < 0.6 for seconds in lengths.values())
    assert len({p.read_bytes() for p in paths.values()}) == 3


def test_a_pc_without_sound_stays_silent_without_failing(monkeypatch):
    board = SoundBoard(enabled=True)  # no audio device here (or ANTRIAN_SOUND=0): silent, no exception
    board.play(Tone.REFUSE)
    assert board.played == [Tone.REFUSE]


def test_freshness_goes_amber_then_red():
    now = datetime(2026, 11, 28, 10, 40, tzinfo=UTC)
    assert freshness(now - timedelta(minutes=5), now, 30).level is Level.OK
    assert freshness(now - timedelta(minutes=45), now, 30).level is Level.BUSY  # amber
    assert freshness(now - timedelta(minutes=61), now, 30).level is Level.ERROR  # red
    never = freshness(None, now, 30)
    assert never.level is Level.ERROR and "never" in never.text.en


def test_read_services(sqlite_db, gate_config, scenario):
    codes = sqlite_db.run(active_booking_codes, gate_config, scenario.day)
    assert scenario.codes[Decision.VALID] in codes and set(scenario.extra) <= set(codes)
    for absent in (Decision.CANCELLED, Decision.WITHDRAWN, Decision.WRONG_OFFICE, Decision.WRONG_DATE, Decision.UNKNOWN):
        assert scenario.codes[absent] not in codes
    snap = sqlite_db.run(gate_snapshot, gate_config, scenario.day)
    assert snap.checked_in == 1 and snap.tickets_issued == 2 and snap.waiting == 2
    assert [u.number for u in snap.unprinted] == ["A-001", "A-002"]
    assert snap.last_sync_at is not None


def test_decode_subcommand(tmp_path, capsys):
    image = tmp_path / "phone.png"
    cv2.imwrite(str(image), render_frame("K7Q2M9XA", seed=2))
    assert main(["decode", str(image)]) == 0
    line = json.loads(capsys.readouterr().out.strip())
    assert [c["text"] for c in line["codes"]] == ["K7Q2M9XA"]
    assert main(["decode", str(tmp_path / "missing.png")]) == 2
