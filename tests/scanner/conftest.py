"""Fixtures for the gate's camera and decoder tests: the shared corpus, rendered frames, recorded video."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.corpus import CorpusImage, corpus_dir, load_manifest  # noqa: E402
from demo.camera import render_frame  # noqa: E402


@pytest.fixture(scope="session")
def corpus() -> list[CorpusImage]:
    root = corpus_dir()
    if root is None:
        pytest.skip("Korpus tidak ada / corpus absent: set ANTRIAN_CORPUS or use <repo>/../shared/corpus")
    return load_manifest(root)


def write_video(path: Path, frames: list[np.ndarray], fps: float = 15.0) -> Path:
    """MJPG in AVI: the codec opencv-python-headless can always write and read back."""
    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (w, h))
    assert writer.isOpened(), "MJPG/AVI writer unavailable"
    for frame in frames:
        writer.write(frame)
    writer.release()
    return path


@pytest.fixture
def code_video(tmp_path: Path) -> Path:
    """Two seconds of desk, then the phone with K7Q2M9XA held still, then desk again (720p, 15 fps)."""
    empty = render_frame(None, (1280, 720), seed=1)
    held = render_frame("K7Q2M9XA", (1280, 720), seed=2)
    return write_video(tmp_path / "gate.avi", [empty] * 10 + [held] * 20 + [empty] * 10)
