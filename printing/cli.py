"""antrian-print: a test page, a ticket (print or reprint), a PNG preview, the printer's status, the USB
printers plugged in (`find`).

Exit codes: 0 done, 1 the printer failed (the reason is printed), 2 bad settings or arguments, 3 no such
ticket, or refused by the staff rules (JSON `fault` "refused": `--as NIP` missing or wrong, or a second copy
of a ticket that already printed without `--supervisor NIP`); `find`: 0 printers found, 1 none (or no USB
library).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from shared import clock
from shared.cli_staff import (
    SUPERVISOR_HINT,
    add_as_option,
    add_supervisor_option,
    resolve_actor,
    resolve_authority,
    warn_unattributed,
)
from shared.config import Config, ConfigError, load_config
from shared.db.engine import open_config_database
from shared.services import print_jobs
from shared.services.staff import ACTION_NAMES, Action, StaffError, StaffRole
from shared.text import Text

from .connectors import make_connector
from .jobs import print_now
from .layout import layout_test_page
from .png_render import save_png
from .service import TicketPrinter
from .status import Fault, PrinterFault

READY = Text("Printer siap", "Printer ready")
TEST_PAGE_PRINTED = Text("Halaman uji tercetak", "Test page printed")
# who may (re)print a ticket by number: the gate first, where the printer is
PRINT_ROLES = (StaffRole.GATE, StaffRole.COUNTER, StaffRole.SUPERVISOR, StaffRole.ADMIN)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="antrian-print", description="Cetak tiket antrean / Print queue tickets")
    p.add_argument("--json", action="store_true", help="hasil sebagai JSON / result as JSON")
    p.add_argument("--printer", metavar="URL", help="ganti printer.url / override printer.url")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("test-page", help="cetak halaman uji / print a test page")
    ticket = sub.add_parser("ticket", aliases=["reprint"],
                            help="cetak (ulang) tiket; cetak ulang perlu supervisor / "
                                 "print or reprint a ticket; a reprint needs a supervisor")
    ticket.add_argument("number", help="e.g. A-042")
    ticket.add_argument("--date", type=date.fromisoformat, help="YYYY-MM-DD (default: today)")
    ticket.add_argument("--reason", default="cetak ulang / reprint",
                        help="alasan cetak ulang / why it is reprinted")
    add_as_option(ticket, PRINT_ROLES)
    add_supervisor_option(ticket, ACTION_NAMES[Action.REPRINT])
    preview = sub.add_parser("preview", help="tiket sebagai PNG / ticket as PNG")
    preview.add_argument("number")
    preview.add_argument("--out", type=Path, required=True)
    preview.add_argument("--date", type=date.fromisoformat)
    sub.add_parser("status", help="status printer / printer status")
    sub.add_parser("find", help="cari printer USB / list the USB printers (usb://VID:PID)")
    return p


def _emit(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    print(json.dumps(data, ensure_ascii=False) if args.json else text)


def _fail(args: argparse.Namespace, fault: PrinterFault | ConfigError, code: int) -> int:
    if isinstance(fault, PrinterFault):
        data = {
            "ok": False,
            "fault": fault.fault.value,
            "message_id": fault.text.id,
            "message_en": fault.text.en,
            "detail": fault.detail,
        }
        text = fault.text.line() + (f" ({fault.detail})" if fault.detail else "")
    else:
        data, text = {"ok": False, "fault": "config", "message": str(fault)}, str(fault)
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(text, file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "find":  # needs no config: it is how an installer finds the printer.url to write
        return _find(args)
    try:
        config = load_config()
        if args.printer:
            config = dataclasses.replace(
                config, printer=dataclasses.replace(config.printer, url=args.printer)
            )
        make_connector(config.printer)  # a bad printer.url or profile stops here, before the database opens
    except ConfigError as exc:
        return _fail(args, exc, 2)
    try:
        return _COMMANDS[args.command](args, config)
    except PrinterFault as fault:
        return _fail(args, fault, 3 if fault.fault is Fault.TICKET_NOT_FOUND else 1)


def _day(args: argparse.Namespace, config: Config) -> date:
    return args.date or clock.now(config.office.tz).date()


def _ticket(args: argparse.Namespace, config: Config) -> int:
    db = open_config_database(config)
    try:
        actor = resolve_actor(args, config, db)
        view = db.read(print_jobs.view_by_number, config, _day(args, config), args.number)
        subject = (view.booking_code or view.number) if view else args.number  # the family's booking, or the ticket
        authority = resolve_authority(args, config, db, Action.REPRINT, args.reason, actor, subject)
        outcome = print_now(db, TicketPrinter(config), config, day=_day(args, config), number=args.number,
                            actor=actor, authority=authority)
    except StaffError as exc:
        return _refused(args, exc)
    finally:
        db.dispose()
    if actor is None and outcome.fault != Fault.TICKET_NOT_FOUND:
        warn_unattributed("antrian-print")
    if args.json:
        print(json.dumps(outcome.as_dict(), ensure_ascii=False))
    else:
        detail = f" ({outcome.detail})" if outcome.detail else ""
        print(f"{outcome.number}: {outcome.message.line()}{detail}", file=sys.stdout if outcome.ok else sys.stderr)
    if outcome.fault == Fault.TICKET_NOT_FOUND:
        return 3
    return 0 if outcome.ok else 1


def _refused(args: argparse.Namespace, exc: StaffError) -> int:
    text = exc.text
    if args.supervisor is None and "supervisor's" in (text.en or ""):  # name the option
        text = text + ". " + SUPERVISOR_HINT
    if args.json:
        print(json.dumps({"ok": False, "fault": "refused", "message_id": text.id, "message_en": text.en},
                         ensure_ascii=False))
    print(f"antrian-print: {text.line()}", file=sys.stderr)
    return 3


def _preview(args: argparse.Namespace, config: Config) -> int:
    db = open_config_database(config)
    try:
        view = db.run(print_jobs.view_by_number, config, _day(args, config), args.number)
        if view is None:
            raise PrinterFault(Fault.TICKET_NOT_FOUND, f"{args.number} ({_day(args, config)})")
        path = save_png(TicketPrinter(config).layout(view), config.printer.width, args.out)
    finally:
        db.dispose()
    _emit(args, {"ok": True, "number": view.number, "out": str(path)}, f"{view.number}: {path}")
    return 0


def _test_page(args: argparse.Namespace, config: Config) -> int:
    connector = make_connector(config.printer)
    ops = layout_test_page(config.office.name, config.printer, config.printer.url)
    where = TicketPrinter(config, connector).print_ops(ops, "test-page")
    _emit(args, {"ok": True, "output": where}, f"{TEST_PAGE_PRINTED.line()}: {where}")
    return 0


def _status(args: argparse.Namespace, config: Config) -> int:
    connector = make_connector(config.printer)
    if not connector.target.can_query_status:
        why = Text(
            f"{connector.target.scheme}:// tidak bisa menjawab status",
            f"{connector.target.scheme}:// cannot report status (only network://, usb:// and serial:// printers "
            "answer)",
        ).line()
        _emit(args, {"ok": True, "status": None, "reason": why}, why)
        return 0
    status = TicketPrinter(config, connector).status()
    assert status is not None
    fault = status.fault or status.warning
    message = READY if fault is None else fault.text
    _emit(
        args,
        {
            "ok": status.fault is None,
            "status": status.as_dict(),
            "message_id": message.id,
            "message_en": message.en,
        },
        f"{message.line()}  {status.as_dict()}",
    )
    return 0 if status.fault is None else 1


def _find(args: argparse.Namespace) -> int:
    from .usb_find import NONE_FOUND, NONE_FOUND_HINT, TITLE, UsbBackendMissing, describe, find_printers

    try:
        printers = find_printers()
    except UsbBackendMissing as exc:
        if args.json:
            print(json.dumps({"ok": False, "fault": "no_usb_backend", "message_id": exc.text.id,
                              "message_en": exc.text.en}, ensure_ascii=False))
        else:
            print(exc.text.line(), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({"ok": bool(printers), "printers": [
            {"url": p.url, "vendor": f"{p.vendor:04x}", "product": f"{p.product:04x}", "bus": p.bus,
             "address": p.address, "manufacturer": p.manufacturer, "name": p.name, "serial": p.serial,
             "why": p.why.en, "writable": p.writable} for p in printers]}, ensure_ascii=False))
    elif printers:
        print(f"{TITLE.line()}:")
        for printer in printers:
            print("\n".join(describe(printer)))
    else:
        print(f"{NONE_FOUND.line()} — {NONE_FOUND_HINT.line()}", file=sys.stderr)
    return 0 if printers else 1


_COMMANDS = {"ticket": _ticket, "reprint": _ticket, "preview": _preview, "test-page": _test_page,
             "status": _status}
