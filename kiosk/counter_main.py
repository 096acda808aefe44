"""antrian-counter: the counter officer's window (loket)."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QSettings

from kiosk.counter.chooser import UnknownCounter, choose_counter
from shared.text import Text

DESCRIPTION = Text("Jendela loket", "Counter window")
HELP_COUNTER = Text('nama loket, mis. "Loket 1" (tidak disimpan)', 'counter name, e.g. "Loket 1" (not saved)')
HELP_CHOOSE = Text("pilih loket lagi", "choose this PC's counter again")
HELP_FULLSCREEN = Text("layar penuh", "full screen")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="antrian-counter", description=DESCRIPTION.line())
    parser.add_argument("--counter", help=HELP_COUNTER.line())
    parser.add_argument("--choose", action="store_true", help=HELP_CHOOSE.line())
    parser.add_argument("--fullscreen", action="store_true", help=HELP_FULLSCREEN.line())
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from shared.qt.app import autopilot_seconds, load_role, make_app, role_slug, run_role
    from shared.qt.tasks import TaskRunner
    from shared.qt.upkeep import RoleUpkeep

    from .counter.window import CounterWindow

    autopilot_seconds()  # a wrong ANTRIAN_AUTOPILOT stops here, before any window
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
    upkeep = RoleUpkeep(ctx.db, runner, ctx.claim, parent=window)
    window.resize(1280, 800)
    window.showFullScreen() if args.fullscreen else window.show()
    try:
        return run_role(app, window, f"counter-{role_slug(name)}", ready_signal=window.snapshot_applied)
    finally:
        upkeep.release()
        runner.shutdown(wait=True)
        ctx.db.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
