"""`antrian-board`: the public display board.

    antrian-board                       full screen on the TV
    antrian-board --windowed            a window (demo)
    antrian-board --snapshot board.png [--size 1920x1080]
    antrian-board announce A-042 --counter "Loket 3" --wav out.wav
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
LINGER_SECONDS = 4.0  # on autopilot: the counters stop with us and make one last call; announce it too


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="antrian-board",
        description="Papan antrean / Queue display board. "
        "Subcommand: announce NUMBER --counter NAME --wav FILE (see `antrian-board announce --help`).",
    )
    parser.add_argument("--windowed", action="store_true", help="jendela, bukan layar penuh / a window, not full screen")
    parser.add_argument("--snapshot", type=Path, metavar="FILE.png", help="simpan papan ke PNG lalu keluar / save a PNG and exit")
    parser.add_argument("--size", default="1920x1080", help="ukuran snapshot / snapshot size, e.g. 1280x720")
    parser.add_argument("--no-sound", action="store_true", help="tanpa speaker (hanya jeda) / no audio device: time only")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "announce":
        from kiosk.announce.cli import main as announce_main

        return announce_main(argv[1:])
    args = build_parser().parse_args(argv)
    size = None
    if args.snapshot is not None:
        from kiosk.board.snapshot import parse_size

        try:
            size = parse_size(args.size)
        except ValueError as exc:
            print(f"antrian-board: {exc}", file=sys.stderr)
            return EXIT_USAGE
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a snapshot never needs a screen
    return _run(args, size)


def _run(args: argparse.Namespace, size: tuple[int, int] | None) -> int:
    from shared.qt.app import load_role, make_app

    ctx = load_role("board")
    app = make_app("board", [sys.argv[0]])
    from kiosk.board.reads import board_database
    from shared.qt.tasks import TaskRunner

    url = ctx.db.url
    ctx.db.dispose()  # the board only reads, through its own engine (see kiosk.board.reads)
    db = board_database(url)
    runner = TaskRunner(db)
    try:
        if size is not None:
            return _snapshot(ctx.config, runner, db, args.snapshot, size)
        return _show(app, ctx.config, runner, db, args)
    finally:
        runner.shutdown(wait=False)
        db.dispose()


def _snapshot(config, runner, db, path: Path, size: tuple[int, int]) -> int:
    from kiosk.board.snapshot import render_snapshot
    from kiosk.board.window import BoardWindow

    window = BoardWindow(config, runner, db, voice=None)
    try:
        ok = render_snapshot(window, path, size)
    finally:
        window.shutdown()
    print(f"{path} {size[0]}x{size[1]}")
    if not ok:
        print("antrian-board: basis data tidak terbaca / database not readable", file=sys.stderr)
    return EXIT_OK if ok else EXIT_FAIL


def _show(app, config, runner, db, args: argparse.Namespace) -> int:
    from PySide6.QtCore import Qt

    from kiosk.board.voice import BoardVoice
    from kiosk.board.window import BoardWindow
    from kiosk.lifecycle import RoleLifecycle, autopilot_seconds, demo_output

    seconds = autopilot_seconds()
    backend = None
    if args.no_sound or seconds is not None:  # the demo's offscreen board has no sound device
        from kiosk.announce.players import WavClockBackend

        backend = WavClockBackend()
    window = BoardWindow(config, runner, db, voice=BoardVoice(config, backend=backend))
    recorder = _recorder(config, window, demo_output(), LINGER_SECONDS if seconds is not None else 0.0)
    if args.windowed:
        window.resize(1280, 720)
        window.show()
    else:
        window.setCursor(Qt.CursorShape.BlankCursor)  # a TV in a hall: no mouse pointer in the middle
        window.showFullScreen()
    RoleLifecycle(app, window, "board", recorder, seconds).ready_on(window.feed.board_updated)
    window.start()
    try:
        return app.exec()
    finally:
        window.shutdown()
        if recorder is not None:
            recorder.shutdown()


def _recorder(config, window, out: Path | None, linger_seconds: float):
    """With ANTRIAN_DEMO_OUTPUT every announcement is also written as a WAV (kiosk.board.autopilot)."""
    if out is None:
        return None
    from kiosk.board.autopilot import AnnouncementRecorder

    recorder = AnnouncementRecorder(config, out, linger_seconds=linger_seconds, parent=window)
    window.feed.calls_arrived.connect(recorder.record)
    return recorder


if __name__ == "__main__":
    sys.exit(main())
