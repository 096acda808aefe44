"""`antrian-board --snapshot` and `antrian-board announce`, run as the installed commands; scaling by height."""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parents[2]
BOARD = REPO / ".venv" / "bin" / "antrian-board"


def run_board(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(BOARD), *args], env=env, capture_output=True, text=True, timeout=90)


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_snapshot_writes_a_png_of_the_size(
    tmp_path, db, waiting_tickets, run_counter, child_environ, size
) -> None:
    waiting_tickets(db, 2)
    run_counter(db.url, "call-next", "Loket 1")
    out = tmp_path / "board.png"
    done = run_board(["--snapshot", str(out), "--size", f"{size[0]}x{size[1]}"], child_environ(db.url))
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == size


def test_snapshot_rejects_a_bad_size(tmp_path, child_environ, sqlite_db) -> None:
    done = run_board(["--snapshot", str(tmp_path / "x.png"), "--size", "huge"], child_environ(sqlite_db.url))
    assert done.returncode == 2
    assert "WIDTHxHEIGHT" in done.stderr


def test_announce_subcommand_delegates_to_the_announcer(tmp_path, child_environ, sqlite_db) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed on this machine")
    out = tmp_path / "call.wav"
    done = run_board(["announce", "A-042", "--counter", "Loket 3", "--wav", str(out)], child_environ(sqlite_db.url))
    assert done.returncode == 0, done.stderr
    assert "loket tiga" in done.stdout.lower()
    with wave.open(str(out)) as wav:
        assert wav.getnframes() / wav.getframerate() > 2.0  # chime + speech


def test_fonts_follow_the_window_height(qtbot, sqlite_db, make_board) -> None:
    board = make_board(sqlite_db.url)
    sizes = {}
    for height in (720, 2160):
        board.resize(height * 16 // 9, height)
        qtbot.waitUntil(lambda h=height: board.height() == h, timeout=5_000)
        sizes[height] = board.now_calling.number_pixel_size
    assert sizes[2160] == pytest.approx(3 * sizes[720], rel=0.02)
    assert sizes[720] == round(720 * 0.25)
