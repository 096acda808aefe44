"""antrian-counter: the counter officer's window (loket).

Start-up: config, database and this PC's station (`load_role`), the loket chosen (`--counter` or remembered),
the loket opened for this PC alone (`loket_claim.open_loket`: another live PC holding it is named, with a
supervisor's take-over), then the window inside `SignedInFrame`: the sign-in screen first (role counter), the
idle lock after `staff.idle_lock_minutes` (ANTRIAN_IDLE_LOCK_MS overrides it, for tests), the loket's hold kept
alive by the station's heartbeat and released, with the officer signed out, at a clean exit. With no officer
registered yet (a fresh install) the window opens at once and its actions stay unattributed.
"""

from __future__ import annotations

import argparse
import os
import sys

from PySide6.QtCore import QSettings

from kiosk.counter.chooser import UnknownCounter, choose_counter
from shared.text import Text

DESCRIPTION = Text("Jendela loket", "Counter window")
HELP_COUNTER = Text('nama loket, mis. "Loket 1" (tidak disimpan)', 'counter name, e.g. "Loket 1" (not saved)')
HELP_CHOOSE = Text("pilih loket lagi", "choose this PC's counter again")
HELP_FULLSCREEN = Text("layar penuh", "full screen")
IDLE_MS_ENV = "ANTRIAN_IDLE_LOCK_MS"


def idle_ms_override() -> int | None:
    raw = os.environ.get(IDLE_MS_ENV, "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="antrian-counter", description=DESCRIPTION.line())
    parser.add_argument("--counter", help=HELP_COUNTER.line())
    parser.add_argument("--choose", action="store_true", help=HELP_CHOOSE.line())
    parser.add_argument("--fullscreen", action="store_true", help=HELP_FULLSCREEN.line())
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from shared.qt.app import autopilot_seconds, load_role, make_app, role_slug, run_role, screen_available
    from shared.qt.auth import SignedInFrame
    from shared.qt.tasks import TaskRunner
    from shared.qt.upkeep import RoleUpkeep
    from shared.services import lokets
    from shared.services.staff import StaffRole

    from .counter.loket_claim import open_loket
    from .counter.window import CounterWindow

    autopilot = autopilot_seconds()  # a wrong ANTRIAN_AUTOPILOT stops here, before any window
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
    interactive = autopilot is None and screen_available() and app.platformName() not in ("offscreen", "minimal")
    loket = open_loket(ctx.config, ctx.db, runner, name, interactive)
    if loket is None:
        runner.shutdown(wait=True)
        return 2
    frame = SignedInFrame(ctx.config, runner, ctx.db, StaffRole.COUNTER, ctx.config.station.name, place=name,
                          claims=[ctx.claim, loket], idle_ms=idle_ms_override())
    window = CounterWindow(ctx.config, runner, name, session=frame.session, db=ctx.db)
    frame.set_content(window)
    window.sign_in_needed.connect(frame.require_sign_in_now)
    upkeep = RoleUpkeep(ctx.db, runner, ctx.claim, parent=frame)
    upkeep.hold(loket, lokets.beat_loket, lokets.release_loket, on_lost=window.loket_lost,
                lost_types=(lokets.LoketTaken,))
    frame.resize(1280, 800)
    frame.showFullScreen() if args.fullscreen else frame.show()
    try:
        return run_role(app, frame, f"counter-{role_slug(name)}", ready_signal=window.snapshot_applied)
    finally:
        frame.session.sign_out()  # the officer leaves with the window (written before the releases below)
        frame.session.shutdown()
        upkeep.release()
        runner.shutdown(wait=True)
        ctx.db.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
