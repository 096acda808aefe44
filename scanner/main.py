"""`antrian-gate`: the entrance officer's window; `antrian-gate decode FILE...` decodes files without a window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from functools import partial

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="antrian-gate",
        description="Gerbang masuk: pindai kode booking, cetak tiket / Entrance gate: scan bookings, print tickets. "
                    "'antrian-gate decode FILE...' decodes images or videos without a window.",
    )
    parser.add_argument("--fullscreen", action="store_true", help="layar penuh / full screen")
    parser.add_argument("--camera", help="ganti camera.source / override camera.source (demo, 0, /dev/video0, FILE)")
    parser.add_argument("--no-sound", action="store_true", help="tanpa suara / silent")
    return parser


def build_printer(db, config):
    """The configured TicketPrinter, or None and the reason (shown in the status bar; scanning still works)."""
    try:
        from printing.service import TicketPrinter

        return TicketPrinter(db, config), None
    except Exception as exc:  # noqa: BLE001 - a bad printer.url must not stop the gate from checking people in
        log.error("printer unavailable: %s", exc)
        return None, (f"Printer tidak bisa dipakai: {exc}", f"Printer unusable: {exc}")


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


def build_sync(db, config):
    return partial(sync_and_upload, db, config)


def run_window(args: argparse.Namespace) -> int:
    from shared.qt.app import load_role, make_app

    ctx = load_role("gate")
    app = make_app("gate", sys.argv[:1])
    from scanner.autopilot import (
        autopilot_seconds,
        install_quit_signals,
        quiet_offscreen_warnings,
        start_demo_codes,
    )
    from scanner.gate_window import GateWindow
    from scanner.sounds import SoundBoard
    from shared import clock
    from shared.qt.tasks import TaskRunner

    seconds = autopilot_seconds()
    demo_codes = read_demo_codes(args.camera)
    if seconds is not None:
        quiet_offscreen_warnings()
    runner = TaskRunner(ctx.db)
    printer, problem = build_printer(ctx.db, ctx.config)
    tz = ctx.config.office.tz
    window = GateWindow(ctx.config, runner, printer, clock=lambda: clock.now(tz),
                        sounds=SoundBoard(enabled=not args.no_sound), sync=build_sync(ctx.db, ctx.config),
                        printer_problem=problem)
    if args.fullscreen and seconds is None:
        window.showFullScreen()
    else:
        window.resize(1280, 800)
        window.show()
    source = start_demo_codes(window, demo_codes) if demo_codes is not None else None
    if source is None:
        window.start_camera(args.camera)
    autopilot = start_autopilot(window, seconds, source, app.quit)
    install_quit_signals(autopilot.finish if autopilot else app.quit, window)
    try:
        return int(app.exec())
    finally:
        window.stop_camera()
        runner.shutdown()


def read_demo_codes(camera: str | None) -> list[str] | None:
    """ANTRIAN_DEMO_CODES: the demo phone's codes (unless --camera names another source); a bad file stops here."""
    path = os.environ.get("ANTRIAN_DEMO_CODES", "").strip()
    if not path or camera is not None:
        return None
    from scanner.autopilot import read_codes

    try:
        return read_codes(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise SystemExit(f"antrian-gate: ANTRIAN_DEMO_CODES tidak terbaca / unreadable: {exc}") from None


def start_autopilot(window, seconds: float | None, source, quit_app):
    if seconds is None:
        return None
    from scanner.autopilot import GateAutopilot

    autopilot = GateAutopilot(window, seconds, source, os.environ.get("ANTRIAN_DEMO_OUTPUT") or None, quit_app)
    autopilot.start()
    return autopilot


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] == "decode":
        from scanner.decode_cli import main as decode_main

        return decode_main(argv[1:])
    return run_window(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
