"""`antrian`: the supervisor's and installer's command line. Exit 0 on success, 3 when a check-in is refused
(the JSON still says why) or the staff rules refuse (`--as`, `--supervisor`: shared/cli_staff.py), 2 on usage
or config errors, 1 when a server or device fails."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from shared import cli_staff as who
from shared.cli_roles import add_roles_command
from shared.clock import now as clock_now
from shared.config import STATION_ROLES, Config, ConfigError, load_config
from shared.db.engine import Database, masked_url, open_config_database
from shared.db.errors import DatabaseError
from shared.domain import CheckinResult, OfficeStatus, normalise_code
from shared.logs import set_station, setup_logging
from shared.services.staff import Action, StaffError
from shared.text import Text

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_REFUSED = 0, 1, 2, 3


class UsageError(Exception):
    pass


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _record(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime) or hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _record(value: Any) -> dict[str, Any]:
    """A frozen record as JSON; a Text field `name` becomes `name` (Indonesian) and `name_en` (English)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(value):
        item = getattr(value, f.name)
        if isinstance(item, Text):
            out[f.name], out[f"{f.name}_en"] = item.id, item.en or item.id
        else:
            out[f.name] = _jsonable(item)
    return out


def emit(args: argparse.Namespace, value: Any, text: str) -> None:
    print(json.dumps(_jsonable(value), ensure_ascii=False) if args.json else text)


def _parse_at(text: str | None, config: Config) -> datetime:
    if not text:
        return clock_now(config.office.tz)
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--at {text!r}: bukan waktu ISO-8601 / not an ISO-8601 time, e.g. 2026-11-28T08:30") from None
    return at if at.tzinfo else at.replace(tzinfo=config.office.tz)


def _parse_day(text: str | None, config: Config) -> date:
    if not text:
        return clock_now(config.office.tz).date()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--date {text!r}: bukan tanggal / not a date, e.g. 2026-11-28") from None


# ---- commands


def cmd_db_upgrade(args: argparse.Namespace, config: Config, db: Database) -> int:
    shown = masked_url(db.url)  # never the password
    emit(args, {"database": shown, "upgraded": True}, f"Basis data siap / Database ready: {shown}")
    return EXIT_OK


def cmd_bookings_import(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.services.bookings_import import BadRecord, import_bookings, parse_bookings_payload

    path = Path(args.file)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"Berkas tidak ada / File not found: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: bukan JSON / not JSON ({exc}); tidak ada yang diimpor / nothing imported") from None
    try:
        records, problems = parse_bookings_payload(data)
    except BadRecord as exc:
        raise UsageError(f"{path}: {exc}; tidak ada yang diimpor / nothing imported") from None
    report = dataclasses.replace(db.run(import_bookings, records, clock_now(config.office.tz)), skipped=tuple(problems))
    lines = [f"{report.inserted} baru / new, {report.updated} diperbarui / updated, {report.unchanged} sama / unchanged"]
    lines += [f"  dilewati / skipped {p.booking_code}: {p.reason}" for p in problems]
    emit(args, report, "\n".join(lines))
    return EXIT_OK


def cmd_checkin(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.services.checkin import check_in

    gate = args.gate or config.station.name
    authority = _late_authority(args, config, db)
    result: CheckinResult = db.run(check_in, config, args.code, gate, _parse_at(args.at, config),
                                   args.override_late, actor=args.actor, authority=authority)
    tickets = ", ".join(t.number for t in result.tickets)
    text = f"{result.decision.value}: {result.message.line()}" + (f"\nTiket / Tickets: {tickets}" if tickets else "")
    emit(args, result, text)
    return result.exit_code


def _late_authority(args: argparse.Namespace, config: Config, db: Database) -> Any:
    """`--override-late REASON` needs `--supervisor NIP` once officers exist (a fresh install: a reason)."""
    if args.supervisor and not args.override_late:
        raise UsageError("--supervisor: hanya dengan --override-late / only with --override-late")
    if args.override_late and not args.supervisor and args.actor is not None:
        raise StaffError(Text("Izin masuk terlambat perlu NIP dan PIN supervisor", "A late admission needs a "
                              "supervisor's NIP and PIN"))
    reason = args.override_late or ""
    return who.resolve_authority(args, config, db, Action.LATE_ADMISSION, reason, args.actor,
                                 normalise_code(args.code))


def _counter_cmd(op: Callable[..., Any], *extra: str) -> Callable[..., int]:
    def run(args: argparse.Namespace, config: Config, db: Database) -> int:
        values = [getattr(args, name) for name in extra]
        kwargs: dict[str, Any] = {"actor": args.actor}
        if "number" in extra:  # out of order: a supervisor's call
            kwargs["authority"] = who.resolve_authority(
                args, config, db, Action.CALL_OUT_OF_ORDER, args.reason, args.actor, args.number)
        result = db.run(op, config, args.counter, *values, _parse_at(args.at, config), **kwargs)
        shown = result.ticket.number if result.ticket else (result.finished.number if result.finished else "-")
        emit(args, result, f"{result.counter}: {shown} {result.kind or ''} {result.message}".strip())
        return EXIT_OK

    return run


def cmd_pause(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.services.counter_ops import set_paused

    view = db.run(set_paused, config, args.counter, args.command == "pause", _parse_at(args.at, config),
                  actor=args.actor)
    emit(args, view, f"{view.name}: {'istirahat / paused' if view.paused else 'buka / open'}")
    return EXIT_OK


def cmd_status(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.services.counter_ops import ensure_counters
    from shared.services.status import office_status

    db.run(ensure_counters, config)
    status: OfficeStatus = db.run(office_status, config, _parse_day(args.date, config))
    shown = masked_url(db.url)  # never the password
    if args.json:
        print(json.dumps({"database": shown, **_jsonable(status)}, ensure_ascii=False))
    else:
        print(f"Basis data / Database: {shown}\n{format_status(status)}")
    return EXIT_OK


def format_status(s: OfficeStatus) -> str:
    lines = [
        f"Tanggal / Date {s.day}: booking {s.bookings} ({s.applicants_booked} pemohon / applicants), "
        f"check-in {s.bookings_checked_in}, tiket / tickets {s.tickets_issued}, menunggu / waiting {s.waiting}",
        f"Sinkron terakhir / Last sync: {s.last_sync_at or 'belum pernah / never'}",
    ]
    lines += [f"  {c.prefix} {c.name:<22} menunggu/waiting {c.waiting:>3}  dipanggil/called {c.called:>2}  "
              f"selesai/done {c.done:>3}  tidak hadir/no-show {c.no_show:>2}" for c in s.services]
    lines += [f"  {c.name:<10} [{''.join(c.services)}] {'ISTIRAHAT/PAUSED' if c.paused else 'buka/open'} {c.current or ''}"
              for c in s.counters]
    if s.decisions:
        lines.append("  Keputusan / Decisions: " + ", ".join(f"{k} {v}" for k, v in s.decisions))
    if s.unprinted:
        lines.append("  Belum tercetak / Unprinted: " + ", ".join(s.unprinted))
    return "\n".join(lines)


# ---- wiring


def build_parser() -> argparse.ArgumentParser:
    from shared.services import counter_ops as ops

    p = argparse.ArgumentParser(prog="antrian", description="Antrian: administrasi kantor / office administration")
    p.add_argument("--json", action="store_true", help="keluaran JSON / machine-readable output")
    p.add_argument("--config", help="berkas config.toml lain / another config file")
    sub = p.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="basis data / database").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="buat atau perbarui skema / create or upgrade the schema").set_defaults(func=cmd_db_upgrade)
    _add_backup_commands(sub, db)
    add_roles_command(db)
    _add_office_commands(sub)

    bookings = sub.add_parser("bookings", help="daftar booking / booking list").add_subparsers(dest="bookings_command", required=True)
    imp = bookings.add_parser("import", help="impor berkas JSON / import a JSON file")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_bookings_import)
    who.add_as_option(imp, who.MANAGER)
    _add_sync_commands(sub, bookings)

    ci = sub.add_parser("checkin", help="putuskan satu kode / decide one code")
    ci.add_argument("code")
    ci.add_argument("--gate")
    ci.add_argument("--at")
    ci.add_argument("--override-late", metavar="REASON", help="izin masuk terlambat, dengan --supervisor / "
                                                             "admit a late applicant, with --supervisor")
    ci.set_defaults(func=cmd_checkin)
    who.add_as_option(ci, who.GATE)
    who.add_supervisor_option(ci, Text("izin masuk terlambat", "a late admission"))

    for name, op, extra in [("call-next", ops.call_next, ()), ("recall", ops.recall, ()), ("done", ops.done, ()),
                            ("no-show", ops.no_show, ()), ("transfer", ops.transfer, ("to",)),
                            ("call", ops.call_specific, ("number",))]:
        c = sub.add_parser(name)
        c.add_argument("--counter", required=True)
        c.add_argument("--at")
        if "to" in extra:
            c.add_argument("--to", required=True, metavar="PREFIX")
        if "number" in extra:
            c.add_argument("number")
            c.add_argument("--reason", default="panggil di luar urutan / called out of order")
            who.add_supervisor_option(c, Text("panggilan di luar urutan", "a call out of order"))
        c.set_defaults(func=_counter_cmd(op, *extra))
        who.add_as_option(c, who.COUNTER)
    for name in ("pause", "resume"):
        c = sub.add_parser(name)
        c.add_argument("--counter", required=True)
        c.add_argument("--at")
        c.set_defaults(func=cmd_pause)
        who.add_as_option(c, who.COUNTER)
    who.add_ticket_commands(sub)
    who.add_staff_commands(sub)
    who.add_audit_command(sub)

    st = sub.add_parser("status", help="ringkasan hari ini / today's summary")
    st.add_argument("--date")
    st.set_defaults(func=cmd_status)
    _add_report_command(sub)
    _add_autostart_command(sub)
    return p


def _add_report_command(sub: Any) -> None:
    from shared.services.reports import GROUPINGS

    rep = sub.add_parser("report", help="laporan antrian (docs/reports.md) / queue report")
    rep.add_argument("--from", dest="date_from", metavar="D", help="hari pertama / first day (default: today)")
    rep.add_argument("--to", dest="date_to", metavar="D", help="hari terakhir / last day (default: --from)")
    rep.add_argument("--by", choices=GROUPINGS, default="day", help="pengelompokan / grouping")
    rep.add_argument("--format", choices=("text", "json", "csv", "xlsx", "pdf"), default=None)
    rep.add_argument("--out", metavar="FILE", help="berkas keluaran / output file")
    rep.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace, config: Config, db: Database) -> int:
    """Figures of docs/reports.md: JSON or a table on stdout, CSV on stdout or --out, XLSX and PDF to --out."""
    from shared.services import report_export as export
    from shared.services.reports import ReportError, all_groupings, build_report

    date_from = _parse_day(args.date_from, config)
    date_to = _parse_day(args.date_to, config) if args.date_to else date_from
    fmt = args.format or ("json" if args.json else "text")
    now = clock_now(config.office.tz)
    try:
        if fmt in ("xlsx", "pdf"):
            reports = db.read(all_groupings, config, date_from, date_to, now)
            reports = {args.by: reports[args.by], **reports}  # the chosen grouping first
        else:
            report = db.read(build_report, config, date_from, date_to, args.by, now)
    except ReportError as exc:
        return _fail_line(args, exc.text, EXIT_USAGE)
    if fmt in ("json", "text") and not args.out:
        if fmt == "json":
            print(json.dumps(report.as_json(), ensure_ascii=False))
        else:
            print(_format_report(report))
        return EXIT_OK
    out = Path(args.out or f"antrian-laporan-{date_from}-{date_to}-{args.by}.{fmt}")
    if fmt == "csv" and not args.out:
        sys.stdout.buffer.write(export.report_csv(report))
        return EXIT_OK
    if fmt == "csv":
        out.write_bytes(export.report_csv(report))
    elif fmt == "json":
        out.write_text(json.dumps(report.as_json(), ensure_ascii=False), encoding="utf-8")
    elif fmt == "text":
        out.write_text(_format_report(report) + "\n", encoding="utf-8")
    elif fmt == "xlsx":
        export.report_xlsx(reports, config, out)
    else:
        export.report_pdf(reports, config, out)
    shown = {"ok": True, "file": str(out), "format": fmt, "from": date_from.isoformat(), "to": date_to.isoformat()}
    print(json.dumps(shown, ensure_ascii=False) if args.json else f"Tersimpan / Saved: {out}")
    return EXIT_OK


def _format_report(report: Any) -> str:
    def minutes(seconds: float | None) -> str:
        return "-" if seconds is None else f"{seconds / 60:.1f}"

    lines = [report.title.line(),
             f"{'':<28}{'booked':>7}{'datang':>7}{'pnggl':>7}{'layani':>7}{'t.hdr':>6}{'sisa':>6}{'SL%':>7}"
             f"{'tunggu':>8}{'P90':>7}{'layanan':>8}  (menit / minutes)"]
    for label, f in [(r.label.line(), r.figures) for r in report.rows] + [("Total", report.total)]:
        sl = "-" if f.service_level_pct is None else f"{f.service_level_pct:.1f}"
        lines.append(f"{label[:27]:<28}{f.booked_applicants:>7}{f.arrived:>7}{f.called:>7}{f.served:>7}{f.no_show:>6}"
                     f"{f.unserved:>6}{sl:>7}{minutes(f.wait_mean_s):>8}{minutes(f.wait_p90_s):>7}"
                     f"{minutes(f.service_mean_s):>8}")
    walk_ins = ", ".join(f"{k} {n}" for k, n in report.walk_ins) or "-"
    lines.append(f"Walk-in: {walk_ins}; override {report.overrides}; cetak ulang / reprints {report.reprints}; "
                 f"dibatalkan / voided {report.voided}")
    return "\n".join(lines)


def _add_autostart_command(sub: Any) -> None:
    from shared.autostart import KINDS, ROLES

    auto = sub.add_parser("autostart", help="mulai peran saat login / start a role at login (XDG or systemd)")
    auto.add_argument("--role", required=True, choices=sorted(ROLES))
    auto.add_argument("--fullscreen", action="store_true", help="layar penuh / full screen")
    kind = auto.add_mutually_exclusive_group()
    helps = {"xdg": "~/.config/autostart (bawaan / default)",
             "systemd": "unit systemd --user, dimulai lagi bila berhenti / restarted if it stops"}
    for name in KINDS:
        kind.add_argument(f"--{name}", dest="kind", action="store_const", const=name, help=helps[name])
    auto.add_argument("--remove", action="store_true", help="hapus / remove")
    auto.set_defaults(func=cmd_autostart, standalone=True)


def _add_sync_commands(sub: Any, bookings: Any) -> None:
    sync = bookings.add_parser("sync", help="ambil booking dari server pusat / fetch bookings from the central server")
    sync.add_argument("--date")
    sync.add_argument("--full", action="store_true", help="seluruh hari, bukan perubahan saja / the whole day")
    sync.set_defaults(func=cmd_bookings_sync)
    who.add_as_option(sync, who.MANAGER)
    outbox = sub.add_parser("outbox", help="check-in yang menunggu dikirim / check-ins waiting for upload")
    outbox.add_argument("--upload", action="store_true", help="kirim sekarang / upload now")
    outbox.set_defaults(func=cmd_outbox)


def _add_backup_commands(sub: Any, db: Any) -> None:
    backup = db.add_parser("backup", help="cadangkan basis data / back up the database")
    backup.add_argument("--to", metavar="DIR", help="folder lain / another folder than [backup] dir")
    backup.set_defaults(func=cmd_db_backup)
    restore = db.add_parser("restore", help="pulihkan cadangan ke basis data KOSONG / restore into an EMPTY database")
    restore.add_argument("file")
    restore.add_argument("--yes", action="store_true", help="tanpa konfirmasi / do not ask")
    restore.set_defaults(func=cmd_db_restore)
    who.add_as_option(restore, who.MANAGER)
    privacy = sub.add_parser("privacy", help="data pribadi (UU PDP) / personal data").add_subparsers(
        dest="privacy_command", required=True)
    purge = privacy.add_parser("purge", help="samarkan nama dan NIK hari lama / pseudonymise old days' names and NIK")
    purge.add_argument("--older-than", type=int, metavar="DAYS", help="default: [privacy] keep_days")
    purge.add_argument("--dry-run", action="store_true", help="hitung saja / count only, change nothing")
    purge.set_defaults(func=cmd_privacy_purge)
    who.add_as_option(purge, who.MANAGER)  # not for --dry-run: it changes nothing
    day = sub.add_parser("day", help="hari kerja / the working day").add_subparsers(dest="day_command", required=True)
    close = day.add_parser("close", help="tutup hari: cadangan lalu penyamaran / close the day: backup, then purge")
    close.add_argument("--date")
    close.set_defaults(func=cmd_day_close)
    who.add_as_option(close, who.MANAGER)


def _add_office_commands(sub: Any) -> None:
    doctor = sub.add_parser("doctor", help="periksa PC ini untuk perannya / check this PC for its roles")
    doctor.add_argument("--role", action="append", choices=STATION_ROLES,
                        help="peran yang diperiksa (default: station.roles) / roles to check")
    doctor.set_defaults(func=cmd_doctor, standalone=True)
    setup = sub.add_parser("setup", help="pengaturan pertama PC ini / first-run set-up of this PC")
    setup.add_argument("--non-interactive", action="store_true", help="tanpa pertanyaan / no questions (scripts)")
    setup.add_argument("--office-code")
    setup.add_argument("--office-name")
    setup.add_argument("--timezone")
    setup.add_argument("--station", help="nama PC ini / this PC's name, e.g. GATE-1, LOKET-PC-3")
    setup.add_argument("--roles", help="gate,counter,board,kiosk,server")
    setup.add_argument("--database-url", help="postgresql://USER:PASSWORD@HOST/antrian; '' = SQLite on this PC")
    setup.add_argument("--printer-url", help="network://HOST:9100, usb://VID:PID, ...; '' = no printer")
    setup.add_argument("--printer-profile")
    setup.add_argument("--printer-width", type=int, choices=(32, 42, 48))
    setup.add_argument("--camera", help="0, /dev/video0, /dev/v4l/by-id/...")
    setup.add_argument("--booking-url", help="the central booking server")
    setup.add_argument("--file", metavar="PATH", help="tulis berkas ini / write this file instead of the user's")
    setup.add_argument("--skip-db-test", action="store_true", help="jangan uji basis data / no connection test")
    setup.add_argument("--test-printer", action="store_true", help="cetak halaman uji / print a test page")
    setup.add_argument("--test-camera", action="store_true", help="baca satu kode dengan kamera / read one code")
    setup.set_defaults(func=cmd_setup, standalone=True)


def cmd_doctor(args: argparse.Namespace, config: Config | None = None, db: Database | None = None) -> int:
    """Needs neither a valid config nor a database (`standalone`): finding out what is wrong is its job."""
    from shared.services.doctor import run_doctor

    report = run_doctor(args.config, tuple(args.role or ()))
    if args.json:
        print(json.dumps(_jsonable(report), ensure_ascii=False))
    else:
        print(f"Konfigurasi / Config: {report.config}\nBasis data / Database: {report.database}\n"
              f"Peran / Roles: {', '.join(report.roles) or '-'}")
        print("\n".join(report.lines()))
    return EXIT_OK if report.ok else EXIT_FAIL


def _ask(question: Text, default: str) -> str:
    print(f"{question.line()} [{default}]: ", end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    return answer.strip() or default


def cmd_setup(args: argparse.Namespace, config: Config | None = None, db: Database | None = None) -> int:
    """Ask what is not given as a flag (unless --non-interactive), test the database, write the file (checked
    first), then the device tests."""
    from shared.config import user_config_path
    from shared.services import setup as s

    target = Path(args.file) if args.file else (Path(args.config) if args.config else user_config_path())
    now = s.current_config(target) or s.template_defaults()
    interactive = not args.non_interactive and sys.stdin is not None and sys.stdin.isatty()
    if not args.non_interactive and not interactive:
        return _fail_line(args, Text("Tidak ada terminal untuk bertanya: beri jawaban sebagai opsi dan "
                                     "--non-interactive", "No terminal to ask on: give the answers as options "
                                     "and --non-interactive"), EXIT_USAGE)

    def pick(flag: str | None, question: Text, current: str) -> str | None:
        if flag is not None or not interactive:
            return flag
        return _ask(question, current)

    roles = pick(args.roles, Text("Peran PC ini (gate,counter,board,kiosk,server)", "This PC's roles"),
                 ",".join(now.station.roles) or "gate")
    gate = roles is None or "gate" in roles or args.camera is not None
    answers = s.Answers(
        office_code=pick(args.office_code, Text("Kode kantor", "Office code"), now.office.code),
        office_name=pick(args.office_name, Text("Nama kantor", "Office name"), now.office.name),
        timezone=pick(args.timezone, Text("Zona waktu", "Time zone"), now.office.timezone),
        station=pick(args.station, Text("Nama stasiun PC ini (GATE-1, LOKET-PC-3, ...)", "This PC's station name"),
                     now.station.name),
        roles=None if roles is None else tuple(r.strip() for r in roles.split(",") if r.strip()),
        database_url=pick(args.database_url, Text("URL basis data (kosong: SQLite di PC ini)",
                                                  "Database URL (empty: SQLite on this PC)"),
                          now.database.url),
        printer_url=pick(args.printer_url, Text("URL printer (kosong: tanpa printer)", "Printer URL (empty: none)"),
                         now.printer.url),
        printer_profile=args.printer_profile, printer_width=args.printer_width,
        camera=pick(args.camera, Text("Kamera (0, /dev/video0)", "Camera (0, /dev/video0)"),
                    now.camera.source) if gate else None,
        booking_url=pick(args.booking_url, Text("Alamat server booking pusat", "Central booking server"),
                         now.booking_server.url),
    )
    if answers.database_url and not args.skip_db_test:
        check = s.check_database(answers.database_url)
        print(f"antrian: {check.message.line()}", file=sys.stderr)
        if not check.ok:
            return _fail_line(args, Text("Tidak ditulis: basis data tidak terhubung (atau --skip-db-test)",
                                         "Not written: the database did not connect (or --skip-db-test)"), EXIT_FAIL)
    try:
        path, config = s.write_config(answers, target)
    except ConfigError as exc:
        return _fail_line(args, Text(f"Tidak ditulis / Not written: {exc}"), EXIT_USAGE)
    shown = masked_url(config.database.url) if config.database.url else "SQLite"
    summary: dict[str, Any] = {"ok": True, "file": str(path), "station": config.station.name,
                               "roles": list(config.station.roles), "database": shown,
                               "printer": config.printer.url, "camera": config.camera.source}
    code = EXIT_OK
    tests = (("printer_test", args.test_printer, bool(config.printer.url), _printer_test_cmd()),
             ("camera_test", args.test_camera, "gate" in config.station.roles, _camera_test_cmd(config.camera.source)))
    for name, wanted, offered, cmd in tests:
        if wanted or (interactive and offered and _ask(Text(f"Uji sekarang: {name}? (y/n)", f"Run {name} now? (y/n)"), "n") == "y"):
            summary[name] = _run_device_test(cmd, path)
            code = code if summary[name]["ok"] else EXIT_FAIL
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"Tersimpan / Saved: {path}\n  station {config.station.name} ({', '.join(config.station.roles) or '-'}),"
              f" database {shown}, printer {config.printer.url or '-'}, camera {config.camera.source}")
        for name, *_rest in tests:
            if name in summary:
                print(f"  {name}: {summary[name]}")
        print("Berikutnya / Next: antrian doctor")
    return code


def _printer_test_cmd() -> list[str]:
    # printing is a role-level package the core may not import: its own program prints the test page
    return [sys.executable, "-c", "import sys; from printing.cli import main; sys.exit(main(['--json', 'test-page']))"]


def _camera_test_cmd(source: str) -> list[str]:
    # OpenCV and the decoders stay out of the core: the scanner's probe runs as its own program
    return [sys.executable, "-m", "scanner.camera.probe", source, "--read-code", "--seconds", "20"]


def _run_device_test(cmd: list[str], config_file: Path) -> dict[str, Any]:
    import os
    import subprocess

    env = {**os.environ, "ANTRIAN_CONFIG": str(config_file)}
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
    except subprocess.TimeoutExpired:
        return {"ok": False, "message": "timeout"}
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    try:
        answer = json.loads(lines[-1]) if lines else {"message": done.stderr.strip()[-300:]}
    except json.JSONDecodeError:
        answer = {"message": done.stdout[-300:]}
    return {**answer, "ok": done.returncode == 0}


def _fail_line(args: argparse.Namespace, text: Text, code: int) -> int:
    """A refusal (exit 2) or a failure (exit 1): one line on stderr; with --json also the reason as JSON."""
    if args.json:
        print(json.dumps({"ok": False, "message": text.id, "message_en": text.en or text.id}, ensure_ascii=False))
    print(f"antrian: {text.line()}", file=sys.stderr)
    return code


def cmd_db_backup(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.services.backup import BackupError, backup_database

    try:
        report = backup_database(db, config, clock_now(config.office.tz), Path(args.to) if args.to else None)
    except BackupError as exc:
        return _fail_line(args, exc.text, EXIT_USAGE if exc.refused else EXIT_FAIL)
    emit(args, report, "\n".join(report.lines()))
    return EXIT_OK


def _confirm(question: Text) -> bool | None:
    """Ask on the terminal (the question on stderr, so --json output stays clean); None: no one to ask."""
    stdin = sys.stdin
    if stdin is None or stdin.closed or not stdin.isatty():
        return None
    print(f"{question.line()} [ya/yes]: ", end="", file=sys.stderr, flush=True)
    return stdin.readline().strip().lower() in ("y", "ya", "yes")


def cmd_db_restore(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.services.backup import BackupError, plan_restore, restore_database

    try:
        plan = plan_restore(db, Path(args.file))
        if not args.yes:
            answer = _confirm(plan.prompt())
            if answer is None:
                return _fail_line(args, Text("Tidak dipulihkan: perlu konfirmasi, tetapi tidak ada terminal; "
                                             "tambahkan --yes", "Not restored: confirmation needed but there is "
                                             "no terminal; add --yes"), EXIT_USAGE)
            if not answer:
                return _fail_line(args, Text("Dibatalkan, tidak ada yang diubah", "Cancelled, nothing changed"),
                                  EXIT_USAGE)
        report = restore_database(db, config, Path(args.file))
    except BackupError as exc:
        return _fail_line(args, exc.text, EXIT_USAGE if exc.refused else EXIT_FAIL)
    emit(args, report, "\n".join(report.lines()))
    return EXIT_OK


def cmd_privacy_purge(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.services.privacy import purge_personal_data

    keep = config.privacy.keep_days if args.older_than is None else args.older_than
    if keep < 1:
        return _fail_line(args, Text(f"--older-than {keep}: minimal 1 hari (hari ini tidak pernah disamarkan)",
                                     f"--older-than {keep}: at least 1 day (today is never purged)"), EXIT_USAGE)
    report = purge_personal_data(db, config, clock_now(config.office.tz).date(), keep, dry_run=args.dry_run)
    emit(args, report, "\n".join(report.lines()))
    return EXIT_OK


def cmd_day_close(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.services.day_close import close_day

    report = close_day(db, config, _parse_day(args.date, config), clock_now(config.office.tz))
    emit(args, report, "\n".join(report.lines()))
    for step in report.steps:
        if not step.ok and not args.json:
            print(f"antrian: {step.line()}", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_FAIL


def cmd_bookings_sync(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.services.sync import sync_from_config

    report = sync_from_config(db, config, _parse_day(args.date, config) if args.date else None, full=args.full)
    emit(args, report, "\n".join(report.lines()))
    return EXIT_OK if report.ok else EXIT_FAIL


def cmd_outbox(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.services.outbox import outbox_summary, upload_from_config

    code = EXIT_OK
    if args.upload:
        report = upload_from_config(db, config)
        if not args.json:
            print("\n".join(report.lines()))
        code = EXIT_OK if not report.failed else EXIT_FAIL
    summary = db.run(outbox_summary)
    emit(args, summary, "\n".join(summary.lines(config.office.tz)))
    return code


def cmd_autostart(args: argparse.Namespace, config: Config | None = None, db: Database | None = None) -> int:
    """Needs neither config nor database (`standalone`): writes or removes the role's autostart entry."""
    from shared.autostart import AutostartError, install, real_systemctl, remove

    try:
        if args.remove:
            report = remove(args.role, args.kind, systemctl=real_systemctl)
        else:
            report = install(args.role, args.kind or "xdg", args.fullscreen, systemctl=real_systemctl)
    except (AutostartError, OSError) as exc:
        text = exc.text if isinstance(exc, AutostartError) else Text(f"Gagal: {exc}", f"Failed: {exc}")
        return _fail_line(args, text, EXIT_USAGE if isinstance(exc, AutostartError) else EXIT_FAIL)
    emit(args, report, "\n".join(report.lines()))
    return EXIT_OK


def _warn_empty_default(config: Config) -> None:
    """The trap of a terminal without ANTRIAN_DATABASE_URL: an empty SQLite file of its own. Said on stderr."""
    from shared.services.doctor import database_choice

    warning = database_choice(config).warning()
    if warning is not None:
        print(f"antrian: {warning.line()}", file=sys.stderr)


def _sync_clock(db: Database) -> None:
    """On PostgreSQL the office clock is the server's (shared.clock); a failure leaves this PC's clock."""
    from shared.services.office_clock import clock_warning, sync_office_clock

    try:
        warning = clock_warning(sync_office_clock(db))
    except DatabaseError:
        return
    if warning is not None:
        print(f"antrian: {warning.line()}", file=sys.stderr)


AT_SLACK = timedelta(minutes=2)


def _require_now(args: argparse.Namespace, config: Config) -> None:
    """An officer's action happens now: `--at` another time would backdate the audit trail (and reopen a closed
    arrival window), so with officers registered it may only say the present (the office clock)."""
    text = getattr(args, "at", None)
    if text and abs(_parse_at(text, config) - clock_now(config.office.tz)) > AT_SLACK:
        raise StaffError(Text("--at: petugas bertindak sekarang; waktu lain tidak boleh (jam kantor)",
                              "--at: an officer acts now; another time is not allowed (the office clock)"))


def _run(args: argparse.Namespace, config: Config, db: Database) -> int:
    """The command, as the officer `--as` names (checked first); refused by the staff rules: exit 3. Done by
    nobody (no officer registered yet): said on stderr."""
    acted = bool(getattr(args, "staff_roles", None)) and not getattr(args, "dry_run", False)
    try:
        if acted:
            args.actor = who.resolve_actor(args, config, db)
            if args.actor is not None:
                _require_now(args, config)
        code = args.func(args, config, db)
    except StaffError as exc:
        return who.refused(args, exc)
    if acted and args.actor is None and code in (EXIT_OK, EXIT_REFUSED):  # a decided check-in exits 3 too
        who.warn_unattributed()
    return code


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and EXIT_USAGE
    setup_logging("cli", console_level=logging.WARNING)  # the file gets INFO; stderr keeps the CLI's lines
    if getattr(args, "standalone", False):  # needs neither config nor database
        return args.func(args)
    try:
        config = load_config(args.config) if args.config else load_config()
        set_station(config.station.name)
        _warn_empty_default(config)
        db = open_config_database(config)
        _sync_clock(db)
        try:
            return _run(args, config, db)
        finally:
            db.dispose()
    except (ConfigError, UsageError) as exc:
        print(f"antrian: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a counter action refused, a database down: one clear line, not a traceback
        from shared.services.counter_ops import CounterError

        if isinstance(exc, CounterError):
            print(f"antrian: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if isinstance(exc, DatabaseError | SQLAlchemyError | OSError):
            first = str(exc).splitlines()[0] if str(exc) else ""
            print(f"antrian: Basis data tidak terjangkau / Database unreachable: {type(exc).__name__}: {first}",
                  file=sys.stderr)
            return EXIT_FAIL
        raise


if __name__ == "__main__":
    sys.exit(main())
