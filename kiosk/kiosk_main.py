"""antrian-kiosk: the walk-in ticket kiosk (touch screen; windowed for the demo, --fullscreen in the office)."""

from __future__ import annotations

import argparse
import sys

from shared.text import Text

DESCRIPTION = Text("Kios nomor antrean walk-in", "Walk-in ticket kiosk")
HELP_FULLSCREEN = Text("layar penuh (kios sentuh)", "full screen (touch kiosk)")
HELP_PORTRAIT = Text("jendela tegak 1080x1920", "portrait window for the demo")
HELP_SECONDS = Text("lama nomor ditampilkan", "how long the number shows")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="antrian-kiosk", description=DESCRIPTION.line())
    parser.add_argument("--fullscreen", action="store_true", help=HELP_FULLSCREEN.line())
    parser.add_argument("--portrait", action="store_true", help=HELP_PORTRAIT.line())
    parser.add_argument("--seconds", type=int, default=8, help=HELP_SECONDS.line())
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from PySide6.QtCore import QTimer

    from printing.service import TicketPrinter
    from shared.config import ConfigError
    from shared.qt.app import CONFIG_WRONG, autopilot_seconds, fail_start, load_role, make_app, run_role, say
    from shared.qt.screen import hide_cursor, keep_screen_awake
    from shared.qt.tasks import TaskRunner
    from shared.qt.upkeep import RoleUpkeep

    from .walkin.window import KioskWindow

    autopilot_seconds()  # a wrong ANTRIAN_AUTOPILOT stops here, before any window
    ctx = load_role("kiosk")
    try:
        printer = TicketPrinter(ctx.config)
    except ConfigError as exc:  # a wrong printer.url: the same message, log line and dialog as any config error
        fail_start("kiosk", CONFIG_WRONG, str(exc), str(exc))
    app = make_app("kiosk", [sys.argv[0]])
    runner = TaskRunner(ctx.db)
    upkeep = RoleUpkeep(ctx.db, runner, ctx.claim)
    window = KioskWindow(ctx.config, runner, printer, show_seconds=max(1, args.seconds))
    window.resize(*((1080, 1920) if args.portrait else (1280, 800)))
    window.showFullScreen() if args.fullscreen else window.show()
    awake = None
    if args.fullscreen:  # a touch screen in the hall: no pointer, no blanking, no screensaver
        hide_cursor()
        awake = keep_screen_awake("kiosk")
    QTimer.singleShot(0, lambda: say("READY", "kiosk"))  # the kiosk reads nothing before its first tap
    try:
        return run_role(app, window, "kiosk")
    finally:
        if awake is not None:
            awake.release()
        upkeep.release()
        runner.shutdown(wait=True)
        ctx.db.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
