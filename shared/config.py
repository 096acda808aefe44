"""Site settings: config.toml into frozen dataclasses, validated once at start.

A wrong value stops the program with one message naming the key, the value and what is allowed. Any scalar key
can be overridden by an environment variable ANTRIAN_<SECTION>_<KEY>.

Which file (`config_candidates`): the path given, else ANTRIAN_CONFIG, else this PC's own file
`user_config_dir("antrian")/config.toml` (written by `antrian setup`; ~/.config/antrian/config.toml on Linux)
when it exists, else the office template `config.toml` next to the code (which names no station, so a PC that
was never set up stops with "station.name ... antrian setup"). The demo has its own `demo/config.toml`.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from platformdirs import user_config_dir

REPO_CONFIG = Path(__file__).resolve().parent.parent / "config.toml"  # the office template
DEMO_CONFIG = REPO_CONFIG.parent / "demo" / "config.toml"
STATION_ROLES = ("gate", "counter", "board", "kiosk", "supervisor", "server")
STATION_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}"
STATION_EXAMPLES = "this PC's own name, e.g. GATE-1, LOKET-PC-3, BOARD-1, KIOSK-1 (set by `antrian setup` or ANTRIAN_STATION_NAME)"
APPLICANT_KINDS = ("new", "replacement", "priority")
WALK_IN_PREFIX = "walkin:"
MAX_TIMEOUT_S = 600  # a socket timeout beyond this is a typo (and 1e10 overflows the socket's own limit)


class ConfigError(ValueError):
    """A config value that cannot be used; the message is meant for the installer."""


@dataclass(frozen=True)
class OfficeConfig:
    code: str = "KANIM-KETAPANG"
    name: str = "Kantor Imigrasi"
    timezone: str = "Asia/Jakarta"
    letterhead: tuple[str, ...] = ()  # the report PDF's heading lines; empty: the office name

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class StationConfig:
    name: str = ""  # required: every PC has its own (GATE-1, LOKET-PC-3): the audit trail and the station claim
    roles: tuple[str, ...] = ()  # what this PC runs (gate, counter, board, kiosk, server): what `antrian doctor` checks


@dataclass(frozen=True)
class DatabaseConfig:
    url: str = ""
    # PostgreSQL over the LAN: libpq's sslmode (disable, prefer, require, verify-ca, verify-full) and the CA
    # certificate file that verify-ca / verify-full check the server against. Ignored for SQLite.
    sslmode: str = ""
    sslrootcert: str = ""


@dataclass(frozen=True)
class CheckinConfig:
    early_minutes: int = 60
    late_minutes: int = 30
    code_pattern: str = "^[A-Z0-9]{8,16}$"


@dataclass(frozen=True)
class QueueConfig:
    priority_every: int = 3
    minutes_per_ticket: int = 6  # the prior for the estimated wait, for services without their own
    closing_time: str = "16:00"  # the hall's last call: later estimates say "may not be served today"

    @property
    def closes(self) -> time:
        return time.fromisoformat(self.closing_time)


@dataclass(frozen=True)
class ServiceConfig:
    prefix: str
    name: str
    name_en: str = ""
    takes: tuple[str, ...] = ()
    priority: bool = False
    minutes_per_ticket: float = 0.0  # the prior minutes per call for the estimated wait; 0: queue.minutes_per_ticket
    target_wait_minutes: int = 30  # the service level: a ticket called within this many minutes (reports)

    @property
    def walk_in_kinds(self) -> tuple[str, ...]:
        return tuple(t.removeprefix(WALK_IN_PREFIX) for t in self.takes if t.startswith(WALK_IN_PREFIX))


@dataclass(frozen=True)
class CounterConfig:
    name: str
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrinterConfig:
    url: str = ""  # empty: no printer; tickets stay unprinted and the windows say "Printer belum diatur"
    profile: str = "default"
    width: int = 48
    timeout_seconds: float = 5.0
    instruction: str = "Tunggu nomor Anda dipanggil / Wait for your number to be called"
    footer: str = "Terima kasih / Thank you"


@dataclass(frozen=True)
class CameraConfig:
    source: str = "0"
    width: int = 0  # frame size and rate asked of a webcam when it opens; 0: the camera's default
    height: int = 0
    fps: int = 0


@dataclass(frozen=True)
class DecoderConfig:
    name: str = "combined"
    symbologies: tuple[str, ...] = ("QRCODE", "CODE128")
    debounce_seconds: float = 3.0


@dataclass(frozen=True)
class BookingServerConfig:
    url: str = "http://127.0.0.1:8765"
    token: str = ""
    ca_bundle: str = ""
    connect_timeout_seconds: float = 3.0
    read_timeout_seconds: float = 10.0
    sync_minutes: int = 5
    stale_minutes: int = 30


@dataclass(frozen=True)
class BoardConfig:
    running_text: str = ""
    recent_calls: int = 6
    blink_seconds: int = 6
    poll_ms: int = 500


@dataclass(frozen=True)
class VoiceConfig:
    enabled: bool = True
    style: str = "digits"
    voice: str = "id"


@dataclass(frozen=True)
class BackupConfig:
    dir: str = ""  # empty: user_data_dir("antrian")/backups
    keep: int = 14  # the N newest dated backups of each kind are kept; 0 keeps them all
    pg_bin: str = ""  # the folder of pg_dump / pg_restore; empty: PATH, then /usr/lib/postgresql/*/bin


@dataclass(frozen=True)
class PrivacyConfig:
    keep_days: int = 30  # names and NIK of days older than this are replaced by a salted hash


@dataclass(frozen=True)
class StaffConfig:
    lockout_attempts: int = 5  # wrong PINs in a row before the officer is locked out
    lockout_minutes: int = 5
    idle_lock_minutes: int = 15  # a gate or counter window locks after this long untouched (the queue goes on)
    authority_minutes: int = 5  # how long a supervisor's authorisation stays good for the action it was given for
    # argon2id cost of a PIN hash (bench/signin.py): 3 passes over 64 MiB is ~150 ms here, under the 300 ms
    # sign-in budget; a stolen database costs an attacker that per guess of the 10^6 PINs.
    pin_time_cost: int = 3
    pin_memory_kib: int = 65536


@dataclass(frozen=True)
class Config:
    office: OfficeConfig = field(default_factory=OfficeConfig)
    station: StationConfig = field(default_factory=StationConfig)
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    checkin: CheckinConfig = field(default_factory=CheckinConfig)
    queue: QueueConfig = field(default_factory=QueueConfig)
    services: tuple[ServiceConfig, ...] = ()
    counters: tuple[CounterConfig, ...] = ()
    printer: PrinterConfig = field(default_factory=PrinterConfig)
    camera: CameraConfig = field(default_factory=CameraConfig)
    decoder: DecoderConfig = field(default_factory=DecoderConfig)
    booking_server: BookingServerConfig = field(default_factory=BookingServerConfig)
    board: BoardConfig = field(default_factory=BoardConfig)
    voice: VoiceConfig = field(default_factory=VoiceConfig)
    backup: BackupConfig = field(default_factory=BackupConfig)
    privacy: PrivacyConfig = field(default_factory=PrivacyConfig)
    staff: StaffConfig = field(default_factory=StaffConfig)
    source: str = ""

    def service(self, prefix: str) -> ServiceConfig:
        for s in self.services:
            if s.prefix == prefix:
                return s
        raise KeyError(prefix)

    def counter(self, name: str) -> CounterConfig:
        for c in self.counters:
            if c.name.casefold() == name.casefold():
                return c
        raise KeyError(name)

    def minutes_per_ticket(self, prefix: str) -> float:
        """The configured prior minutes per call of a service (before the day's own pace is known)."""
        try:
            own = self.service(prefix).minutes_per_ticket
        except KeyError:
            own = 0.0
        return own if own > 0 else float(self.queue.minutes_per_ticket)

    def service_for(self, kind: str) -> ServiceConfig:
        """The service that takes an applicant kind ('new', 'replacement', 'priority', 'walkin:pickup')."""
        for s in self.services:
            if kind in s.takes:
                return s
        raise KeyError(kind)


# ---- loading


def user_config_path() -> Path:
    """This PC's own config file, the one `antrian setup` writes (~/.config/antrian/config.toml on Linux)."""
    return Path(user_config_dir("antrian", appauthor=False)) / "config.toml"


def config_candidates(environ: typing.Mapping[str, str] | None = None) -> list[tuple[Path, str]]:
    """The files load_config() looks at, in order, each with why: ANTRIAN_CONFIG, this PC's file, the template."""
    environ = os.environ if environ is None else environ
    out: list[tuple[Path, str]] = []
    if environ.get("ANTRIAN_CONFIG"):
        out.append((Path(environ["ANTRIAN_CONFIG"]), "ANTRIAN_CONFIG"))
    out.append((user_config_path(), "user_config_dir"))
    out.append((REPO_CONFIG, "template"))
    return out


def find_config(environ: typing.Mapping[str, str] | None = None) -> Path:
    """The file load_config() reads when given no path: ANTRIAN_CONFIG (even when it does not exist: that is an
    error to report), else this PC's file when it exists, else the template."""
    environ = os.environ if environ is None else environ
    if environ.get("ANTRIAN_CONFIG"):
        return Path(environ["ANTRIAN_CONFIG"])
    own = user_config_path()
    return own if own.is_file() else REPO_CONFIG


def load_config(path: str | os.PathLike[str] | None = None, environ: typing.Mapping[str, str] | None = None) -> Config:
    environ = os.environ if environ is None else environ
    path = Path(path) if path else find_config(environ)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"Berkas konfigurasi tidak ada / Config file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Berkas konfigurasi rusak / Config file is not valid TOML: {path}: {exc}") from None
    _apply_env(raw, environ)
    config = _build(Config, raw, "")
    config = dataclasses.replace(config, source=str(path))
    validate(config)
    return config


def _apply_env(raw: dict, environ: typing.Mapping[str, str]) -> None:
    sections = {f.name: f for f in dataclasses.fields(Config) if dataclasses.is_dataclass(_hint(Config, f.name))}
    for name in sections:
        section_cls = _hint(Config, name)
        for f in dataclasses.fields(section_cls):
            var = f"ANTRIAN_{name}_{f.name}".upper()
            if var in environ:
                section = raw.setdefault(name, {})
                if not isinstance(section, dict):  # `database = "..."` at the top: the file's mistake, named
                    raise ConfigError(f"{name} = {section!r}: harus berupa tabel [{name}] / must be a [{name}] table")
                section[f.name] = _EnvValue(environ[var], var)


@dataclass(frozen=True)
class _EnvValue:
    text: str
    var: str


def _hint(cls: type, name: str) -> typing.Any:
    return typing.get_type_hints(cls)[name]


def _build(cls: type, raw: typing.Any, where: str) -> typing.Any:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where or 'config'}: harus berupa tabel / must be a table, got {raw!r}")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls) if not (cls is Config and f.name == "source")}
    unknown = sorted(set(raw) - names)
    if unknown:
        key = f"{where}.{unknown[0]}".lstrip(".")
        raise ConfigError(f"{key}: kunci tidak dikenal / unknown key; allowed: {', '.join(sorted(names))}")
    kwargs = {}
    for name in names:
        if name in raw:
            kwargs[name] = _convert(hints[name], raw[name], f"{where}.{name}".lstrip("."))
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _convert(hint: typing.Any, value: typing.Any, key: str) -> typing.Any:
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, key)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        if isinstance(value, _EnvValue):
            value = [v.strip() for v in value.text.split(",") if v.strip()]
        if not isinstance(value, list):
            raise ConfigError(f"{key} = {value!r}: harus berupa daftar / must be a list")
        return tuple(_convert(item, v, f"{key}[{i}]") for i, v in enumerate(value))
    if origin in (types.UnionType, typing.Union):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    return _scalar(hint, value, key)


def _scalar(hint: type, value: typing.Any, key: str) -> typing.Any:
    shown = value.text if isinstance(value, _EnvValue) else value
    via = f" (from {value.var})" if isinstance(value, _EnvValue) else ""
    if isinstance(value, _EnvValue):
        value = _parse_env(hint, value.text)
    ok = (
        (hint is bool and isinstance(value, bool))
        or (hint is int and isinstance(value, int) and not isinstance(value, bool))
        or (hint is float and isinstance(value, int | float) and not isinstance(value, bool))
        or (hint is str and isinstance(value, str))
    )
    if ok and hint is float and not math.isfinite(value):
        ok = False  # inf / nan pass as floats but no timeout or interval can take them
    if not ok:
        kind = {bool: "true/false", int: "a whole number", float: "a finite number", str: "text"}[hint]
        raise ConfigError(f"{key} = {shown!r}{via}: nilai salah / wrong value; allowed: {kind}")
    return float(value) if hint is float else value


def _parse_env(hint: type, text: str) -> typing.Any:
    lowered = text.strip().lower()
    if hint is bool:
        return {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}.get(lowered, text)
    if hint is int:
        return int(lowered) if re.fullmatch(r"-?\d+", lowered) else text
    if hint is float:
        try:
            return float(lowered)
        except ValueError:
            return text
    return text


# ---- validation: what a type check cannot say


def validate(config: Config) -> None:
    _check(config.office.code.strip() != "", "office.code", config.office.code, "a non-empty office code")
    _check(re.fullmatch(STATION_PATTERN, config.station.name) is not None, "station.name", config.station.name,
           STATION_EXAMPLES + "; letters, digits, '.', '_' and '-', at most 40")
    for i, role in enumerate(config.station.roles):
        _check(role in STATION_ROLES, f"station.roles[{i}]", role, ", ".join(STATION_ROLES))
    try:
        ZoneInfo(config.office.timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file name
        _fail("office.timezone", config.office.timezone, "Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)")
    for key in ("early_minutes", "late_minutes"):
        value = getattr(config.checkin, key)
        _check(0 <= value <= 600, f"checkin.{key}", value, "0 to 600 minutes")
    try:
        re.compile(config.checkin.code_pattern)
    except re.error as exc:
        _fail("checkin.code_pattern", config.checkin.code_pattern, f"a valid regular expression ({exc})")
    _check(config.queue.priority_every >= 1, "queue.priority_every", config.queue.priority_every, "1 or more")
    _check(config.queue.minutes_per_ticket >= 1, "queue.minutes_per_ticket", config.queue.minutes_per_ticket, "1 or more")
    _check(re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", config.queue.closing_time) is not None, "queue.closing_time",
           config.queue.closing_time, "HH:MM, e.g. 16:00")
    _validate_services(config)
    _validate_counters(config)
    _check(config.printer.width in (32, 42, 48), "printer.width", config.printer.width, "32, 42 or 48")
    _check(0 < config.printer.timeout_seconds <= MAX_TIMEOUT_S, "printer.timeout_seconds",
           config.printer.timeout_seconds, f"more than 0 and at most {MAX_TIMEOUT_S} seconds")
    _check(config.voice.style in ("digits", "words"), "voice.style", config.voice.style, "digits or words")
    _check(config.board.poll_ms >= 50, "board.poll_ms", config.board.poll_ms, "50 or more")
    allowed = {"QRCODE", "CODE128", "CODE39", "EAN13", "DATAMATRIX", "PDF417"}
    for i, sym in enumerate(config.decoder.symbologies):
        _check(sym in allowed, f"decoder.symbologies[{i}]", sym, ", ".join(sorted(allowed)))
    _validate_hardware_and_server(config)


SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")


def _validate_staff_and_database(config: Config) -> None:
    staff = config.staff
    _check(1 <= staff.lockout_attempts <= 20, "staff.lockout_attempts", staff.lockout_attempts, "1 to 20")
    _check(1 <= staff.lockout_minutes <= 1440, "staff.lockout_minutes", staff.lockout_minutes, "1 to 1440 minutes")
    _check(1 <= staff.idle_lock_minutes <= 480, "staff.idle_lock_minutes", staff.idle_lock_minutes, "1 to 480 minutes")
    _check(1 <= staff.authority_minutes <= 60, "staff.authority_minutes", staff.authority_minutes, "1 to 60 minutes")
    _check(1 <= staff.pin_time_cost <= 20, "staff.pin_time_cost", staff.pin_time_cost, "1 to 20 passes")
    _check(8 <= staff.pin_memory_kib <= 1_048_576, "staff.pin_memory_kib", staff.pin_memory_kib,
           "8 to 1048576 KiB (64 MiB = 65536)")
    db = config.database
    _check(db.sslmode in ("",) + SSLMODES, "database.sslmode", db.sslmode, "empty or " + ", ".join(SSLMODES))
    if db.sslmode in ("verify-ca", "verify-full"):
        _check(db.sslrootcert != "", "database.sslrootcert", db.sslrootcert,
               f"the CA certificate file (needed by sslmode {db.sslmode})")
    if db.sslrootcert:
        _check(Path(db.sslrootcert).expanduser().is_file(), "database.sslrootcert", db.sslrootcert,
               "an existing CA certificate file (PEM)")


def _validate_camera(camera: CameraConfig) -> None:
    _check(camera.width == 0 or 160 <= camera.width <= 7680, "camera.width", camera.width,
           "0 (the camera's default) or 160 to 7680 pixels, e.g. 1280 or 1920")
    _check(camera.height == 0 or 120 <= camera.height <= 4320, "camera.height", camera.height,
           "0 (the camera's default) or 120 to 4320 pixels, e.g. 720 or 1080")
    missing = "camera.height" if camera.width else "camera.width"
    _check((camera.width == 0) == (camera.height == 0), missing, camera.height if camera.width else camera.width,
           "set together with the other (width and height), or 0")
    _check(0 <= camera.fps <= 240, "camera.fps", camera.fps, "0 (the camera's default) or 1 to 240 frames/s")


def _validate_hardware_and_server(config: Config) -> None:
    _validate_camera(config.camera)
    server = config.booking_server
    _check(server.sync_minutes >= 1, "booking_server.sync_minutes", server.sync_minutes, "1 or more")
    _check(server.stale_minutes >= 1, "booking_server.stale_minutes", server.stale_minutes, "1 or more")
    _check(re.match(r"https?://[^/\s]+", server.url) is not None, "booking_server.url", server.url,
           "http://HOST[:PORT] or https://HOST[:PORT]")
    for key in ("connect_timeout_seconds", "read_timeout_seconds"):
        _check(0 < getattr(server, key) <= MAX_TIMEOUT_S, f"booking_server.{key}", getattr(server, key),
               f"more than 0 and at most {MAX_TIMEOUT_S} seconds")
    decoders = ("pyzbar", "zxing", "opencv", "combined")
    _check(config.decoder.name in decoders, "decoder.name", config.decoder.name, ", ".join(decoders))
    _check(config.decoder.debounce_seconds >= 0, "decoder.debounce_seconds", config.decoder.debounce_seconds, "0 or more")
    _check(config.board.recent_calls >= 1, "board.recent_calls", config.board.recent_calls, "1 or more")
    _check(config.board.blink_seconds >= 0, "board.blink_seconds", config.board.blink_seconds, "0 or more")
    _check(config.backup.keep >= 0, "backup.keep", config.backup.keep, "0 (keep all) or more")
    _validate_staff_and_database(config)
    _check(1 <= config.privacy.keep_days <= 3650, "privacy.keep_days", config.privacy.keep_days, "1 to 3650 days")


def _validate_services(config: Config) -> None:
    _check(len(config.services) > 0, "services", "[]", "at least one [[services]] table")
    seen: set[str] = set()
    taken: dict[str, str] = {}
    for i, s in enumerate(config.services):
        _check(re.fullmatch(r"[A-Z]", s.prefix) is not None, f"services[{i}].prefix", s.prefix, "one capital letter A-Z")
        _check(s.prefix not in seen, f"services[{i}].prefix", s.prefix, "a prefix not used by another service")
        _check(0 <= s.minutes_per_ticket <= 240, f"services[{i}].minutes_per_ticket", s.minutes_per_ticket,
               "0 (use queue.minutes_per_ticket) to 240 minutes")
        _check(1 <= s.target_wait_minutes <= 600, f"services[{i}].target_wait_minutes", s.target_wait_minutes,
               "1 to 600 minutes")
        seen.add(s.prefix)
        for kind in s.takes:
            known = kind in APPLICANT_KINDS or (kind.startswith(WALK_IN_PREFIX) and len(kind) > len(WALK_IN_PREFIX))
            _check(known, f"services[{i}].takes", kind, "new, replacement, priority or walkin:<kind>")
            _check(kind not in taken, f"services[{i}].takes", kind, f"a kind no other service takes ({taken.get(kind)})")
            taken[kind] = s.prefix
    for kind in APPLICANT_KINDS:
        _check(kind in taken, "services", kind, f"one service that takes '{kind}' applicants")


def _validate_counters(config: Config) -> None:
    prefixes = {s.prefix for s in config.services}
    names: set[str] = set()
    for i, c in enumerate(config.counters):
        _check(c.name.strip() != "" and c.name.casefold() not in names, f"counters[{i}].name", c.name, "a unique name")
        names.add(c.name.casefold())
        _check(len(c.services) > 0, f"counters[{i}].services", "[]", "at least one service prefix")
        for p in c.services:
            _check(p in prefixes, f"counters[{i}].services", p, ", ".join(sorted(prefixes)))


def _check(ok: bool, key: str, value: object, allowed: str) -> None:
    if not ok:
        _fail(key, value, allowed)


def _fail(key: str, value: object, allowed: str) -> typing.NoReturn:
    raise ConfigError(f"{key} = {value!r}: nilai salah / wrong value; allowed: {allowed}")
