"""`antrian-board --snapshot FILE.png [--size 1920x1080]`: the current board, rendered offscreen to a PNG."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from shared.text import Text

from .window import BoardWindow

FIRST_READ_TIMEOUT_MS = 15_000
SIZE_FORM = Text("harus LEBARxTINGGI, mis. 1920x1080", "must be WIDTHxHEIGHT, e.g. 1920x1080")
SIZE_RANGE = Text("antara 320x240 dan 7680x4320", "between 320x240 and 7680x4320")
NOT_WRITTEN = Text("PNG tidak dapat ditulis", "cannot write PNG")


def parse_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*", text)
    if not match:
        raise ValueError(f"--size {text!r}: {SIZE_FORM.line()}")
    width, height = int(match.group(1)), int(match.group(2))
    if not (320 <= width <= 7680 and 240 <= height <= 4320):
        raise ValueError(f"--size {text!r}: {SIZE_RANGE.line()}")
    return width, height


def wait_for_first_read(window: BoardWindow, timeout_ms: int = FIRST_READ_TIMEOUT_MS) -> bool:
    """Spin the event loop until the feed has read once (True) or failed / timed out (False)."""
    loop = QEventLoop()
    outcome: list[bool] = []

    def finish(ok: bool) -> None:
        if not outcome:
            outcome.append(ok)
            loop.quit()

    window.feed.board_updated.connect(lambda _view: finish(True))
    window.feed.connection_lost.connect(lambda _msg: finish(False))
    QTimer.singleShot(timeout_ms, lambda: finish(False))
    loop.exec()
    return outcome[0]


def render_snapshot(window: BoardWindow, path: Path, size: tuple[int, int]) -> bool:
    """Show the (offscreen) window at `size`, wait for the data, save the PNG; True when the data was read."""
    window.rescale(size[1])
    window.resize(*size)
    window.show()
    window.start(listen=False)
    ok = wait_for_first_read(window)
    QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path), "PNG"):
        raise OSError(f"{NOT_WRITTEN.line()}: {path}")
    return ok
