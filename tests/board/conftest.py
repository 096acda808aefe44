"""Fixtures for the board: a real board window on the `db` fixture's database, calls made by other processes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.announce.players import WavClockBackend  # noqa: E402
from kiosk.announce.speech import SpeechSettings  # noqa: E402
from kiosk.board.voice import BoardVoice  # noqa: E402
from kiosk.board.window import BoardWindow  # noqa: E402
from shared.db.engine import Database  # noqa: E402
from shared.qt.tasks import TaskRunner  # noqa: E402
from shared.services.counter_ops import ensure_counters  # noqa: E402
from shared.services.tickets import issue_walk_in  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
ANTRIAN = REPO / ".venv" / "bin" / "antrian"
ANTRIAN_BOARD = REPO / ".venv" / "bin" / "antrian-board"


def child_env(db_url: str) -> dict[str, str]:
    """The environment of another role's process: same database, the repo's config, no screen."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANTRIAN_") or k == "ANTRIAN_CONFIG"}
    env.update(ANTRIAN_DATABASE_URL=db_url, QT_QPA_PLATFORM="offscreen", ANTRIAN_LOG_LEVEL="WARNING")
    return env


def counter_command(db_url: str, command: str, counter: str) -> str:
    """`antrian call-next|recall --counter NAME` in its own process; returns what it printed."""
    exe = str(ANTRIAN) if ANTRIAN.exists() else sys.executable
    args = [exe] if ANTRIAN.exists() else [exe, "-m", "shared.cli"]
    done = subprocess.run(
        [*args, command, "--counter", counter], env=child_env(db_url), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def child_environ() -> Callable[[str], dict[str, str]]:
    return child_env


@pytest.fixture
def run_counter() -> Callable[[str, str, str], str]:
    """run_counter(db_url, "call-next" | "recall", "Loket 1"): a counter action in another process."""
    return counter_command


@pytest.fixture
def waiting_tickets(config) -> Callable[[Database, int], list[str]]:
    """waiting_tickets(db, n): n priority walk-ins (service P, served at Loket 1); returns their numbers."""

    def issue(db: Database, n: int) -> list[str]:
        db.run(ensure_counters, config)
        now = datetime.now(config.office.tz)
        return [db.run(issue_walk_in, config, "priority", now).number for _ in range(n)]

    return issue


@pytest.fixture
def make_board(qtbot, config, tmp_path: Path) -> Iterator[Callable[..., BoardWindow]]:
    """A started board window reading `url` through its own engine, with a silent (timed) voice."""
    made: list[tuple[BoardWindow, TaskRunner, Database]] = []

    def make(url: str, settings: SpeechSettings | None = None, voice_config=None) -> BoardWindow:
        reader = Database(url, reader=True)
        runner = TaskRunner(reader)
        voice = BoardVoice(voice_config or config, tmp_path / "voice-cache", WavClockBackend(), settings)
        window = BoardWindow(config, runner, reader, voice=voice)
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        made.append((window, runner, reader))
        window.start()
        qtbot.waitUntil(lambda: window.feed.state.loaded, timeout=10_000)
        return window

    yield make
    for window, runner, reader in made:
        window.shutdown()
        runner.shutdown()
        reader.dispose()
