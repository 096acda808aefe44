"""Fixtures for the installer's features (logs, start-up errors, autostart, devices): every test writes its
logs into its own folder and leaves the root logger as it found it."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared import logs

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
BIN = REPO / ".venv" / "bin"


@pytest.fixture(autouse=True)
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "logs"
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(folder))
    monkeypatch.delenv(logs.LEVEL_ENV, raising=False)
    root = logging.getLogger()
    level = root.level
    yield folder
    logs.teardown()
    root.setLevel(level)


@pytest.fixture
def role_env(tmp_path: Path):
    """A role's environment: no ANTRIAN_* of the caller's, no screen, a station, logs into tmp_path/logs."""

    def make(**extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("ANTRIAN_")}
        env.update(QT_QPA_PLATFORM="offscreen", ANTRIAN_LOG_DIR=str(tmp_path / "logs"),
                   ANTRIAN_CONFIG=str(REPO / "config.toml"), ANTRIAN_STATION_NAME="TEST-PC-1",
                   ANTRIAN_DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
        env.update(extra)
        return env

    return make
