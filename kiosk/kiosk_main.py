"""antrian-kiosk: the walk-in ticket kiosk (touch screen; windowed for the demo, --fullscreen in the office)."""

from __future__ import annotations

import argparse
import sys


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="antrian-kiosk", description="Kios nomor antrean walk-in / Walk-in ticket kiosk")
    parser.add_argument("--fullscreen", action="store_true", help="layar penuh / full screen (touch kiosk)")
    parser.add_argument("--portrait", action="store_true", help="jendela 1080x1920 / portrait window for the demo")
    parser.add_argument("--seconds", type=int, default=8, help="lama nomor ditampilkan / how long the number shows")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from PySide6.QtCore import QTimer

    from printing.service import TicketPrinter
    from shared.config import ConfigError
    from shared.qt.app import load_role, make_app
    from shared.qt.tasks import TaskRunner

    from .lifecycle import RoleLifecycle, autopilot_seconds, say
    from .walkin.window import KioskWindow

    seconds = autopilot_seconds()
    ctx = load_role("kiosk")
    try:
        printer = TicketPrinter(ctx.db, ctx.config)
    except ConfigError as exc:
        print(f"antrian-kiosk: {exc}", file=sys.stderr)
        return 2
    app = make_app("kiosk", [sys.argv[0]])
    runner = TaskRunner(ctx.db)
    window = KioskWindow(ctx.config, runner, printer, show_seconds=max(1, args.seconds))
    window.resize(*((1080, 1920) if args.portrait else (1280, 800)))
    window.showFullScreen() if args.fullscreen else window.show()
    pilot = None
    if seconds is not None:
        from .walkin.autopilot import KioskAutopilot

        pilot = KioskAutopilot(window)
        pilot.start()
    RoleLifecycle(app, window, "kiosk", pilot, seconds)
    QTimer.singleShot(0, lambda: say("READY", "kiosk"))  # the kiosk reads nothing before its first tap
    try:
        return app.exec()
    finally:
        runner.shutdown(wait=True)
        ctx.db.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
