"""Backups of the office's database while the office runs, and a restore into an empty database.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies the whole file in one step, a consistent
snapshot, while the gate and the counters go on writing (WAL: a reader never blocks a writer). The copy is made
under a temporary name, turned into a single self-contained file (journal mode DELETE), checked
(`PRAGMA quick_check`) and only then renamed to its dated name. PostgreSQL: `pg_dump --format=custom` (one
consistent snapshot as well), restored with `pg_restore`; both come with the PostgreSQL client
(`postgresql-client`), found on PATH, in `[backup] pg_bin`, or in /usr/lib/postgresql/*/bin.

Files are named `antrian-YYYYMMDD-HHMMSS.sqlite3` / `.dump` (office time) in the backup folder. Rotation keeps
the N newest of each kind and never deletes anything but files of exactly that shape. A restore goes only into
an EMPTY database (no bookings, tickets or check-ins), so it can never overwrite an office's day.
Database passwords are never shown: URLs are masked, pg_dump gets the password through its environment.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from shared.config import Config
from shared.db.engine import Database, masked_url
from shared.db.models import Booking, CheckinEvent, Ticket
from shared.text import Text

SQLITE, POSTGRESQL = "sqlite", "postgresql"
SUFFIX = {SQLITE: ".sqlite3", POSTGRESQL: ".dump"}
BACKUP_NAME = re.compile(r"antrian-(\d{8})-(\d{6})(?:-(\d{1,3}))?\.(sqlite3|dump)")
PARTIAL = ".partial"
STALE_PARTIAL_SECONDS = 12 * 3600  # a half-written copy left by a crash; a running backup's is younger
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
PG_TIMEOUT_SECONDS = 3 * 3600
BUSY_TIMEOUT_SECONDS = 15.0
INSTALL_CLIENT = Text(
    "Pasang klien PostgreSQL (Debian/Ubuntu: sudo apt-get install postgresql-client; Windows: PostgreSQL "
    "Command Line Tools) atau isi [backup] pg_bin",
    "Install the PostgreSQL client (Debian/Ubuntu: sudo apt-get install postgresql-client; Windows: the "
    "PostgreSQL Command Line Tools) or set [backup] pg_bin",
)


class BackupError(Exception):
    """A backup or restore that did not happen; `text` says why and what to do. `refused`: nothing was tried
    (a wrong or missing file, a database that is not empty, no confirmation)."""

    def __init__(self, text: Text, refused: bool = False) -> None:
        super().__init__(text.line())
        self.text = text
        self.refused = refused


@dataclass(frozen=True)
class BackupReport:
    kind: str  # sqlite / postgresql
    database: str  # the URL, password masked
    path: str
    size_bytes: int
    seconds: float
    removed: tuple[str, ...]  # older dated backups deleted by the rotation
    message: Text
    ok: bool = True

    def lines(self) -> list[str]:
        out = [self.message.line()]
        out += [f"  dihapus (rotasi) / removed (rotation): {name}" for name in self.removed]
        return out


@dataclass(frozen=True)
class RestorePlan:
    """What a restore would do, for the confirmation prompt (nothing was changed yet)."""

    kind: str
    path: str
    size_bytes: int
    database: str
    taken_at: str | None  # from the file name, e.g. "2026-11-28 09:30:00"

    def prompt(self) -> Text:
        when = f" ({self.taken_at})" if self.taken_at else ""
        return Text(
            f"Pulihkan {self.path}{when}, {_size(self.size_bytes)}, ke basis data kosong {self.database}?",
            f"Restore {self.path}{when}, {_size(self.size_bytes)}, into the empty database {self.database}?",
        )


@dataclass(frozen=True)
class RestoreReport:
    kind: str
    database: str
    path: str
    seconds: float
    bookings: int
    tickets: int
    checkins: int
    message: Text
    ok: bool = True

    def lines(self) -> list[str]:
        return [self.message.line()]


# ---- names, folders, tools


def backup_folder(config: Config) -> Path:
    """`[backup] dir`, or the user's data folder's `backups` (next to the default SQLite file)."""
    if config.backup.dir.strip():
        return Path(config.backup.dir.strip()).expanduser().absolute()
    return Path(user_data_dir("antrian", appauthor=False)) / "backups"


def dated_path(folder: Path, now: datetime, kind: str) -> Path:
    """`antrian-YYYYMMDD-HHMMSS.<suffix>` in office time; `-2`, `-3` ... when that second is taken."""
    stem = f"antrian-{now:%Y%m%d-%H%M%S}"
    path = folder / f"{stem}{SUFFIX[kind]}"
    n = 2
    while path.exists() or path.with_name(path.name + PARTIAL).exists():
        path = folder / f"{stem}-{n}{SUFFIX[kind]}"
        n += 1
    return path


def is_backup_name(name: str) -> bool:
    return BACKUP_NAME.fullmatch(name) is not None


def rotate(folder: Path, keep: int, kind: str) -> tuple[str, ...]:
    """Delete all but the `keep` newest dated backups of one kind (0: keep all). Nothing else in the folder is
    ever touched, except our own half-written copies left behind by a crash."""
    suffix = SUFFIX[kind]
    ours = sorted(
        (p for p in folder.iterdir() if p.is_file() and is_backup_name(p.name) and p.name.endswith(suffix)),
        key=_sort_key,
    )
    removed: list[str] = []
    doomed = ours[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink(missing_ok=True)
        removed.append(path.name)
    for path in folder.iterdir():
        if path.name.endswith(PARTIAL) and is_backup_name(path.name[: -len(PARTIAL)]):
            try:
                if time.time() - path.stat().st_mtime > STALE_PARTIAL_SECONDS:
                    path.unlink()
                    removed.append(path.name)
            except OSError:
                pass
    return tuple(removed)


def _sort_key(path: Path) -> tuple[str, str, int]:
    m = BACKUP_NAME.fullmatch(path.name)
    assert m is not None
    return m.group(1), m.group(2), int(m.group(3) or 1)


def find_pg_tool(name: str, config: Config) -> str | None:
    """pg_dump / pg_restore: in `[backup] pg_bin` when set (only there), else on PATH, else the newest of the
    usual install folders (Debian's /usr/lib/postgresql/N/bin, Windows' Program Files)."""
    exe = name + (".exe" if os.name == "nt" else "")
    if config.backup.pg_bin.strip():
        path = Path(config.backup.pg_bin.strip()).expanduser() / exe
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    found = shutil.which(name)
    if found:
        return found
    folders = [*Path("/usr/lib/postgresql").glob("*/bin"), Path("/usr/local/pgsql/bin"),
               *Path("C:/Program Files/PostgreSQL").glob("*/bin")]
    for folder in sorted(folders, key=_version_of, reverse=True):
        path = folder / exe
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    return None


def _version_of(folder: Path) -> tuple[int, ...]:
    digits = re.findall(r"\d+", folder.parent.name)
    return tuple(int(d) for d in digits) or (0,)


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment that carries it (never argv: the
    process list is readable by every user of the PC)."""
    parsed = make_url(url)
    env = {"PGCONNECT_TIMEOUT": "10"}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    bare = URL.create("postgresql", username=parsed.username, host=parsed.host, port=parsed.port,
                      database=parsed.database, query=parsed.query)
    conninfo = bare.render_as_string(hide_password=False)
    return conninfo, env


def _run_pg(cmd: list[str], url: str, what: str) -> None:
    _, env = _libpq(url)
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **env},
                              timeout=PG_TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise BackupError(Text(f"{what} tidak selesai dalam {PG_TIMEOUT_SECONDS // 60} menit",
                               f"{what} did not finish within {PG_TIMEOUT_SECONDS // 60} minutes")) from None
    except OSError as exc:
        raise BackupError(Text(f"{what} tidak bisa dijalankan ({exc.strerror}). ", f"{what} cannot be run "
                               f"({exc.strerror}). ") + INSTALL_CLIENT) from None
    if done.returncode != 0:
        secret = make_url(url).password
        lines = [line.strip() for line in (done.stderr or "").splitlines() if line.strip()]
        reason = next((line for line in lines if "error" in line.lower()), lines[0] if lines else f"exit {done.returncode}")
        if secret:
            reason = reason.replace(str(secret), "***")
        hint = Text("")
        if "version mismatch" in reason:
            hint = Text(f". {what} harus versi server atau lebih baru. ",
                        f". {what} must be the server's version or newer. ") + INSTALL_CLIENT
        raise BackupError(Text(f"{what} gagal: {reason[:300]}", f"{what} failed: {reason[:300]}") + hint)


def _sqlite_file(db: Database) -> Path:
    database = make_url(db.url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError(Text("Basis data SQLite ini bukan berkas biasa; tidak bisa dicadangkan",
                               "This SQLite database is not a plain file; it cannot be backed up"), refused=True)
    return Path(database)


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.1f} kB"


# ---- backup


def backup_database(db: Database, config: Config, now: datetime, to: Path | None = None) -> BackupReport:
    """A dated backup in `to` (or the configured folder), then the rotation. Raises BackupError."""
    kind = SQLITE if db.is_sqlite else POSTGRESQL
    folder = Path(to).expanduser().absolute() if to else backup_folder(config)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(Text(f"Folder cadangan tidak bisa dibuat: {folder} ({exc.strerror})",
                               f"Cannot create the backup folder: {folder} ({exc.strerror})")) from None
    target = dated_path(folder, now, kind)
    partial = target.with_name(target.name + PARTIAL)
    started = time.perf_counter()
    try:
        if kind == SQLITE:
            _sqlite_backup(_sqlite_file(db), partial)
        else:
            _pg_dump(db.url, config, partial)
        os.replace(partial, target)
    except OSError as exc:
        raise BackupError(Text(f"Cadangan tidak bisa ditulis ke {folder}: {exc.strerror or exc}",
                               f"Cannot write the backup to {folder}: {exc.strerror or exc}")) from None
    except sqlite3.Error as exc:
        raise BackupError(Text(f"Pencadangan SQLite gagal: {exc}", f"SQLite backup failed: {exc}")) from None
    finally:
        partial.unlink(missing_ok=True)
    seconds = time.perf_counter() - started
    size = target.stat().st_size
    removed = rotate(folder, config.backup.keep, kind)
    message = Text(f"Cadangan dibuat: {target} ({_size(size)}, {seconds:.1f} s)",
                   f"Backup written: {target} ({_size(size)}, {seconds:.1f} s)")
    return BackupReport(kind=kind, database=masked_url(db.url), path=str(target), size_bytes=size,
                        seconds=round(seconds, 3), removed=removed, message=message)


def _sqlite_backup(source: Path, dest: Path) -> None:
    if not source.is_file():
        raise BackupError(Text(f"Berkas basis data tidak ada: {source}", f"Database file not found: {source}"))
    src = sqlite3.connect(str(source), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        dst = sqlite3.connect(str(dest), isolation_level=None)
        try:
            src.backup(dst)  # all pages in one step: one consistent snapshot, however busy the office is
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file (the copied header says WAL)
            check = dst.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()
    if check != "ok":
        raise BackupError(Text(f"Salinan SQLite rusak (quick_check: {check})",
                               f"The SQLite copy is damaged (quick_check: {check})"))


def _pg_dump(url: str, config: Config, dest: Path) -> None:
    tool = find_pg_tool("pg_dump", config)
    if tool is None:
        raise BackupError(Text("pg_dump tidak ditemukan. ", "pg_dump not found. ") + INSTALL_CLIENT)
    conninfo, _ = _libpq(url)
    _run_pg([tool, "--format=custom", "--no-password", "--lock-wait-timeout=60s", f"--file={dest}",
             f"--dbname={conninfo}"], url, "pg_dump")


# ---- restore


def database_counts(session: Session) -> dict[str, int]:
    """What makes a database an office's day: bookings, tickets, check-in decisions."""
    return {
        "bookings": session.scalar(select(func.count()).select_from(Booking)) or 0,
        "tickets": session.scalar(select(func.count()).select_from(Ticket)) or 0,
        "checkins": session.scalar(select(func.count()).select_from(CheckinEvent)) or 0,
    }


def plan_restore(db: Database, file: Path) -> RestorePlan:
    """Check a restore before anything changes: the file is one of our backups of the database's kind, and the
    database is empty. Raises BackupError(refused=True)."""
    path = Path(file).expanduser()
    if not path.is_file():
        raise BackupError(Text(f"Berkas cadangan tidak ada: {path}", f"Backup file not found: {path}"), refused=True)
    kind = _kind_of(path)
    target = masked_url(db.url)
    wanted = SQLITE if db.is_sqlite else POSTGRESQL
    if kind is None:
        raise BackupError(Text(f"{path} bukan cadangan Antrian (SQLite atau pg_dump format custom)",
                               f"{path} is not an Antrian backup (SQLite, or pg_dump custom format)"), refused=True)
    if kind != wanted:
        raise BackupError(Text(f"{path} adalah cadangan {kind}, tetapi basis data tujuan {wanted} ({target})",
                               f"{path} is a {kind} backup, but the target database is {wanted} ({target})"),
                          refused=True)
    if kind == SQLITE and _same_file(path, _sqlite_file(db)):
        raise BackupError(Text("Berkas cadangan adalah basis data tujuan itu sendiri",
                               "The backup file is the target database itself"), refused=True)
    counts = db.read(database_counts)
    if any(counts.values()):
        raise BackupError(Text(
            f"Basis data tujuan tidak kosong ({counts['bookings']} booking, {counts['tickets']} tiket, "
            f"{counts['checkins']} check-in): pemulihan hanya ke basis data kosong. Buat basis data baru (berkas "
            f"baru, atau CREATE DATABASE) dan arahkan [database] url ke sana: {target}",
            f"The target database is not empty ({counts['bookings']} bookings, {counts['tickets']} tickets, "
            f"{counts['checkins']} check-ins): restore only into an empty database. Create a new one (a new file, "
            f"or CREATE DATABASE) and point [database] url at it: {target}",
        ), refused=True)
    m = BACKUP_NAME.fullmatch(path.name)
    taken = None
    if m:
        d, t = m.group(1), m.group(2)
        taken = f"{d[:4]}-{d[4:6]}-{d[6:]} {t[:2]}:{t[2:4]}:{t[4:]}"
    return RestorePlan(kind=kind, path=str(path.absolute()), size_bytes=path.stat().st_size, database=target,
                       taken_at=taken)


def restore_database(db: Database, config: Config, file: Path) -> RestoreReport:
    """Restore a backup into this (empty) database, then bring its schema up to date. Raises BackupError."""
    plan = plan_restore(db, file)
    started = time.perf_counter()
    db.dispose()  # no pooled connection of ours holds the old content
    try:
        if plan.kind == SQLITE:
            _sqlite_restore(Path(plan.path), _sqlite_file(db))
        else:
            _pg_restore(db.url, config, Path(plan.path))
    except sqlite3.Error as exc:
        raise BackupError(Text(f"Pemulihan SQLite gagal: {exc}", f"SQLite restore failed: {exc}")) from None
    finally:
        db.dispose()
    db.upgrade()  # a backup of an older version gets the newer schema
    counts = db.read(database_counts)
    seconds = time.perf_counter() - started
    message = Text(
        f"Dipulihkan dari {plan.path} ke {plan.database} ({seconds:.1f} s): {counts['bookings']} booking, "
        f"{counts['tickets']} tiket, {counts['checkins']} check-in",
        f"Restored {plan.path} into {plan.database} ({seconds:.1f} s): {counts['bookings']} bookings, "
        f"{counts['tickets']} tickets, {counts['checkins']} check-ins",
    )
    return RestoreReport(kind=plan.kind, database=plan.database, path=plan.path, seconds=round(seconds, 3),
                         bookings=counts["bookings"], tickets=counts["tickets"], checkins=counts["checkins"],
                         message=message)


def _sqlite_restore(backup: Path, target: Path) -> None:
    src = sqlite3.connect(f"{backup.absolute().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        check = src.execute("PRAGMA quick_check").fetchone()[0]
        tables = {row[0] for row in src.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if check != "ok":
            raise BackupError(Text(f"Berkas cadangan rusak (quick_check: {check})",
                                   f"The backup file is damaged (quick_check: {check})"), refused=True)
        if not {"booking", "ticket", "alembic_version"} <= tables:
            raise BackupError(Text(f"{backup} bukan basis data Antrian", f"{backup} is not an Antrian database"),
                              refused=True)
        dst = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            src.backup(dst)  # page by page into the target, which stays in WAL mode for the roles
        finally:
            dst.close()
    finally:
        src.close()


def _pg_restore(url: str, config: Config, file: Path) -> None:
    tool = find_pg_tool("pg_restore", config)
    if tool is None:
        raise BackupError(Text("pg_restore tidak ditemukan. ", "pg_restore not found. ") + INSTALL_CLIENT)
    conninfo, _ = _libpq(url)
    # --clean drops the empty tables the schema upgrade made; one transaction: all or nothing.
    _run_pg([tool, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             "--exit-on-error", "--no-password", f"--dbname={conninfo}", str(file)], url, "pg_restore")


def _kind_of(path: Path) -> str | None:
    with path.open("rb") as f:
        head = f.read(16)
    if head.startswith(SQLITE_MAGIC):
        return SQLITE
    if head.startswith(PG_MAGIC):
        return POSTGRESQL
    return None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False
