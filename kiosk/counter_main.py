"""antrian-counter: the counter officer's window (loket)."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QSettings

from kiosk.counter.chooser import UnknownCounter, choose_counter


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="antrian-counter", description="Jendela loket / Counter window")
    parser.add_argument("--counter", help="nama loket, mis. / counter name, e.g. \"Loket 1\" (tidak disimpan / not saved)")
    parser.add_argument("--choose", action="store_true", help="pilih loket lagi / choose this PC's counter again")
    parser.add_argument("--fullscreen", action="store_true", help="layar penuh / full screen")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from shared.qt.app import load_role, make_app
    from shared.qt.tasks import TaskRunner

    from .counter.window import CounterWindow
    from .lifecycle import RoleLifecycle, autopilot_seconds, role_slug

    seconds = autopilot_seconds()
    ctx = load_role("counter")
    app = make_app("counter", [sys.argv[0]])
    try:
        name = choose_counter(ctx.config, QSettings(), args.counter, ask_again=args.choose)
    except UnknownCounter as exc:
        print(f"antrian-counter: {exc}", file=sys.stderr)
        return 2
    if name is None:
        return 1
    runner = TaskRunner(ctx.db)
    window = CounterWindow(ctx.config, runner, name)
    window.resize(1280, 800)
    window.showFullScreen() if args.fullscreen else window.show()
    pilot = None
    if seconds is not None:
        from .counter.autopilot import CounterAutopilot

        pilot = CounterAutopilot(window)
        pilot.start()
    RoleLifecycle(app, window, f"counter-{role_slug(name)}", pilot, seconds).ready_on(window.snapshot_applied)
    try:
        return app.exec()
    finally:
        runner.shutdown(wait=True)
        ctx.db.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
