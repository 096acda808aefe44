"""The staff register: officers, their PINs (argon2id), sign-in with lock-out, and a supervisor's authority.

Who may do what is decided here and checked again inside every action's own transaction:
- `sign_in(db, ...)` returns an `Actor` for a role window (gate, counter, supervisor) or raises `SignInRefused`
  with the words to show (wrong PIN with the tries left, locked until HH:MM, disabled, unknown, wrong role).
- `authorise(db, ...)` is a supervisor's NIP + PIN + reason for one `Action` (a late admission, a reprint, ...):
  it writes an AUTHORISE row of `auth_event` and returns an `Authority` naming it.
- Services that change the queue call `require_actor(session, actor, role)` (None is allowed only while no officer
  is registered: a fresh install) and, for the actions above, `require_authority(session, config, authority,
  action, now)`, which re-reads that row: right action, a supervisor still active, given within
  `staff.authority_minutes`.
The PIN is checked between two transactions (read the officer; verify; record the attempt) so that the ~150 ms
of argon2 never holds the database's write lock. Every attempt, good or bad, is a row of `auth_event`.
PINs and hashes are never logged, printed or returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.engine import Database
from shared.db.models import AuthEvent, Officer
from shared.text import Text

PIN_LENGTH = 6


class StaffRole(StrEnum):
    GATE = "gate"
    COUNTER = "counter"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


ROLE_NAMES: dict[StaffRole, Text] = {
    StaffRole.GATE: Text("petugas pintu masuk", "an entrance officer"),
    StaffRole.COUNTER: Text("petugas loket", "a counter officer"),
    StaffRole.SUPERVISOR: Text("supervisor", "a supervisor"),
    StaffRole.ADMIN: Text("admin", "an admin"),
}


class AuthKind(StrEnum):
    """A row of `auth_event`."""

    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    PIN_CHECK = "pin_check"  # a PIN about to be checked: counted before the check (the lock-out)
    WRONG_ROLE = "wrong_role"  # the right PIN, but not an officer of the role (or not a supervisor)
    LOCKED_OUT = "locked_out"  # the attempt that used up the tries
    SIGN_OUT = "sign_out"
    IDLE_LOCK = "idle_lock"  # the window locked itself; the officer stays signed in
    UNLOCK = "unlock"
    AUTHORISE = "authorise"
    AUTHORISE_FAILED = "authorise_failed"
    TAKE_OVER = "take_over"  # a loket held by a dead PC taken over, with a supervisor's authority
    STAFF_ADD = "staff_add"
    STAFF_DISABLE = "staff_disable"
    PIN_RESET = "pin_reset"


class Action(StrEnum):
    """What needs a supervisor's NIP and PIN at the moment it is done."""

    LATE_ADMISSION = "late_admission"
    REPRINT = "reprint"
    VOID = "void"
    REOPEN_NO_SHOW = "reopen_no_show"
    CALL_OUT_OF_ORDER = "call_out_of_order"
    TAKE_OVER = "take_over"


ACTION_NAMES: dict[Action, Text] = {
    Action.LATE_ADMISSION: Text("izin masuk terlambat", "late admission"),
    Action.REPRINT: Text("cetak ulang karcis", "ticket reprint"),
    Action.VOID: Text("batalkan karcis", "void a ticket"),
    Action.REOPEN_NO_SHOW: Text("buka lagi nomor yang tidak hadir", "re-open a no-show"),
    Action.CALL_OUT_OF_ORDER: Text("panggil di luar urutan", "call out of order"),
    Action.TAKE_OVER: Text("ambil alih loket", "take over a counter"),
}


class StaffError(ValueError):
    """Refused: `text` says why and what to do (the CLI exits 3 with it; a window shows it)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.line())
        self.text = text


class SignInRefused(StaffError):
    """A sign-in or an authorisation refused; `remaining` tries before the lock-out, `locked_until` if locked."""

    def __init__(self, text: Text, remaining: int | None = None, locked_until: datetime | None = None) -> None:
        super().__init__(text)
        self.remaining = remaining
        self.locked_until = locked_until


@dataclass(frozen=True)
class OfficerView:
    id: int
    nip: str
    name: str
    roles: tuple[str, ...]
    active: bool
    locked_until: datetime | None = None

    def has(self, role: StaffRole | str) -> bool:
        return str(role) in self.roles


@dataclass(frozen=True)
class Actor:
    """The officer signed in at a window (or named by `--as`): every action they take carries `officer_id`."""

    officer_id: int
    nip: str
    name: str
    roles: tuple[str, ...] = ()

    def has(self, role: StaffRole | str) -> bool:
        return str(role) in self.roles


@dataclass(frozen=True)
class Authority:
    """A supervisor's yes to one action, recorded as `auth_event` row `event_id`."""

    event_id: int
    supervisor_id: int
    nip: str
    name: str
    action: Action
    reason: str
    subject: str = ""  # the booking code, ticket number or loket it was given for


def subject_key(raw: str) -> str:
    """How a subject is stored and compared: the booking code, ticket number or loket name, upper case."""
    return " ".join((raw or "").split()).upper()[:40]


# ---- validation


def validate_nip(raw: str, today: date | None = None) -> str:
    """The 18-digit NIP: birth date yyyymmdd, appointment yyyymm, sex 1/2, sequence 001-999."""
    nip = re.sub(r"[\s.\-]", "", raw or "")
    if not re.fullmatch(r"\d{18}", nip, flags=re.ASCII):
        raise StaffError(Text(f"NIP harus 18 angka (terbaca {len(nip)} karakter)",
                              f"A NIP is 18 digits (read {len(nip)} characters)"))
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise StaffError(Text("NIP: 8 angka pertama bukan tanggal lahir (yyyymmdd)",
                              "NIP: the first 8 digits are not a birth date (yyyymmdd)")) from None
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or year < born.year + 15:
        raise StaffError(Text("NIP: angka 9-14 bukan bulan pengangkatan yang mungkin (yyyymm)",
                              "NIP: digits 9-14 are not a possible appointment month (yyyymm)"))
    limit = today or date.today()
    if born.year < 1940 or born > limit or (year, month) > (limit.year, limit.month):
        raise StaffError(Text("NIP: tanggal lahir atau pengangkatan di luar jangkauan",
                              "NIP: birth or appointment date out of range"))
    if nip[14] not in "12":
        raise StaffError(Text("NIP: angka ke-15 (jenis kelamin) harus 1 atau 2",
                              "NIP: digit 15 (sex) must be 1 or 2"))
    if nip[15:] == "000":
        raise StaffError(Text("NIP: nomor urut (3 angka terakhir) tidak boleh 000",
                              "NIP: the sequence (last 3 digits) cannot be 000"))
    return nip


def validate_pin(raw: str) -> str:
    if not re.fullmatch(rf"\d{{{PIN_LENGTH}}}", raw or "", flags=re.ASCII):
        raise StaffError(Text(f"PIN harus {PIN_LENGTH} angka", f"A PIN is {PIN_LENGTH} digits"))
    return raw


def validate_name(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not 2 <= len(name) <= 120 or any(not ch.isprintable() for ch in name):
        raise StaffError(Text("Nama petugas 2-120 karakter", "An officer's name is 2-120 characters"))
    return name


def parse_roles(raw: list[str] | tuple[str, ...] | str) -> tuple[str, ...]:
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    roles = sorted({r.strip().lower() for r in items if r.strip()})
    known = ", ".join(r.value for r in StaffRole)
    if not roles:
        raise StaffError(Text(f"Pilih paling sedikit satu peran: {known}", f"Give at least one role: {known}"))
    for role in roles:
        if role not in {r.value for r in StaffRole}:
            raise StaffError(Text(f"Peran {role!r} tidak dikenal; pilih dari: {known}",
                                  f"Unknown role {role!r}; choose from: {known}"))
    return tuple(roles)


# ---- the register


def hasher(config: Config) -> PasswordHasher:
    return PasswordHasher(time_cost=config.staff.pin_time_cost, memory_cost=config.staff.pin_memory_kib,
                          parallelism=1, type=Type.ID)


def _view(row: Officer, locked_until: datetime | None = None) -> OfficerView:
    return OfficerView(row.id, row.nip, row.name, tuple(filter(None, row.roles.split(","))), row.active,
                       locked_until)


def _lock_of(session: Session, config: Config | None, nip: str, now: datetime | None) -> datetime | None:
    if config is None or now is None:
        return None
    return pin_state(session, config, nip, now).locked_until


def actor_of(view: OfficerView) -> Actor:
    return Actor(view.id, view.nip, view.name, view.roles)


def any_officers(session: Session) -> bool:
    return session.scalar(select(Officer.id).limit(1)) is not None


def find_officer(
    session: Session, nip: str, config: Config | None = None, now: datetime | None = None
) -> OfficerView | None:
    """The officer with this NIP; with `config` and `now`, also until when they are locked out."""
    row = session.scalar(select(Officer).where(Officer.nip == nip))
    return _view(row, _lock_of(session, config, row.nip, now)) if row else None


def _officer(session: Session, raw_nip: str) -> Officer:
    nip = validate_nip(raw_nip)
    row = session.scalar(select(Officer).where(Officer.nip == nip).with_for_update())
    if row is None:
        raise StaffError(Text(f"Tidak ada petugas dengan NIP {nip}", f"No officer with NIP {nip}"))
    return row


def list_officers(session: Session, config: Config | None = None, now: datetime | None = None) -> list[OfficerView]:
    """Every officer, by name; with `config` and `now`, each one's lock-out too."""
    return [_view(r, _lock_of(session, config, r.nip, now))
            for r in session.scalars(select(Officer).order_by(Officer.name, Officer.nip))]


def add_officer(
    session: Session, config: Config, nip: str, name: str, roles: list[str] | tuple[str, ...] | str, pin: str,
    now: datetime, by: Actor | None = None, station: str = "",
) -> OfficerView:
    nip = validate_nip(nip, now.date())
    name, role_list, pin = validate_name(name), parse_roles(roles), validate_pin(pin)
    if session.scalar(select(Officer.id).where(Officer.nip == nip)) is not None:
        raise StaffError(Text(f"NIP {nip} sudah terdaftar", f"NIP {nip} is already registered"))
    row = Officer(nip=nip, name=name, roles=",".join(role_list), active=True, pin_hash=hasher(config).hash(pin),
                  created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    record(session, AuthKind.STAFF_ADD, now, nip=nip, officer_id=row.id, by=by, station=station,
           detail=f"roles={row.roles}")
    return _view(row)


def disable_officer(session: Session, nip: str, now: datetime, by: Actor | None = None, station: str = "") -> OfficerView:
    row = _officer(session, nip)
    row.active = False
    row.updated_at = now
    record(session, AuthKind.STAFF_DISABLE, now, nip=row.nip, officer_id=row.id, by=by, station=station)
    return _view(row)


def reset_pin(
    session: Session, config: Config, nip: str, pin: str, now: datetime, by: Actor | None = None, station: str = ""
) -> OfficerView:
    """A new PIN; also ends a lock-out."""
    row = _officer(session, nip)
    row.pin_hash = hasher(config).hash(validate_pin(pin))
    row.updated_at = now
    record(session, AuthKind.PIN_RESET, now, nip=row.nip, officer_id=row.id, by=by, station=station)
    return _view(row)


def record(
    session: Session, kind: AuthKind, now: datetime, *, nip: str = "", officer_id: int | None = None,
    supervisor_id: int | None = None, by: Actor | None = None, station: str = "", role: str = "",
    action: str = "", reason: str | None = None, detail: str = "", subject: str = "",
) -> AuthEvent:
    """One append-only row of `auth_event`. `by` is who did it when it is not the officer named (an admin
    changing the register): kept as the row's authoriser (`supervisor_id`) and in `detail`."""
    if by is not None and by.officer_id != officer_id:
        detail = f"{detail} by={by.nip}".strip()
        supervisor_id = by.officer_id if supervisor_id is None else supervisor_id  # the admin who authorised it
    row = AuthEvent(at=now, kind=kind, nip=_printable(nip, 24), officer_id=officer_id, supervisor_id=supervisor_id,
                    station=station[:40], role=role[:16], action=action[:24], reason=reason, detail=detail,
                    subject=subject[:40])
    session.add(row)
    session.flush()
    return row


def _printable(raw: str, limit: int) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in (raw or ""))[:limit]


# ---- sign-in and authorisation: read, verify outside any transaction, record


@dataclass(frozen=True)
class _Credentials:
    officer: OfficerView
    pin_hash: str


def _read_credentials(session: Session, nip: str) -> _Credentials | None:
    row = session.scalar(select(Officer).where(Officer.nip == nip))
    return _Credentials(_view(row), row.pin_hash) if row else None


_DUMMY_HASHES: dict[tuple[int, int], str] = {}


def _verify(config: Config, pin_hash: str | None, pin: str) -> bool:
    """The PIN against its hash; an unknown NIP costs the same time (no telling which NIPs exist)."""
    ph = hasher(config)
    if pin_hash is None:
        key = (config.staff.pin_time_cost, config.staff.pin_memory_kib)
        if key not in _DUMMY_HASHES:  # made once: hashing it again each time would double an unknown NIP's cost
            _DUMMY_HASHES[key] = ph.hash("0" * PIN_LENGTH + "x")
        pin_hash = _DUMMY_HASHES[key]
    try:
        return ph.verify(pin_hash, pin)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _local(moment: datetime, config: Config) -> str:
    return f"{moment.astimezone(config.office.tz):%H:%M}"


def _typed(raw: str) -> str:
    """What to keep of a malformed NIP: never the text itself (an officer may have typed the PIN into the field)."""
    return f"({len((raw or '').strip())} chars)"


# ---- the lock-out, kept in the append-only auth_event (PCs may insert rows there, never change an officer):
# every PIN check first reserves a PIN_CHECK row; a correct PIN ends in a RESET_KINDS row; the PIN_CHECK rows since
# the last of those are the wrong (or still running) tries. LOCKED_OUT is written at the limit.

RESET_KINDS = ("sign_in", "authorise", "wrong_role", "pin_reset", "locked_out")


@dataclass(frozen=True)
class PinState:
    tries: int  # PIN checks since the last good PIN, reset or lock-out
    locked_until: datetime | None  # while the last lock-out lasts


def _serialise(session: Session, nip: str) -> None:
    """One PIN check of an officer at a time (PostgreSQL; on SQLite BEGIN IMMEDIATE already serialises)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext("antrian-pin:" + nip))))


def pin_state(session: Session, config: Config, nip: str, now: datetime) -> PinState:
    last_reset = session.execute(
        select(AuthEvent.id, AuthEvent.kind, AuthEvent.at).where(AuthEvent.nip == nip, AuthEvent.kind.in_(RESET_KINDS))
        .order_by(AuthEvent.id.desc()).limit(1)
    ).first()
    since = last_reset.id if last_reset else 0
    tries = session.scalar(select(func.count(AuthEvent.id)).where(
        AuthEvent.nip == nip, AuthEvent.kind == AuthKind.PIN_CHECK, AuthEvent.id > since)) or 0
    until = None
    if last_reset is not None and last_reset.kind == AuthKind.LOCKED_OUT:
        ends = last_reset.at + timedelta(minutes=config.staff.lockout_minutes)
        until = ends if ends > now else None
    return PinState(tries, until)


def _locked_text(until: datetime, config: Config) -> Text:
    at = _local(until, config)
    return Text(f"Terkunci karena PIN salah; coba lagi pukul {at}", f"Locked after wrong PINs; try again at {at}")


def _reserve(session: Session, config: Config, officer: OfficerView, now: datetime, failed: AuthKind,
             where: dict[str, str]) -> SignInRefused | None:
    """Before the hash is checked: refused while locked; else this try is counted (PIN_CHECK) up front, so
    guesses sent in parallel from several PCs or processes never get more than `lockout_attempts`."""
    _serialise(session, officer.nip)
    state = pin_state(session, config, officer.nip, now)
    if state.locked_until is None and state.tries >= config.staff.lockout_attempts:
        record(session, AuthKind.LOCKED_OUT, now, nip=officer.nip, officer_id=officer.id,
               detail=f"{state.tries} PIN tries", **where)
        state = PinState(0, now + timedelta(minutes=config.staff.lockout_minutes))
    if state.locked_until is not None:
        record(session, failed, now, nip=officer.nip, officer_id=officer.id, detail="locked", **where)
        return SignInRefused(_locked_text(state.locked_until, config), 0, state.locked_until)
    record(session, AuthKind.PIN_CHECK, now, nip=officer.nip, officer_id=officer.id, **where)
    return None


def _check(
    db: Database, config: Config, raw_nip: str, pin: str, now: datetime, failed: AuthKind, **where: str
) -> OfficerView:
    """The officer whose NIP and PIN these are, or SignInRefused (the attempt recorded either way). The caller
    records the outcome of a correct PIN (a RESET_KINDS row)."""
    try:
        nip = validate_nip(raw_nip, now.date())
        validate_pin(pin)
    except StaffError as exc:
        why = exc.text
        db.run(lambda s: record(s, failed, now, nip=_typed(raw_nip), detail=why.en, **where))
        raise SignInRefused(why) from None
    creds = db.read(_read_credentials, nip)
    if creds is None:
        _verify(config, None, pin)
        db.run(lambda s: record(s, failed, now, nip=nip, detail="unknown NIP", **where))
        raise SignInRefused(Text(f"NIP {nip} tidak terdaftar", f"NIP {nip} is not registered"))
    officer = creds.officer
    if not officer.active:
        db.run(lambda s: record(s, failed, now, nip=nip, officer_id=officer.id, detail="disabled", **where))
        raise SignInRefused(Text(f"{officer.name} dinonaktifkan; hubungi admin",
                                 f"{officer.name} is disabled; ask the admin"))
    refused = db.run(_reserve, config, officer, now, failed, where)
    if refused is not None:
        raise refused
    if not _verify(config, creds.pin_hash, pin):
        raise db.run(_wrong_pin, config, officer, now, failed, where)
    return officer


def _wrong_pin(
    session: Session, config: Config, officer: OfficerView, now: datetime, failed: AuthKind, where: dict[str, str]
) -> SignInRefused:
    """The wrong PIN recorded; at the limit, the lock-out."""
    _serialise(session, officer.nip)
    state = pin_state(session, config, officer.nip, now)
    if state.locked_until is not None:  # another try, running at the same time, reached the limit first
        record(session, failed, now, nip=officer.nip, officer_id=officer.id, detail="wrong PIN (locked)", **where)
        return SignInRefused(_locked_text(state.locked_until, config), 0, state.locked_until)
    count = state.tries
    limit, minutes = config.staff.lockout_attempts, config.staff.lockout_minutes
    if count >= limit:
        until = now + timedelta(minutes=minutes)
        record(session, AuthKind.LOCKED_OUT, now, nip=officer.nip, officer_id=officer.id,
               detail=f"{count} wrong PINs", **where)
        at = _local(until, config)
        return SignInRefused(Text(f"PIN salah {count} kali; terkunci {minutes} menit, sampai pukul {at}",
                                  f"Wrong PIN {count} times; locked for {minutes} minutes, until {at}"), 0, until)
    record(session, failed, now, nip=officer.nip, officer_id=officer.id, detail=f"wrong PIN ({count})", **where)
    left = limit - count
    return SignInRefused(Text(f"PIN salah; sisa {left} kali percobaan sebelum dikunci {minutes} menit",
                              f"Wrong PIN; {left} {'try' if left == 1 else 'tries'} left before a {minutes}-minute lock-out"), left)


def sign_in(
    db: Database, config: Config, nip: str, pin: str, role: StaffRole | str, station: str, now: datetime
) -> Actor:
    """An officer signs in to a role's window; SignInRefused says why not (and is recorded)."""
    where = {"station": station, "role": str(role)}
    officer = _check(db, config, nip, pin, now, AuthKind.SIGN_IN_FAILED, **where)
    if not officer.has(role):
        have = ", ".join(officer.roles)
        db.run(lambda s: record(s, AuthKind.WRONG_ROLE, now, nip=officer.nip, officer_id=officer.id,
                                detail=f"lacks role {role}", **where))
        name = ROLE_NAMES.get(StaffRole(role), Text(str(role)))
        raise SignInRefused(Text(f"{officer.name} bukan {name.id} (peran: {have})",
                                 f"{officer.name} is not {name.en} (roles: {have})"))
    db.run(lambda s: record(s, AuthKind.SIGN_IN, now, nip=officer.nip, officer_id=officer.id, **where))
    return actor_of(officer)


def authorise(
    db: Database, config: Config, nip: str, pin: str, action: Action, reason: str, station: str, now: datetime,
    acting: Actor | None = None, subject: str = "",
) -> Authority:
    """A supervisor's NIP + PIN + reason for one action on one `subject` (the booking code, ticket number or
    loket), recorded; SignInRefused when it is not a supervisor's, or the supervisor's own action."""
    reason = " ".join((reason or "").split())[:500]
    if len(reason) < 3:
        raise StaffError(Text("Tulis alasannya (paling sedikit 3 huruf)", "Give the reason (3 letters or more)"))
    where = {"station": station, "action": str(action), "subject": subject_key(subject)}
    officer = _check(db, config, nip, pin, now, AuthKind.AUTHORISE_FAILED, **where)
    acting_id = acting.officer_id if acting else None
    if acting_id == officer.id:  # two people: the one who acts and the one who answers for it
        db.run(lambda s: record(s, AuthKind.WRONG_ROLE, now, nip=officer.nip, officer_id=acting_id,
                                supervisor_id=officer.id, reason=reason, detail="own action", **where))
        raise SignInRefused(Text(f"{officer.name} tidak boleh menyetujui tindakannya sendiri; minta supervisor lain",
                                 f"{officer.name} cannot authorise their own action; ask another supervisor"))
    if not officer.has(StaffRole.SUPERVISOR):
        db.run(lambda s: record(s, AuthKind.WRONG_ROLE, now, nip=officer.nip, officer_id=acting_id,
                                supervisor_id=officer.id, reason=reason, detail="not a supervisor", **where))
        raise SignInRefused(Text(f"{officer.name} bukan supervisor; {ACTION_NAMES[action].id} perlu supervisor",
                                 f"{officer.name} is not a supervisor; {ACTION_NAMES[action].en} needs one"))
    row_id = db.run(lambda s: record(s, AuthKind.AUTHORISE, now, nip=officer.nip, officer_id=acting_id,
                                     supervisor_id=officer.id, reason=reason, **where).id)
    return Authority(row_id, officer.id, officer.nip, officer.name, action, reason, where["subject"])


def sign_out(session: Session, actor: Actor, station: str, role: str, now: datetime, idle: bool = False) -> None:
    record(session, AuthKind.IDLE_LOCK if idle else AuthKind.SIGN_OUT, now, nip=actor.nip,
           officer_id=actor.officer_id, station=station, role=role)


# ---- checked inside every action's transaction


UNATTRIBUTED = Text("Masuk dulu sebagai petugas (NIP dan PIN; di CLI: --as NIP)",
                    "Sign in as an officer first (NIP and PIN; in the CLI: --as NIP)")


def require_actor(session: Session, actor: Actor | None, role: StaffRole | str | None = None) -> int | None:
    """The acting officer's id, checked again here: active and holding `role`. None is allowed only while no
    officer is registered (a fresh install: the action stays unattributed)."""
    if actor is None:
        if any_officers(session):
            raise StaffError(UNATTRIBUTED)
        return None
    row = session.get(Officer, actor.officer_id)
    if row is None or not row.active:
        raise StaffError(Text(f"Petugas {actor.nip} tidak aktif", f"Officer {actor.nip} is not active"))
    if role is not None and str(role) not in row.roles.split(","):
        name = ROLE_NAMES.get(StaffRole(role), Text(str(role)))
        raise StaffError(Text(f"{row.name} bukan {name.id}", f"{row.name} is not {name.en}"))
    return row.id


def require_authority(
    session: Session, config: Config, authority: Authority | None, action: Action, now: datetime,
    subject: str | None = None, officer_id: int | None = None,
) -> Authority | None:
    """The authority for `action` on `subject`, checked against its row: given for this action and this booking,
    ticket or loket, to this acting officer, within `staff.authority_minutes` of `now`, by a supervisor who is
    still active. Raises StaffError naming what is wrong. While no officer is registered (a fresh install) there
    is no supervisor to ask: None is allowed, and the action stays unattributed like every other."""
    what = ACTION_NAMES[action]
    if authority is None and not any_officers(session):
        return None
    if authority is None:
        raise StaffError(Text(f"{what.id.capitalize()} perlu NIP dan PIN supervisor, dan alasannya",
                              f"A {what.en} needs a supervisor's NIP and PIN, and the reason"))
    row = session.get(AuthEvent, authority.event_id)
    supervisor = session.get(Officer, authority.supervisor_id)
    fresh = row is not None and abs(now - row.at) <= timedelta(minutes=config.staff.authority_minutes)
    if (row is None or row.kind != AuthKind.AUTHORISE or row.action != action
            or row.supervisor_id != authority.supervisor_id or not fresh):
        raise StaffError(Text(f"Persetujuan supervisor untuk {what.id} tidak berlaku (kedaluwarsa atau untuk hal lain)",
                              f"The supervisor's authority for a {what.en} is not valid (expired or for another action)"))
    if subject is not None and row.subject != subject_key(subject):
        raise StaffError(Text(f"Persetujuan supervisor itu untuk {row.subject or '-'}, bukan {subject_key(subject)}",
                              f"That supervisor's authority is for {row.subject or '-'}, not {subject_key(subject)}"))
    if row.officer_id is not None and officer_id is not None and row.officer_id != officer_id:
        raise StaffError(Text("Persetujuan supervisor itu diberikan kepada petugas lain",
                              "That supervisor's authority was given to another officer"))
    if supervisor is None or not supervisor.active or StaffRole.SUPERVISOR not in supervisor.roles.split(","):
        raise StaffError(Text("Supervisor itu tidak aktif lagi", "That supervisor is no longer active"))
    return authority
