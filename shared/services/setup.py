"""`antrian setup`: this PC's own config file, from the office template and a few answers.

The answers (office, station name and roles, database URL, printer, camera) are written into a copy of the
template (its comments kept), checked with load_config before the file is put in place (a wrong answer names its
key and nothing is written), and saved to `user_config_dir("antrian")/config.toml` (mode 600: it may hold the
database password), which load_config finds when ANTRIAN_CONFIG is not set.
The connection test opens the database and reads its schema version; it never prints the password.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from shared.config import REPO_CONFIG, Config, ConfigError, load_config, user_config_path
from shared.db.engine import Database, masked_url, resolve_url
from shared.text import Text

# (section, key) -> the Answers field; the order is the questions' order
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("office", "code", "office_code"),
    ("office", "name", "office_name"),
    ("office", "timezone", "timezone"),
    ("station", "name", "station"),
    ("station", "roles", "roles"),
    ("database", "url", "database_url"),
    ("printer", "url", "printer_url"),
    ("printer", "profile", "printer_profile"),
    ("printer", "width", "printer_width"),
    ("camera", "source", "camera"),
    ("booking_server", "url", "booking_url"),
)


@dataclass(frozen=True)
class Answers:
    """None: keep what the file already says."""

    office_code: str | None = None
    office_name: str | None = None
    timezone: str | None = None
    station: str | None = None
    roles: tuple[str, ...] | None = None
    database_url: str | None = None
    printer_url: str | None = None
    printer_profile: str | None = None
    printer_width: int | None = None
    camera: str | None = None
    booking_url: str | None = None


@dataclass(frozen=True)
class DatabaseCheck:
    ok: bool
    database: str  # masked
    revision: str | None
    message: Text


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def set_value(source: str, section: str, key: str, value: object) -> str:
    """`key = value` inside `[section]`, replacing the key's line (its comment lines above are kept), or added
    at the section's end; the section is added when missing."""
    lines = source.splitlines(keepends=True)
    header = re.compile(r"^\s*\[([^\[\]]+)\]\s*(#.*)?$")
    start = next(
        (i for i, ln in enumerate(lines) if (m := header.match(ln)) and m.group(1).strip() == section), None
    )
    new_line = f"{key} = {toml_value(value)}\n"
    if start is None:
        return source.rstrip("\n") + f"\n\n[{section}]\n{new_line}"
    end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for i in range(start + 1, end):
        if pattern.match(lines[i]):
            lines[i] = new_line
            return "".join(lines)
    insert = end
    while insert > start + 1 and not lines[insert - 1].strip():
        insert -= 1
    lines.insert(insert, new_line)
    return "".join(lines)


def render_config(base: str, answers: Answers) -> str:
    out = base
    for section, key, name in FIELDS:
        value = getattr(answers, name)
        if value is not None:
            out = set_value(out, section, key, value)
    return out


def base_text(target: Path) -> str:
    """The file to start from: this PC's existing file (setup run again), else the office template."""
    return (target if target.is_file() else REPO_CONFIG).read_text(encoding="utf-8")


def current_config(target: Path) -> Config | None:
    try:
        return load_config(target, environ={}) if target.is_file() else None
    except ConfigError:
        return None


def template_defaults() -> Config:
    """The template's values as the questions' defaults on a new PC (no station name: each PC types its own)."""
    config = load_config(REPO_CONFIG, environ={"ANTRIAN_STATION_NAME": "NEW-PC"})
    return dataclasses.replace(config, station=dataclasses.replace(config.station, name=""))


def write_config(answers: Answers, target: Path | None = None) -> tuple[Path, Config]:
    """Render, check (ConfigError names the key; nothing written), then write atomically with mode 600."""
    target = target or user_config_path()
    rendered = render_config(base_text(target), answers)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".toml", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(rendered)
        os.chmod(tmp, 0o600)
        load_config(tmp, environ={})  # a wrong answer stops here, naming its key
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target, load_config(target, environ={})


def check_database(url: str) -> DatabaseCheck:
    """Connect and read the schema version (nothing is created or changed)."""
    resolved = resolve_url(url)
    shown = masked_url(resolved)
    parsed = make_url(resolved)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        return DatabaseCheck(
            True,
            shown,
            None,
            Text(
                f"berkas SQLite baru: {shown} (antrian db upgrade membuatnya)",
                f"new SQLite file: {shown} (antrian db upgrade creates it)",
            ),
        )
    kwargs = {"connect_args": {"connect_timeout": 5}} if parsed.get_backend_name() == "postgresql" else {}
    db = Database(resolved, **kwargs)
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            from alembic.runtime.migration import MigrationContext

            revision = MigrationContext.configure(conn).get_current_revision()
    except Exception as exc:  # noqa: BLE001 - the reason is the finding
        first = (str(exc).splitlines() or [""])[0]
        return DatabaseCheck(
            False,
            shown,
            None,
            Text(
                f"tidak terhubung ke {shown}: {type(exc).__name__}: {first}",
                f"cannot connect to {shown}: {type(exc).__name__}: {first}",
            ),
        )
    finally:
        db.dispose()
    state = (
        Text(f"skema {revision}", f"schema {revision}")
        if revision
        else Text(
            "skema kosong: jalankan `antrian db upgrade` sekali",
            "empty schema: run `antrian db upgrade` once",
        )
    )
    return DatabaseCheck(
        True, shown, revision, Text(f"terhubung ke {shown}, ", f"connected to {shown}, ") + state
    )
