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

from shared.text import Text

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

DESCRIPTION = Text("Papan antrean", "Queue display board")
HELP_WINDOWED = Text("jendela, bukan layar penuh", "a window, not full screen")
HELP_SNAPSHOT = Text("simpan papan ke PNG lalu keluar", "save a PNG and exit")
HELP_SIZE = Text("ukuran snapshot, mis. 1280x720", "snapshot size, e.g. 1280x720")
HELP_NO_SOUND = Text("tanpa speaker (hanya jeda)", "no audio device: time only")
NOT_READABLE = Text("basis data tidak terbaca", "database not readable")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="antrian-board",
        description=f"{DESCRIPTION.line()}. "
        "Subcommand: announce NUMBER --counter NAME --wav FILE (see `antrian-board announce --help`).",
    )
    parser.add_argument("--windowed", action="store_true", help=HELP_WINDOWED.line())
    parser.add_argument("--snapshot", type=Path, metavar="FILE.png", help=HELP_SNAPSHOT.line())
    parser.add_argument("--size", default="1920x1080", help=HELP_SIZE.line())
    parser.add_argument("--no-sound", action="store_true", help=HELP_NO_SOUND.line())
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
    from shared.qt.app import autopilot_seconds, load_role, make_app

    seconds = autopilot_seconds() if size is None else None  # a wrong ANTRIAN_AUTOPILOT stops before any window
    ctx = load_role("board", claim=size is None)  # a snapshot beside the running board is not a second board
    app = make_app("board", [sys.argv[0]])
    from shared.db.engine import Database
    from shared.qt.tasks import TaskRunner
    from shared.qt.upkeep import RoleUpkeep

    db = Database(ctx.db.url, reader=True)  # the board reads through a reader engine (see shared.db.engine)
    runner = TaskRunner(db)
    upkeep = RoleUpkeep(ctx.db, runner, ctx.claim)  # the heartbeat writes through the role's own engine
    try:
        if size is not None:
            return _snapshot(ctx.config, runner, db, args.snapshot, size)
        return _show(app, ctx.config, runner, db, args.windowed, quiet=args.no_sound or seconds is not None)
    finally:
        upkeep.release()
        runner.shutdown(wait=True)
        db.dispose()
        ctx.db.dispose()


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
        print(f"antrian-board: {NOT_READABLE.line()}", file=sys.stderr)
    return EXIT_OK if ok else EXIT_FAIL


def _show(app, config, runner, db, windowed: bool, quiet: bool) -> int:
    """`quiet`: no sound device (--no-sound, or an offscreen board on autopilot): announcements only take time."""
    from PySide6.QtCore import Qt

    from kiosk.board.voice import BoardVoice
    from kiosk.board.window import BoardWindow
    from shared.qt.app import run_role
    from shared.qt.screen import hide_cursor, keep_screen_awake

    backend = None
    if quiet:
        from kiosk.announce.players import WavClockBackend

        backend = WavClockBackend()
    window = BoardWindow(config, runner, db, voice=BoardVoice(config, backend=backend))
    if windowed:
        window.resize(1280, 720)
        window.show()
    else:
        window.setCursor(Qt.CursorShape.BlankCursor)  # a TV in a hall: no mouse pointer in the middle
        hide_cursor()
        window.showFullScreen()
    awake = None if windowed else keep_screen_awake("board")  # no blanking, no screensaver on the TV
    window.start()  # its first read is delivered by the event loop, after the pilot (if any) is attached
    try:
        return run_role(app, window, "board", ready_signal=window.feed.board_updated)
    finally:
        if awake is not None:
            awake.release()
        window.shutdown()


if __name__ == "__main__":
    sys.exit(main())
