"""Who acts in `antrian`: `--as NIP` (PIN from ANTRIAN_PIN or a prompt) on every state-changing command,
`--supervisor NIP` (PIN from ANTRIAN_SUPERVISOR_PIN or a prompt) where a supervisor must say yes, and the
`antrian staff ...` commands that manage the officers.

A PIN is never an argument (a process list would show it). It comes from the environment, from the terminal
through getpass (not echoed), or, for a new PIN, from one line of standard input when that is not a terminal
(`echo ... | antrian staff add ...` in an installer's script). It is never printed or logged.

While no officer is registered (a fresh install) commands run without `--as` and say on stderr that the
action is unattributed; the first officer must be an admin. Once one exists, `--as` is
required and staff changes need an admin.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from dataclasses import asdict
from typing import Any

from shared.clock import now as clock_now
from shared.config import Config
from shared.db.engine import Database
from shared.services import staff
from shared.services.staff import Action, Actor, Authority, OfficerView, SignInRefused, StaffError, StaffRole
from shared.text import Text

PIN_ENV, SUPERVISOR_PIN_ENV = "ANTRIAN_PIN", "ANTRIAN_SUPERVISOR_PIN"
EXIT_REFUSED = 3

GATE: tuple[StaffRole, ...] = (StaffRole.GATE,)
COUNTER: tuple[StaffRole, ...] = (StaffRole.COUNTER,)
MANAGER: tuple[StaffRole, ...] = (StaffRole.SUPERVISOR, StaffRole.ADMIN)
ADMIN: tuple[StaffRole, ...] = (StaffRole.ADMIN,)
ANY_OFFICER: tuple[StaffRole, ...] = (
    StaffRole.COUNTER,
    StaffRole.GATE,
    StaffRole.SUPERVISOR,
    StaffRole.ADMIN,
)

UNATTRIBUTED_WARNING = Text(
    "Peringatan: belum ada petugas terdaftar, tindakan ini tidak tercatat atas nama siapa pun "
    "(daftarkan admin: antrian staff add)",
    "Warning: no officer is registered yet, this action is unattributed "
    "(register an admin: antrian staff add)",
)
FIRST_OFFICER = Text(
    "Petugas pertama harus admin (--role admin; boleh juga --role supervisor): hanya admin yang mengelola petugas",
    "The first officer must be an admin (--role admin; --role supervisor too if wanted): only admins manage staff",
)
SUPERVISOR_HINT = Text(
    f"Di CLI: --supervisor NIP, PIN dari {SUPERVISOR_PIN_ENV} atau ditanyakan",
    f"In the CLI: --supervisor NIP, PIN from {SUPERVISOR_PIN_ENV} or a prompt",
)


def role_names(roles: tuple[StaffRole, ...]) -> Text:
    return Text(
        " atau ".join(staff.ROLE_NAMES[r].id for r in roles),
        " or ".join(staff.ROLE_NAMES[r].en for r in roles),
    )


# ---- the options


def add_as_option(parser: argparse.ArgumentParser, roles: tuple[StaffRole, ...]) -> None:
    who = role_names(roles)
    parser.add_argument(
        "--as",
        dest="as_nip",
        metavar="NIP",
        help=f"petugas yang bertindak: {who.id} / acting officer: {who.en} "
        f"(PIN: {PIN_ENV} atau ditanyakan / or a prompt)",
    )
    parser.set_defaults(staff_roles=roles, actor=None)


def add_supervisor_option(parser: argparse.ArgumentParser, what: Text) -> None:
    parser.add_argument(
        "--supervisor",
        metavar="NIP",
        help=f"supervisor yang menyetujui {what.id} / the supervisor authorising {what.en} "
        f"(PIN: {SUPERVISOR_PIN_ENV} atau ditanyakan / or a prompt)",
    )


# ---- PINs


def _terminal() -> bool:
    return sys.stdin is not None and not sys.stdin.closed and sys.stdin.isatty()


def read_pin(env: str, nip: str) -> str:
    """The PIN of `nip`: from `env`, else asked on the terminal without echo."""
    pin = os.environ.get(env, "")
    if pin:
        return pin
    if not _terminal():
        raise StaffError(
            Text(
                f"PIN untuk NIP {nip}: isi {env} atau jalankan di terminal",
                f"The PIN for NIP {nip}: set {env} or run in a terminal",
            )
        )
    return getpass.getpass(f"PIN {nip}: ")


def read_new_pin() -> str:
    """A new PIN: one line of standard input when it is not a terminal, else asked twice without echo."""
    if not _terminal():
        line = sys.stdin.readline() if sys.stdin is not None and not sys.stdin.closed else ""
        return staff.validate_pin(line.strip())
    first = staff.validate_pin(
        getpass.getpass(Text("PIN baru (6 angka)", "New PIN (6 digits)").line() + ": ")
    )
    if getpass.getpass(Text("Ulangi PIN", "The PIN again").line() + ": ") != first:
        raise StaffError(
            Text("Kedua PIN tidak sama; tidak ada yang diubah", "The two PINs differ; nothing changed")
        )
    return first


# ---- who acts


def station(config: Config) -> str:
    return config.station.name or "cli"


def _normal_nip(raw: str) -> str:
    try:
        return staff.validate_nip(raw)
    except StaffError:
        return raw  # sign_in refuses it, and records the attempt


def sign_in_as(db: Database, config: Config, nip: str, roles: tuple[StaffRole, ...]) -> Actor:
    """`--as NIP`: the officer signed in for one of `roles` (the first they hold), or SignInRefused."""
    pin = read_pin(PIN_ENV, nip)
    officer = db.read(staff.find_officer, _normal_nip(nip))
    role = next((r for r in roles if officer is not None and officer.has(r)), roles[0])
    return staff.sign_in(db, config, nip, pin, role, station(config), clock_now(config.office.tz))


def resolve_actor(args: argparse.Namespace, config: Config, db: Database) -> Actor | None:
    """The officer named by `--as`; None while no officer is registered (then `warn_unattributed` once the
    action is done)."""
    roles: tuple[StaffRole, ...] = args.staff_roles
    if args.as_nip:
        return sign_in_as(db, config, args.as_nip, roles)
    if db.read(staff.any_officers):
        who = role_names(roles)
        raise StaffError(
            Text(
                f"Perlu --as NIP seorang {who.id} (PIN dari {PIN_ENV} atau ditanyakan): "
                "sudah ada petugas terdaftar",
                f"--as NIP of {who.en} is needed (PIN from {PIN_ENV} or a prompt): officers are registered",
            )
        )
    return None


def warn_unattributed(prog: str = "antrian") -> None:
    """Said on stderr after an action done without an officer (a fresh install): nobody's name is on it."""
    print(f"{prog}: {UNATTRIBUTED_WARNING.line()}", file=sys.stderr)


def resolve_authority(
    args: argparse.Namespace, config: Config, db: Database, action: Action, reason: str, actor: Actor | None,
    subject: str = "",
) -> Authority | None:
    """`--supervisor NIP` for `action` on `subject` (booking code, ticket number), recorded; None when not given
    (the service says what is missing)."""
    if not args.supervisor:
        return None
    pin = read_pin(SUPERVISOR_PIN_ENV, args.supervisor)
    return staff.authorise(
        db,
        config,
        args.supervisor,
        pin,
        action,
        reason,
        station(config),
        clock_now(config.office.tz),
        acting=actor,
        subject=subject,
    )


def refused(args: argparse.Namespace, exc: StaffError) -> int:
    """Refused by the staff rules: exit 3, the reason on stderr (and as JSON with --json)."""
    text = exc.text
    if getattr(args, "supervisor", "") is None and "supervisor's" in (text.en or ""):  # name the option
        text = text + Text(". ", ". ") + SUPERVISOR_HINT
    if args.json:
        data: dict[str, Any] = {
            "ok": False,
            "refused": True,
            "message": text.id,
            "message_en": text.en or text.id,
        }
        if isinstance(exc, SignInRefused):
            data["remaining"] = exc.remaining
            data["locked_until"] = exc.locked_until.isoformat() if exc.locked_until else None
        print(json.dumps(data, ensure_ascii=False))
    print(f"antrian: {text.line()}", file=sys.stderr)
    return EXIT_REFUSED


def officer_json(view: OfficerView) -> dict[str, Any]:
    """What `staff list` shows of an officer: never the PIN's hash, nor the count of wrong PINs."""
    return {
        "nip": view.nip,
        "name": view.name,
        "roles": list(view.roles),
        "active": view.active,
        "locked_until": view.locked_until.isoformat() if view.locked_until else None,
    }


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False) if args.json else text)


# ---- antrian staff add / list / disable / reset-pin


def add_staff_commands(sub: Any) -> None:
    admin = ("perlu --as NIP seorang admin setelah petugas pertama / "
             "needs --as NIP of an admin after the first officer")
    staff_sub = sub.add_parser("staff", help=f"petugas / officers ({admin})").add_subparsers(
        dest="staff_command", required=True
    )
    add = staff_sub.add_parser(
        "add",
        help="daftarkan petugas; PIN dari stdin atau ditanyakan / register an officer; "
        "PIN from stdin or a prompt",
    )
    add.add_argument("--nip", required=True, help="18 angka / 18 digits")
    add.add_argument("--name", required=True)
    add.add_argument(
        "--role",
        action="append",
        required=True,
        choices=[r.value for r in StaffRole],
        help="boleh diulang / may be repeated",
    )
    add.set_defaults(func=cmd_staff_add)
    staff_sub.add_parser("list", help="daftar petugas / list the officers").set_defaults(func=cmd_staff_list)
    disable = staff_sub.add_parser("disable", help="nonaktifkan petugas / disable an officer")
    disable.add_argument("nip")
    disable.set_defaults(func=cmd_staff_disable)
    reset = staff_sub.add_parser(
        "reset-pin", help="PIN baru, juga membuka kunci / a new PIN, also ends a lock-out"
    )
    reset.add_argument("nip")
    reset.set_defaults(func=cmd_staff_reset_pin)
    for parser in (add, disable, reset, staff_sub.choices["list"]):
        parser.add_argument(
            "--as",
            dest="as_nip",
            metavar="NIP",
            help=f"admin yang bertindak / the acting admin (PIN: {PIN_ENV} atau ditanyakan / or a prompt)",
        )


def _manager(args: argparse.Namespace, config: Config, db: Database) -> Actor | None:
    """The admin named by `--as`; None while no officer is registered (anyone sets up the first)."""
    if args.as_nip:
        return sign_in_as(db, config, args.as_nip, ADMIN)
    if db.read(staff.any_officers):
        raise StaffError(
            Text(
                f"Perlu --as NIP seorang admin (PIN dari {PIN_ENV} atau ditanyakan)",
                f"--as NIP of an admin is needed (PIN from {PIN_ENV} or a prompt)",
            )
        )
    return None


def _add_officer(
    session: Any,
    config: Config,
    nip: str,
    name: str,
    roles: tuple[str, ...],
    pin: str,
    now: Any,
    by: Actor | None,
    where: str,
) -> OfficerView:
    """Checked again in the transaction: without an acting admin, only the first officer, who must be an admin."""
    if by is None and staff.any_officers(session):
        raise StaffError(
            Text(
                "Sudah ada petugas: perlu --as NIP seorang admin",
                "Officers exist: --as NIP of an admin is needed",
            )
        )
    if by is None and StaffRole.ADMIN.value not in roles:  # else nobody could ever add or disable staff again
        raise StaffError(FIRST_OFFICER)
    return staff.add_officer(session, config, nip, name, roles, pin, now, by=by, station=where)


def cmd_staff_add(args: argparse.Namespace, config: Config, db: Database) -> int:
    now = clock_now(config.office.tz)
    nip, name = staff.validate_nip(args.nip, now.date()), staff.validate_name(args.name)
    roles = staff.parse_roles(args.role)
    by = _manager(args, config, db)
    if by is None and StaffRole.ADMIN.value not in roles:  # else nobody could ever add or disable staff again
        raise StaffError(FIRST_OFFICER)  # said before the PIN is asked for
    pin = read_new_pin()
    view = db.run(_add_officer, config, nip, name, roles, pin, now, by, station(config))
    _emit(
        args,
        {"ok": True, **officer_json(view)},
        f"Terdaftar / Registered: {view.nip} {view.name} ({', '.join(view.roles)})",
    )
    return 0


def cmd_staff_list(args: argparse.Namespace, config: Config, db: Database) -> int:
    _manager(args, config, db)
    now = clock_now(config.office.tz)
    officers = db.read(staff.list_officers, config, now)
    lines = [_officer_line(o, config, now) for o in officers] or [
        Text("Belum ada petugas", "No officers yet").line()
    ]
    _emit(args, [officer_json(o) for o in officers], "\n".join(lines))
    return 0


def _officer_line(o: OfficerView, config: Config, now: Any) -> str:
    state = "aktif/active" if o.active else "nonaktif/disabled"
    if o.locked_until is not None and o.locked_until > now:
        state += f", terkunci sampai/locked until {o.locked_until.astimezone(config.office.tz):%H:%M}"
    return f"{o.nip}  {o.name:<30} {','.join(o.roles):<28} {state}"


def cmd_staff_disable(args: argparse.Namespace, config: Config, db: Database) -> int:
    by = _manager(args, config, db)
    if by is not None and by.nip == _normal_nip(args.nip):
        raise StaffError(
            Text("Admin tidak bisa menonaktifkan dirinya sendiri", "An admin cannot disable themselves")
        )
    view = db.run(staff.disable_officer, args.nip, clock_now(config.office.tz), by, station(config))
    _emit(args, {"ok": True, **officer_json(view)}, f"Dinonaktifkan / Disabled: {view.nip} {view.name}")
    return 0


def cmd_staff_reset_pin(args: argparse.Namespace, config: Config, db: Database) -> int:
    by = _manager(args, config, db)
    if db.read(staff.find_officer, _normal_nip(args.nip)) is None:  # said before the PIN is asked for
        raise StaffError(Text(f"Tidak ada petugas dengan NIP {args.nip}", f"No officer with NIP {args.nip}"))
    pin = read_new_pin()
    view = db.run(staff.reset_pin, config, args.nip, pin, clock_now(config.office.tz), by, station(config))
    _emit(
        args,
        {"ok": True, **officer_json(view)},
        f"PIN baru tersimpan / New PIN saved: {view.nip} {view.name}",
    )
    return 0


# ---- antrian audit


def add_audit_command(sub: Any) -> None:
    from shared.services.audit import SOURCES

    audit = sub.add_parser("audit", help="jejak audit satu hari: siapa melakukan apa / one day's audit trail")
    audit.add_argument("--date", help="hari kantor / office day (default: today)")
    audit.add_argument(
        "--officer", metavar="NIP", help="baris yang menyebut petugas ini / rows naming this officer"
    )
    audit.add_argument(
        "--kind", metavar="K", help=f"{', '.join(SOURCES)} atau/or e.g. queue:no_show, auth:sign_in"
    )
    audit.set_defaults(func=cmd_audit)


def cmd_audit(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.cli import _parse_day
    from shared.services.audit import audit_rows

    day = _parse_day(args.date, config)
    officer = _normal_nip(args.officer) if args.officer else None
    rows = db.read(audit_rows, config, day, officer, args.kind or None)
    data = {
        "date": day.isoformat(),
        "count": len(rows),
        "rows": [{**asdict(r), "at": r.at.isoformat()} for r in rows],
    }
    _emit(
        args, data, "\n".join([_audit_line(r) for r in rows] or [Text("Tidak ada baris", "No rows").line()])
    )
    return 0


def _audit_line(r: Any) -> str:
    officer = f"{r.officer_nip} {r.officer_name or ''}".strip() if r.officer_nip else "—"
    supervisor = (
        f" (supervisor {r.supervisor_nip} {r.supervisor_name or ''})".rstrip() if r.supervisor_nip else ""
    )
    detail = " ".join(filter(None, [r.reason or "", r.detail]))
    return (
        f"{r.at:%H:%M:%S}  {r.kind:<24} {officer}{supervisor:<1}  {r.station}  {r.ticket}  {detail}".rstrip()
    )


# ---- antrian ticket void / reopen


def add_ticket_commands(sub: Any) -> None:
    ticket = sub.add_parser(
        "ticket", help="satu tiket, dengan persetujuan supervisor / one ticket, with a supervisor's authority"
    ).add_subparsers(dest="ticket_command", required=True)
    void = ticket.add_parser("void", help="batalkan tiket / void a ticket")
    void.add_argument("number")
    void.add_argument("--reason", required=True)
    void.set_defaults(func=cmd_ticket_void)
    add_supervisor_option(void, staff.ACTION_NAMES[Action.VOID])
    reopen = ticket.add_parser("reopen", help="nomor tidak hadir menunggu lagi / a no-show waits again")
    reopen.add_argument("number")
    reopen.add_argument("--reason", default="datang kembali / came back")
    reopen.set_defaults(func=cmd_ticket_reopen)
    add_supervisor_option(reopen, staff.ACTION_NAMES[Action.REOPEN_NO_SHOW])
    for parser in (void, reopen):
        parser.add_argument("--at", help="waktu ISO-8601 / an ISO-8601 time (default: now)")
        add_as_option(parser, ANY_OFFICER)


def _at(args: argparse.Namespace, config: Config) -> Any:
    from shared.cli import _parse_at

    return _parse_at(args.at, config)


def cmd_ticket_void(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.services.counter_ops import void_ticket

    authority = resolve_authority(args, config, db, Action.VOID, args.reason, args.actor, args.number)
    view = db.run(
        void_ticket,
        config,
        args.number,
        _at(args, config),
        reason=args.reason,
        actor=args.actor,
        authority=authority,
    )
    _emit(
        args, {"ok": True, "number": view.number, "status": "voided"}, f"{view.number}: dibatalkan / voided"
    )
    return 0


def cmd_ticket_reopen(args: argparse.Namespace, config: Config, db: Database) -> int:
    from shared.services.counter_ops import reopen_no_show

    authority = resolve_authority(args, config, db, Action.REOPEN_NO_SHOW, args.reason, args.actor, args.number)
    view = db.run(
        reopen_no_show, config, args.number, _at(args, config), actor=args.actor, authority=authority
    )
    _emit(
        args,
        {"ok": True, "number": view.number, "status": "waiting"},
        f"{view.number}: menunggu lagi / waiting again",
    )
    return 0
