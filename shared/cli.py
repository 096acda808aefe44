"""`antrian`: the supervisor's and installer's command line. Exit 0 on success, 3 when a check-in is refused
(the JSON still says why), 2 on usage or config errors, 1 when a server or device fails."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from shared.clock import now as clock_now
from shared.config import Config, ConfigError, load_config
from shared.db.engine import Database, masked_url, open_database
from shared.db.errors import DatabaseError
from shared.domain import CheckinResult, OfficeStatus
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
    report = dataclasses.replace(db.run(import_bookings, records, datetime.now(config.office.tz)), skipped=tuple(problems))
    lines = [f"{report.inserted} baru / new, {report.updated} diperbarui / updated, {report.unchanged} sama / unchanged"]
    lines += [f"  dilewati / skipped {p.booking_code}: {p.reason}" for p in problems]
    emit(args, report, "\n".join(lines))
    return EXIT_OK


def cmd_checkin(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.services.checkin import check_in

    gate = args.gate or config.station.name
    result: CheckinResult = db.run(check_in, config, args.code, gate, _parse_at(args.at, config), args.override_late)
    tickets = ", ".join(t.number for t in result.tickets)
    text = f"{result.decision.value}: {result.message.line()}" + (f"\nTiket / Tickets: {tickets}" if tickets else "")
    emit(args, result, text)
    return result.exit_code


def _counter_cmd(op: Callable[..., Any], *extra: str) -> Callable[..., int]:
    def run(args: argparse.Namespace, config: Config, db: Database) -> int:
        values = [getattr(args, name) for name in extra]
        result = db.run(op, config, args.counter, *values, _parse_at(args.at, config))
        shown = result.ticket.number if result.ticket else (result.finished.number if result.finished else "-")
        emit(args, result, f"{result.counter}: {shown} {result.kind or ''} {result.message}".strip())
        return EXIT_OK

    return run


def cmd_pause(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.services.counter_ops import set_paused

    view = db.run(set_paused, config, args.counter, args.command == "pause", _parse_at(args.at, config))
    emit(args, view, f"{view.name}: {'istirahat / paused' if view.paused else 'buka / open'}")
    return EXIT_OK


def cmd_status(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.services.counter_ops import ensure_counters
    from shared.services.status import office_status

    db.run(ensure_counters, config)
    status: OfficeStatus = db.run(office_status, config, _parse_day(args.date, config))
    emit(args, status, format_status(status))
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

    bookings = sub.add_parser("bookings", help="daftar booking / booking list").add_subparsers(dest="bookings_command", required=True)
    imp = bookings.add_parser("import", help="impor berkas JSON / import a JSON file")
    imp.add_argument("file")
    imp.set_defaults(func=cmd_bookings_import)
    _add_sync_commands(sub, bookings)

    ci = sub.add_parser("checkin", help="putuskan satu kode / decide one code")
    ci.add_argument("code")
    ci.add_argument("--gate")
    ci.add_argument("--at")
    ci.add_argument("--override-late", metavar="REASON")
    ci.set_defaults(func=cmd_checkin)

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
        c.set_defaults(func=_counter_cmd(op, *extra))
    for name in ("pause", "resume"):
        c = sub.add_parser(name)
        c.add_argument("--counter", required=True)
        c.add_argument("--at")
        c.set_defaults(func=cmd_pause)

    st = sub.add_parser("status", help="ringkasan hari ini / today's summary")
    st.add_argument("--date")
    st.set_defaults(func=cmd_status)
    return p


def _add_sync_commands(sub: Any, bookings: Any) -> None:
    sync = bookings.add_parser("sync", help="ambil booking dari server pusat / fetch bookings from the central server")
    sync.add_argument("--date")
    sync.add_argument("--full", action="store_true", help="seluruh hari, bukan perubahan saja / the whole day")
    sync.set_defaults(func=cmd_bookings_sync)
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
    privacy = sub.add_parser("privacy", help="data pribadi (UU PDP) / personal data").add_subparsers(
        dest="privacy_command", required=True)
    purge = privacy.add_parser("purge", help="samarkan nama dan NIK hari lama / pseudonymise old days' names and NIK")
    purge.add_argument("--older-than", type=int, metavar="DAYS", help="default: [privacy] keep_days")
    purge.add_argument("--dry-run", action="store_true", help="hitung saja / count only, change nothing")
    purge.set_defaults(func=cmd_privacy_purge)
    day = sub.add_parser("day", help="hari kerja / the working day").add_subparsers(dest="day_command", required=True)
    close = day.add_parser("close", help="tutup hari: cadangan lalu penyamaran / close the day: backup, then purge")
    close.add_argument("--date")
    close.set_defaults(func=cmd_day_close)


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


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and EXIT_USAGE
    try:
        config = load_config(args.config) if args.config else load_config()
        db = open_database(config.database.url)
        try:
            return args.func(args, config, db)
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
