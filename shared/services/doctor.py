"""`antrian doctor`: is this PC ready for its roles? Each check is ok / warn / fail with the fix to apply.

Checks: the config (which file, valid), the database (which one, masked; reachable; migrated; an empty default
SQLite file while no database is named), the clock against the database server, the station name (not used by
another running PC), the printer (gate, kiosk), the camera (gate), the voice (board), free disk and the age of
the newest backup.

The printer and camera are asked by running the role packages' own programs as subprocesses
(`printing.cli status --json`, `python -m scanner.camera.probe`): the core never imports escpos or OpenCV
(the import contracts), and a driver that hangs is cut off by a timeout instead of hanging the doctor.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from shared import clock
from shared.config import Config, ConfigError, find_config, load_config
from shared.db.engine import Database, default_sqlite_path, masked_url, resolve_url, with_tls
from shared.text import Text

DISK_WARN_BYTES = 2 * 1024**3
DISK_FAIL_BYTES = 200 * 1024**2
BACKUP_WARN_HOURS = 36
SUBPROCESS_SECONDS = 30


class Level(StrEnum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Check:
    name: str
    level: Level
    message: Text
    fix: Text | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        mark = {Level.OK: "OK  ", Level.WARN: "WARN", Level.FAIL: "FAIL"}[self.level]
        out = f"[{mark}] {self.name}: {self.message.line()}"
        return out + (f"\n       -> {self.fix.line()}" if self.fix else "")


@dataclass(frozen=True)
class DoctorReport:
    ok: bool
    config: str
    database: str
    roles: tuple[str, ...]
    checks: tuple[Check, ...]

    def lines(self) -> list[str]:
        return [c.line() for c in self.checks]


# ---- the database in words


@dataclass(frozen=True)
class DatabaseChoice:
    """Which database this PC uses, and why: for `antrian status`, the doctor and the roles' first log line."""

    url: str  # resolved, with the password (never shown)
    shown: str  # masked
    why: Text
    empty_default: bool  # the SQLite default, and it holds nothing yet: most likely a PC that missed its URL

    def warning(self) -> Text | None:
        if not self.empty_default:
            return None
        return Text(
            f"Basis data SQLite bawaan PC ini kosong ({self.shown}) dan config tidak menyebut basis data: "
            "dengan beberapa PC, isi database.url atau ANTRIAN_DATABASE_URL (antrian setup)",
            f"This PC's default SQLite database is empty ({self.shown}) and the config names no database: with "
            "several PCs, set database.url or ANTRIAN_DATABASE_URL (antrian setup)",
        )


def database_choice(config: Config | None, environ: Mapping[str, str] | None = None) -> DatabaseChoice:
    environ = os.environ if environ is None else environ
    raw = config.database.url if config is not None else environ.get("ANTRIAN_DATABASE_URL", "")
    if raw:
        via = "ANTRIAN_DATABASE_URL" if environ.get("ANTRIAN_DATABASE_URL") == raw else "database.url"
        url = resolve_url(raw)
        if config is not None:  # TLS to PostgreSQL as the roles connect (`[database] sslmode`, `sslrootcert`)
            url = with_tls(url, config.database.sslmode, config.database.sslrootcert)
        return DatabaseChoice(url, masked_url(url), Text(f"dari {via}", f"from {via}"), False)
    path = default_sqlite_path()
    url = f"sqlite:///{path}"
    return DatabaseChoice(
        url,
        masked_url(url),
        Text(
            "bawaan: tidak ada database.url / ANTRIAN_DATABASE_URL",
            "default: no database.url / ANTRIAN_DATABASE_URL",
        ),
        not _sqlite_has_data(path),
    )


def _sqlite_has_data(path: Path) -> bool:
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
        try:
            with engine.connect() as conn:
                if "booking" not in inspect(conn).get_table_names():
                    return False
                return bool(conn.execute(text("SELECT EXISTS (SELECT 1 FROM booking)")).scalar())
        finally:
            engine.dispose()
    except Exception:  # noqa: BLE001 - unreadable: not "data" either
        return False


# ---- the checks


def run_doctor(
    config_path: str | None = None,
    roles: tuple[str, ...] = (),
    environ: Mapping[str, str] | None = None,
    runner: Callable[..., subprocess.CompletedProcess] = subprocess.run,
) -> DoctorReport:
    environ = os.environ if environ is None else environ
    checks: list[Check] = []
    path = Path(config_path) if config_path else find_config(environ)
    config: Config | None = None
    try:
        config = load_config(path, environ=environ)
        checks.append(Check("config", Level.OK, Text(f"berkas {path}", f"file {path}")))
    except ConfigError as exc:
        checks.append(
            Check(
                "config",
                Level.FAIL,
                Text(str(exc)),
                Text(f"perbaiki {path} atau jalankan `antrian setup`", f"fix {path} or run `antrian setup`"),
                {"file": str(path)},
            )
        )
    roles = tuple(roles or (config.station.roles if config else ()))
    choice = database_choice(config, environ)
    db_checks, db = _database_checks(choice)
    checks += db_checks
    tls = _tls_check(choice)
    if tls is not None:
        checks.append(tls)
    try:
        if db is not None:
            checks.append(_clock_check(db))
            checks.append(_staff_check(db))
            if config is not None:
                checks.append(_station_check(db, config))
    finally:
        if db is not None:
            db.dispose()
    if config is not None:
        if {"gate", "kiosk"} & set(roles) or config.printer.url:
            checks.append(_printer_check(config, path, environ, runner))
        if "gate" in roles:
            checks.append(_camera_check(config, runner))
        if "board" in roles and config.voice.enabled:
            checks.append(_voice_check(config, runner))
        checks.append(_disk_check(choice, config))
        checks.append(_backup_check(choice, config, roles))
    ok = all(c.level is not Level.FAIL for c in checks)
    return DoctorReport(ok, str(path), choice.shown, roles, tuple(checks))


def _database_checks(choice: DatabaseChoice) -> tuple[list[Check], Database | None]:
    why_en = choice.why.en or choice.why.id
    checks = [
        Check("database", Level.OK, Text(f"{choice.shown} ({choice.why.id})", f"{choice.shown} ({why_en})"))
    ]
    parsed = make_url(choice.url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        if choice.empty_default or not path.is_file():
            words = choice.warning() or Text(
                f"Berkas SQLite belum ada: {path}", f"SQLite file does not exist yet: {path}"
            )
            checks.append(
                Check(
                    "database.data",
                    Level.WARN,
                    words,
                    Text(
                        "antrian setup --database-url ..., lalu antrian db upgrade",
                        "antrian setup --database-url ..., then antrian db upgrade",
                    ),
                )
            )
            if not path.is_file():
                return checks, None
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"connect_timeout": 5}
    db = Database(choice.url, **kwargs)
    started = time.monotonic()
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = _current_revision(conn)
    except Exception as exc:  # noqa: BLE001 - every failure to reach it is this one finding
        db.dispose()
        first = (str(exc).splitlines() or [""])[0]
        checks.append(
            Check(
                "database.reachable",
                Level.FAIL,
                Text(
                    f"Basis data tidak terjangkau: {type(exc).__name__}: {first}",
                    f"Database unreachable: {type(exc).__name__}: {first}",
                ),
                Text(
                    "periksa server PostgreSQL berjalan, listen_addresses, pg_hba.conf, firewall "
                    "(port 5432), nama pengguna dan kata sandi",
                    "check that the PostgreSQL server runs, listen_addresses, pg_hba.conf, the firewall "
                    "(port 5432), user name and password",
                ),
            )
        )
        return checks, None
    ms = round((time.monotonic() - started) * 1000)
    checks.append(
        Check(
            "database.reachable",
            Level.OK,
            Text(f"terhubung ({ms} ms)", f"connected ({ms} ms)"),
            detail={"ms": ms},
        )
    )
    head = _head_revision()
    if current == head:
        checks.append(
            Check("database.schema", Level.OK, Text(f"skema terbaru ({head})", f"schema up to date ({head})"))
        )
    else:
        checks.append(
            Check(
                "database.schema",
                Level.FAIL,
                Text(
                    f"skema {current or 'kosong'}, perlu {head}", f"schema {current or 'empty'}, needs {head}"
                ),
                Text(
                    "jalankan `antrian db upgrade` (sekali, dari satu PC)",
                    "run `antrian db upgrade` (once, from one PC)",
                ),
                {"current": current, "head": head},
            )
        )
    return checks, db


def _current_revision(conn: Any) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _head_revision() -> str | None:
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(Path(__file__).resolve().parent.parent / "db" / "migrations"))
    return ScriptDirectory.from_config(cfg).get_current_head()


def _clock_check(db: Database) -> Check:
    from shared.services.office_clock import (
        FIX_CLOCK,
        WARN_SECONDS,
        apply_reading,
        clock_offset_text,
        read_server_clock,
    )

    try:
        reading = apply_reading(db.read(read_server_clock))
    except Exception as exc:  # noqa: BLE001
        return Check(
            "clock", Level.WARN, Text(f"jam server tidak terbaca: {exc}", f"server clock unreadable: {exc}")
        )
    if not reading.on_server:
        return Check(
            "clock",
            Level.OK,
            Text("SQLite: jam PC ini adalah jam kantor", "SQLite: this PC's clock is the office clock"),
        )
    seconds = round(reading.offset_seconds, 1)
    detail = {"offset_seconds": seconds, "round_trip_ms": round(reading.round_trip_ms, 1)}
    warning = clock_offset_text(reading)
    if warning is not None:
        return Check("clock", Level.WARN, warning, FIX_CLOCK, detail)
    return Check(
        "clock",
        Level.OK,
        Text(
            f"selisih dengan server {seconds:+} dtk (batas {WARN_SECONDS:.0f})",
            f"offset to the server {seconds:+} s (limit {WARN_SECONDS:.0f})",
        ),
        detail=detail,
    )


LOCAL_HOSTS = ("", "localhost", "127.0.0.1", "::1")


def _tls_check(choice: DatabaseChoice) -> Check | None:
    """PostgreSQL over the LAN: is the connection encrypted AND the server checked (sslmode verify-full)?"""
    url = make_url(choice.url)
    if url.get_backend_name() != "postgresql":
        return None
    host, mode = url.host or "", str(url.query.get("sslmode", "") or "")
    if host in LOCAL_HOSTS or host.startswith("/"):
        return Check("database.tls", Level.OK, Text(f"server di PC ini ({host or 'socket'})",
                                                    f"server on this PC ({host or 'socket'})"))
    if mode == "verify-full":
        return Check("database.tls", Level.OK, Text("TLS, sertifikat server diperiksa (verify-full)",
                                                    "TLS, the server's certificate checked (verify-full)"))
    return Check(
        "database.tls", Level.WARN,
        Text(f"sslmode {mode or 'bawaan (prefer)'}: kata sandi dan data bisa terbaca atau server dipalsukan di LAN",
             f"sslmode {mode or 'default (prefer)'}: the password and data may be read, or the server faked, "
             "on the LAN"),
        Text("database.sslmode = \"verify-full\" dan sslrootcert = CA kantor (docs/postgresql.md)",
             "database.sslmode = \"verify-full\" and sslrootcert = the office CA (docs/postgresql.md)"),
    )


def _staff_check(db: Database) -> Check:
    """Officers must be registered before the office opens: until then every action is unattributed."""
    from shared.services.staff import StaffRole, list_officers

    try:
        officers = [o for o in db.read(list_officers) if o.active]
    except Exception:  # noqa: BLE001 - an older schema: the schema check says so
        return Check("staff", Level.WARN, Text("daftar petugas tidak terbaca", "staff register unreadable"))
    add = Text("daftarkan: antrian staff add --nip NIP --name NAMA --role supervisor --role admin",
               "register: antrian staff add --nip NIP --name NAME --role supervisor --role admin")
    if not officers:
        return Check("staff", Level.WARN, Text("belum ada petugas: tindakan tidak tercatat atas nama siapa pun",
                                               "no officers yet: actions are not attributed to anyone"), add)
    if not any(o.has(StaffRole.SUPERVISOR) for o in officers):
        return Check("staff", Level.WARN, Text(f"{len(officers)} petugas, tanpa supervisor: izin terlambat, "
                                               "cetak ulang dan pembatalan tidak bisa diberikan",
                                               f"{len(officers)} officers, no supervisor: late admissions, "
                                               "reprints and voids cannot be authorised"), add)
    counts = {r: sum(1 for o in officers if o.has(r)) for r in StaffRole}
    listed = ", ".join(f"{r.value} {n}" for r, n in counts.items() if n)
    return Check("staff", Level.OK, Text(f"{len(officers)} petugas aktif ({listed})",
                                         f"{len(officers)} active officers ({listed})"))


def _station_check(db: Database, config: Config) -> Check:
    from shared.services.stations import list_stations, this_host

    name, host = config.station.name, this_host()
    try:
        stations = db.read(list_stations)
    except Exception:  # noqa: BLE001 - an older schema: the schema check says so
        return Check(
            "station",
            Level.WARN,
            Text(f"{name}: daftar stasiun tidak terbaca", f"{name}: station list unreadable"),
        )
    now = clock.now(UTC)
    others = [s for s in stations if s.name == name and s.host != host and s.live(now)]
    if others:
        s = others[0]
        return Check(
            "station",
            Level.FAIL,
            Text(
                f"nama {name!r} sedang dipakai PC {s.host!r} ({s.role})",
                f"name {name!r} is in use by PC {s.host!r} ({s.role})",
            ),
            Text(
                "beri PC ini nama sendiri: antrian setup --station NAMA",
                "give this PC its own name: antrian setup --station NAME",
            ),
        )
    return Check("station", Level.OK, Text(f"{name} di PC {host}", f"{name} on PC {host}"))


def _run_json(
    runner: Callable[..., subprocess.CompletedProcess], cmd: list[str], env: Mapping[str, str] | None = None
) -> tuple[int, dict[str, Any]]:
    try:
        done = runner(
            cmd, capture_output=True, text=True, timeout=SUBPROCESS_SECONDS, env=dict(env) if env else None
        )
    except subprocess.TimeoutExpired:
        return 1, {
            "message": f"tidak menjawab dalam {SUBPROCESS_SECONDS} dtk",
            "message_en": f"no answer within {SUBPROCESS_SECONDS} s",
        }
    lines = [ln for ln in (done.stdout or "").splitlines() if ln.startswith("{")]
    try:
        return done.returncode, json.loads(lines[-1]) if lines else {
            "message": (done.stderr or "").strip()[-300:]
        }
    except json.JSONDecodeError:
        return done.returncode, {"message": (done.stdout or "")[-300:]}


def _printer_check(
    config: Config, path: Path, environ: Mapping[str, str], runner: Callable[..., subprocess.CompletedProcess]
) -> Check:
    url = config.printer.url
    fix = Text(
        "isi printer.url (antrian setup --printer-url ...), lalu antrian-print test-page",
        "set printer.url (antrian setup --printer-url ...), then antrian-print test-page",
    )
    if not url:
        return Check(
            "printer",
            Level.WARN,
            Text(
                "Printer belum diatur: tiket tidak dicetak", "No printer configured: tickets are not printed"
            ),
            fix,
        )
    if url.startswith(("preview://", "file://")):
        return Check(
            "printer",
            Level.WARN,
            Text(f"{url}: tanpa kertas (berkas saja)", f"{url}: no paper (files only)"),
            fix,
        )
    env = {**environ, "ANTRIAN_CONFIG": str(path)}
    code, answer = _run_json(
        runner,
        [
            sys.executable,
            "-c",
            "import sys; from printing.cli import main; sys.exit(main(['--json', 'status']))",
        ],
        env,
    )
    words = Text(
        str(answer.get("message_id") or answer.get("message") or answer.get("reason") or ""),
        str(answer.get("message_en") or answer.get("reason") or ""),
    )
    level = Level.OK if code == 0 and answer.get("ok", True) else Level.FAIL
    return Check(
        "printer",
        level,
        Text(f"{url}: ") + words,
        None
        if level is Level.OK
        else Text(
            "periksa daya, kertas, kabel/jaringan printer; antrian-print status",
            "check the printer's power, paper, cable/network; antrian-print status",
        ),
        answer,
    )


def _camera_check(config: Config, runner: Callable[..., subprocess.CompletedProcess]) -> Check:
    source = config.camera.source
    code, answer = _run_json(runner, [sys.executable, "-m", "scanner.camera.probe", source, "--seconds", "3"])
    if code == 0:
        detail = {k: answer.get(k) for k in ("width", "height", "fps", "frames")}
        return Check(
            "camera",
            Level.OK,
            Text(f"{source}: {answer.get('width')}x{answer.get('height')}, {answer.get('fps')} fps"),
            detail=detail,
        )
    return Check(
        "camera",
        Level.FAIL,
        Text(f"{source}: {answer.get('message', '')}", f"{source}: {answer.get('message_en', '')}"),
        Text(
            "pasang kamera, periksa camera.source (0, /dev/video0, /dev/v4l/by-id/...) dan izin grup video",
            "plug the camera in, check camera.source (0, /dev/video0, /dev/v4l/by-id/...) and the video group",
        ),
        answer,
    )


def _voice_check(config: Config, runner: Callable[..., subprocess.CompletedProcess]) -> Check:
    exe = shutil.which("espeak-ng")
    fix = Text(
        "sudo apt-get install espeak-ng (atau voice.enabled = false)",
        "sudo apt-get install espeak-ng (or voice.enabled = false)",
    )
    if exe is None:
        return Check(
            "voice", Level.FAIL, Text("espeak-ng tidak terpasang", "espeak-ng is not installed"), fix
        )
    done = runner([exe, "--voices"], capture_output=True, text=True, timeout=SUBPROCESS_SECONDS)
    voice = config.voice.voice.split("+", 1)[0]
    names = {word for line in done.stdout.splitlines()[1:] for word in line.split()[1:5]}
    names |= {n.rsplit("/", 1)[-1] for n in names}
    if voice not in names:
        return Check(
            "voice",
            Level.FAIL,
            Text(f"suara {voice!r} tidak ada di espeak-ng", f"voice {voice!r} missing in espeak-ng"),
            fix,
        )
    return Check("voice", Level.OK, Text(f"espeak-ng, suara / voice {voice}"))


def _disk_check(choice: DatabaseChoice, config: Config) -> Check:
    from shared.services.backup import backup_folder

    parsed = make_url(choice.url)
    folders = (
        [Path(parsed.database).parent] if parsed.get_backend_name() == "sqlite" and parsed.database else []
    )
    folders.append(backup_folder(config))
    worst: tuple[int, Path] | None = None
    for folder in folders:
        probe = folder
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        free = shutil.disk_usage(probe).free
        if worst is None or free < worst[0]:
            worst = (free, folder)
    assert worst is not None
    free, folder = worst
    shown = f"{free / 1024**3:.1f} GB"
    detail = {"free_bytes": free, "folder": str(folder)}
    fix = Text(
        "kosongkan disk atau pindahkan [backup] dir ke disk lain",
        "free the disk or move [backup] dir to another disk",
    )
    if free < DISK_FAIL_BYTES:
        return Check(
            "disk", Level.FAIL, Text(f"sisa {shown} di {folder}", f"{shown} free at {folder}"), fix, detail
        )
    if free < DISK_WARN_BYTES:
        return Check(
            "disk", Level.WARN, Text(f"sisa {shown} di {folder}", f"{shown} free at {folder}"), fix, detail
        )
    return Check(
        "disk", Level.OK, Text(f"sisa {shown} di {folder}", f"{shown} free at {folder}"), detail=detail
    )


def _backup_check(choice: DatabaseChoice, config: Config, roles: tuple[str, ...]) -> Check:
    from shared.services.backup import backup_folder, is_backup_name

    folder = backup_folder(config)
    holds_data = make_url(choice.url).get_backend_name() == "sqlite" or "server" in roles
    files = (
        sorted(
            (p for p in folder.glob("antrian-*") if is_backup_name(p.name)), key=lambda p: p.stat().st_mtime
        )
        if folder.is_dir()
        else []
    )
    fix = Text(
        "antrian db backup (setiap hari: antrian day close)", "antrian db backup (daily: antrian day close)"
    )
    if not files:
        if not holds_data:
            return Check(
                "backup",
                Level.OK,
                Text("dibuat di PC server (PostgreSQL)", "made on the server PC (PostgreSQL)"),
            )
        return Check(
            "backup", Level.WARN, Text(f"belum ada cadangan di {folder}", f"no backup yet in {folder}"), fix
        )
    newest = files[-1]
    hours = (time.time() - newest.stat().st_mtime) / 3600
    detail = {"newest": str(newest), "hours": round(hours, 1)}
    words = Text(f"terbaru {newest.name}, {hours:.0f} jam lalu", f"newest {newest.name}, {hours:.0f} h ago")
    if hours > BACKUP_WARN_HOURS and holds_data:
        return Check("backup", Level.WARN, words, fix, detail)
    return Check("backup", Level.OK, words, detail=detail)
