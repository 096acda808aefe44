"""antrian-supervisor: today live and the date-range report, for the office's supervisor."""

from __future__ import annotations

import argparse
import logging
import sys

from shared.text import Text

log = logging.getLogger(__name__)
CLOSE_CHECK_MS = 10 * 60 * 1000

DESCRIPTION = Text("Jendela supervisor: hari ini dan laporan", "Supervisor window: today and reports")
HELP_FULLSCREEN = Text("layar penuh", "full screen")
HELP_REFRESH = Text("jeda baca ulang (detik)", "refresh interval (seconds)")
SUPERVISOR_PLACE = Text("Supervisor ruang layanan", "Service hall supervisor")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="antrian-supervisor", description=DESCRIPTION.line())
    parser.add_argument("--fullscreen", action="store_true", help=HELP_FULLSCREEN.line())
    parser.add_argument("--refresh", type=float, default=5.0, help=HELP_REFRESH.line())
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from shared.qt.app import autopilot_seconds, load_role, make_app, run_role
    from shared.qt.auth import OfficerBadge, SignedInFrame
    from shared.qt.tasks import TaskRunner
    from shared.qt.upkeep import RoleUpkeep
    from shared.services.staff import StaffRole

    from .supervisor.window import SupervisorWindow

    autopilot_seconds()  # a wrong ANTRIAN_AUTOPILOT stops here, before any window
    ctx = load_role("supervisor")
    app = make_app("supervisor", [sys.argv[0]])
    runner = TaskRunner(ctx.db)
    # the supervisor signs in too (role supervisor); with no officer registered yet the window opens at once
    frame = SignedInFrame(ctx.config, runner, ctx.db, StaffRole.SUPERVISOR, ctx.config.station.name,
                          place=SUPERVISOR_PLACE.line(), claims=[ctx.claim])
    window = SupervisorWindow(ctx.config, runner, refresh_ms=max(1000, int(args.refresh * 1000)),
                              badge=OfficerBadge(frame.session))
    frame.set_content(window)
    upkeep = RoleUpkeep(ctx.db, runner, ctx.claim, parent=window)
    closing = day_close_timer(ctx, runner, window)  # the day closes on time, signed in or not
    frame.resize(1400, 900)
    frame.showFullScreen() if args.fullscreen else frame.show()
    try:
        return run_role(app, frame, "supervisor", ready_signal=window.today_applied)
    finally:
        frame.session.sign_out()
        frame.session.shutdown()
        closing.stop()
        upkeep.release()
        runner.shutdown(wait=True)
        ctx.db.dispose()


def day_close_timer(ctx, runner, parent):
    """The office's automatic day close runs where the supervisor watches: yesterday if it was left open, today
    once the hall has closed (shared.services.day_close.close_if_due), checked every CLOSE_CHECK_MS on the io lane
    (it backs up the database). The first check waits a while, so a window opened for a moment changes nothing."""
    from datetime import UTC

    from PySide6.QtCore import QTimer

    from shared import clock
    from shared.qt.tasks import Lane
    from shared.services.day_close import close_if_due

    def check() -> None:
        runner.run(Lane.IO, close_if_due, ctx.db, ctx.config, clock.now(UTC),
                   on_done=lambda report: report and log.info("day closed: %s", report),
                   on_error=lambda exc: log.error("automatic day close failed: %s", exc))

    timer = QTimer(parent, interval=CLOSE_CHECK_MS, timeout=check)
    timer.start()
    return timer


if __name__ == "__main__":
    raise SystemExit(main())
