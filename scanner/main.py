"""`antrian-gate`: the entrance officer's window; `antrian-gate decode FILE...` decodes files without a
window; `antrian-gate cameras` lists the webcams (by-id names, sizes)."""

from __future__ import annotations

import argparse
import logging
import sys
from functools import partial

from shared.text import Text

log = logging.getLogger(__name__)
DESCRIPTION = Text("Gerbang masuk: pindai kode booking, cetak tiket", "Entrance gate: scan bookings, print tickets")
PRINTER_UNUSABLE = Text("Printer tidak bisa dipakai", "Printer unusable")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="antrian-gate",
        description=f"{DESCRIPTION.line()}. 'antrian-gate decode FILE...' decodes images or videos without a "
        "window; 'antrian-gate cameras' lists the webcams.",
    )
    parser.add_argument("--fullscreen", action="store_true", help=Text("layar penuh", "full screen").line())
    parser.add_argument("--camera", help=Text("ganti camera.source", "override camera.source").line()
                        + " (0, /dev/video0, FILE, FOLDER)")
    parser.add_argument("--no-sound", action="store_true", help=Text("tanpa suara", "silent").line())
    return parser


def build_printer(config):
    """The configured TicketPrinter, or None and the reason (shown in the status bar; scanning still works)."""
    try:
        from printing.service import TicketPrinter

        return TicketPrinter(config), None
    except Exception as exc:  # noqa: BLE001 - a bad printer.url must not stop the gate from checking people in
        log.error("printer unavailable: %s", exc)
        words = getattr(exc, "text", None)
        return None, PRINTER_UNUSABLE + ": " + (words if isinstance(words, Text) else str(exc))


def sync_and_upload(db, config):
    """The io lane's periodic job: bring the booking list up to date, then send waiting check-ins."""
    from shared.services.outbox import upload_from_config
    from shared.services.sync import sync_from_config

    report = sync_from_config(db, config)
    try:
        upload_from_config(db, config)
    except Exception as exc:  # noqa: BLE001 - the outbox keeps the events; the next round retries
        log.error("check-in upload failed: %r", exc)
    return report


def run_window(args: argparse.Namespace) -> int:
    from shared.qt.app import RoleLifecycle, autopilot_seconds, load_pilot, load_role, make_app

    seconds = autopilot_seconds()
    ctx = load_role("gate")
    app = make_app("gate", sys.argv[:1])
    from scanner.gate.sounds import SoundBoard
    from scanner.gate.window import GateWindow
    from shared import clock
    from shared.qt.tasks import TaskRunner
    from shared.qt.upkeep import RoleUpkeep
    from shared.services.journal import Journal, journal_path

    runner = TaskRunner(ctx.db)
    printer, problem = build_printer(ctx.config)
    tz = ctx.config.office.tz
    journal = Journal(journal_path(ctx.db.url, ctx.config.station.name))
    log.info("gate journal (scans kept while the database is unreachable): %s", journal.path)
    window = GateWindow(ctx.config, runner, printer, clock=lambda: clock.now(tz),
                        sounds=SoundBoard(enabled=not args.no_sound), sync=partial(sync_and_upload, ctx.db, ctx.config),
                        printer_problem=problem, journal=journal, db=ctx.db, claims=[ctx.claim])
    upkeep = RoleUpkeep(ctx.db, runner, ctx.claim, parent=window)
    upkeep.clock_checked.connect(window.status_bar.set_clock_warning)
    upkeep.report_health(window.status_bar.health)  # the camera and the printer, for the supervisor's window
    if args.fullscreen and seconds is None:
        window.showFullScreen()
    else:
        window.resize(1280, 800)
        window.show()
    try:
        lifecycle = RoleLifecycle(app, window, "gate", seconds)
        lifecycle.ready_on(window.status.snapshot_read)
        lifecycle.attach(load_pilot(window, lifecycle))
        if not window.camera.running:  # a pilot may have put its own frame source in
            window.start_camera(args.camera)
        return int(app.exec())
    finally:
        if window.frame is not None:
            window.frame.session.sign_out()  # the officer leaves with the window (before the releases below)
        upkeep.release()
        window.stop()
        runner.shutdown()
        ctx.db.dispose()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] == "decode":
        from scanner.decode.cli import main as decode_main

        return decode_main(argv[1:])
    if argv and argv[0] == "cameras":
        from scanner.camera.devices import main as cameras_main

        return cameras_main(argv[1:])
    return run_window(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
