"""The gate's journal: every scan the gate could not decide because the database was unreachable.

When `check_in` fails with `DatabaseError` nothing of the scan was stored, so the gate appends it here (one JSON
object a line, flushed and fsync'd before the officer sees the card). When the database answers again the gate
writes the journal into the audit trail: one `checkin_event` per entry with the result `Decision.DB_DOWN` (not
decided, no ticket, `upload_state` NULL: never uploaded to the booking server as a check-in), its id the entry's id.
Only then are the entries removed from the file.

Exactly once: replaying skips every entry whose id is already in `checkin_event`, so a crash between "written to
the database" and "removed from the journal" replays into nothing. Removing rewrites the file atomically (a
temporary file, fsync, rename). A line torn by a crash in the middle of an append is ignored with a log line; the
next append starts on a fresh line, and the torn bytes are kept in `<journal>.bad` when the file is compacted.

Where: in the user's data directory on the gate PC's own disk, one file per station and database
(`journal_path`); the environment variable ANTRIAN_GATE_JOURNAL names another file (tests, a special setup).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from platformdirs import user_data_dir
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from shared.db.models import Booking, CheckinEvent, Officer
from shared.domain import MAX_CODE_INPUT, Decision, normalise_code
from shared.text import Text

from .checkin import printable

log = logging.getLogger(__name__)
JOURNAL_ENV = "ANTRIAN_GATE_JOURNAL"
VERSION = 1
MAX_RAW = 4 * MAX_CODE_INPUT  # what was read, kept a little longer than any code; never unbounded
MAX_REASON = 300
BATCH = 500  # entries per replay transaction; a long outage's journal goes in over several
NOT_DECIDED = Text("Tidak diputuskan: basis data tidak terjangkau", "Not decided: the database was unreachable")


@dataclass(frozen=True)
class JournalEntry:
    id: str  # uuid4; becomes the checkin_event id, so a replay is idempotent
    at: datetime  # when the gate read the code (office time, with its offset)
    gate: str
    source: str  # camera / keyboard / manual / override
    code: str  # as read, cut to MAX_RAW
    reason: str  # why the database refused (DatabaseError.detail), cut to MAX_REASON
    override: str | None = None  # a supervisor's reason, when the scan was an override
    officer_id: int | None = None  # the gate officer signed in when the code was read

    def as_json(self) -> str:
        return json.dumps({"v": VERSION, "id": self.id, "at": self.at.isoformat(), "gate": self.gate,
                           "source": self.source, "code": self.code, "reason": self.reason,
                           "override": self.override, "officer": self.officer_id},
                          ensure_ascii=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: str) -> JournalEntry:
        data = json.loads(line)
        if not isinstance(data, dict) or data.get("v") != VERSION:
            raise ValueError(f"not a version-{VERSION} journal entry")
        at = datetime.fromisoformat(str(data["at"]))
        if at.tzinfo is None:
            raise ValueError("time without an offset")
        entry_id = str(data["id"])
        uuid.UUID(entry_id)
        override, officer = data.get("override"), data.get("officer")
        return cls(id=entry_id, at=at, gate=str(data["gate"]), source=str(data["source"]),
                   code=str(data["code"])[:MAX_RAW], reason=str(data.get("reason", ""))[:MAX_REASON],
                   override=None if override is None else str(override)[:500],
                   officer_id=officer if isinstance(officer, int) and not isinstance(officer, bool) else None)


@dataclass(frozen=True)
class ReplayReport:
    ids: tuple[str, ...]  # every entry the database now holds (written now or by an earlier replay)
    written: int  # rows inserted by this replay
    already: int  # entries found in the database already (a crash after the commit, before the journal was cleared)


class Journal:
    """One gate's append-only file of undecided scans. Thread-safe: the GUI thread appends while the db lane
    replays; one lock serialises every touch of the file within the process (one gate process per file)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Journal({str(self.path)!r})"

    # ---- writing

    def append(self, raw_code: str, gate: str, at: datetime, source: str, reason: str,
               override: str | None = None, officer_id: int | None = None) -> JournalEntry:
        """Keep one undecided scan; returns once it is on disk (fsync). Raises OSError if it cannot be kept."""
        entry = JournalEntry(id=str(uuid.uuid4()), at=at, gate=gate[:40], source=source[:16],
                             code=raw_code[:MAX_RAW], reason=reason[:MAX_REASON],
                             override=override[:500] if override else None, officer_id=officer_id)
        data = (entry.as_json() + "\n").encode("ascii")
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            created = not self.path.exists()
            with open(self.path, "a+b") as handle:
                handle.seek(0, os.SEEK_END)
                if handle.tell() > 0:
                    handle.seek(-1, os.SEEK_END)
                    if handle.read(1) != b"\n":
                        data = b"\n" + data  # a torn line from a crash: the new entry starts on a line of its own
                handle.seek(0, os.SEEK_END)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if created:
                _fsync_dir(self.path.parent)
        return entry

    # ---- reading

    def has_pending(self) -> bool:
        """Cheap (one stat): the file holds something, so a replay is worth a transaction."""
        try:
            return self.path.stat().st_size > 0
        except FileNotFoundError:
            return False

    def pending(self) -> list[JournalEntry]:
        """The entries not yet cleared, oldest first; unreadable and torn lines are logged and left out."""
        with self._lock:
            entries, _bad = self._read()
        return entries

    def _read(self) -> tuple[list[JournalEntry], list[bytes]]:
        try:
            blob = self.path.read_bytes()
        except FileNotFoundError:
            return [], []
        lines = blob.split(b"\n")
        tail = lines.pop()  # b"" when the file ends with a newline; else a line torn by a crash
        entries: list[JournalEntry] = []
        bad: list[bytes] = []
        seen: set[str] = set()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                entry = JournalEntry.from_json(line.decode("ascii"))
            except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
                log.warning("gate journal %s: line %d unreadable, left out (%s)", self.path, number, exc)
                bad.append(line)
                continue
            if entry.id not in seen:
                seen.add(entry.id)
                entries.append(entry)
        if tail.strip():
            log.warning("gate journal %s: torn last line (%d bytes, a crash while writing) ignored",
                        self.path, len(tail))
            bad.append(tail)
        return entries, bad

    # ---- clearing

    def mark_done(self, ids: Iterable[str]) -> int:
        """Remove the entries the database now holds; returns how many are left. The file is rewritten
        atomically; entries appended meanwhile stay; unreadable lines move to `<journal>.bad`."""
        done = set(ids)
        with self._lock:
            entries, bad = self._read()
            left = [e for e in entries if e.id not in done]
            if bad:
                with open(self.path.with_name(self.path.name + ".bad"), "ab") as keep:
                    keep.write(b"".join(line + b"\n" for line in bad))
                    keep.flush()
                    os.fsync(keep.fileno())
            if not left:
                if self.path.exists():
                    self.path.unlink()
                    _fsync_dir(self.path.parent)
                return 0
            temporary = self.path.with_name(self.path.name + ".tmp")
            with open(temporary, "wb") as handle:
                handle.write("".join(e.as_json() + "\n" for e in left).encode("ascii"))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, self.path)
            _fsync_dir(self.path.parent)
            return len(left)


def _fsync_dir(folder: Path) -> None:
    """A new or renamed file survives a power cut only once its directory entry is on disk (POSIX)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replay(session: Session, journal: Journal, now: datetime, limit: int | None = None) -> ReplayReport:
    """Write the journal's oldest `limit` (default BATCH) entries into `checkin_event`, in the caller's one
    transaction; entries already there are skipped. Clear them afterwards with `journal.mark_done(report.ids)`,
    once this transaction committed; `mark_done` says how many are left for the next call."""
    entries = journal.pending()[:limit or BATCH]
    if not entries:
        return ReplayReport((), 0, 0)
    ids = [e.id for e in entries]
    present = set(session.scalars(select(CheckinEvent.id).where(CheckinEvent.id.in_(ids))))
    written = 0
    for entry in entries:
        if entry.id in present:
            continue
        session.add(_event(session, entry, now))
        written += 1
    session.flush()
    if written:
        log.warning("gate journal: %d scan(s) made while the database was unreachable written to the audit "
                    "trail as %s", written, Decision.DB_DOWN.value)
    return ReplayReport(tuple(ids), written, len(present))


def _event(session: Session, entry: JournalEntry, now: datetime) -> CheckinEvent:
    code = normalise_code(entry.code)
    booking_id = session.scalar(select(Booking.id).where(Booking.code == code)) if 0 < len(code) <= 80 else None
    detail = (f"{NOT_DECIDED.en}; no ticket issued; source={entry.source}; journalled at the gate, written "
              f"{now.isoformat(timespec='seconds')}; cause: {entry.reason}")
    return CheckinEvent(
        id=entry.id, code=printable(entry.code), booking_id=booking_id, result=Decision.DB_DOWN, gate=entry.gate[:40],
        at=entry.at, detail=detail[:1000], override_reason=entry.override, tickets="", upload_state=None,
        officer_id=_known_officer(session, entry.officer_id),
    )


def _known_officer(session: Session, officer_id: int | None) -> int | None:
    """The journalled officer, if the database knows them (a journal carried to a restored database may not)."""
    return officer_id if officer_id is not None and session.get(Officer, officer_id) is not None else None


def journal_path(database_url: str, station: str, environ: dict[str, str] | None = None) -> Path:
    """Where a gate keeps its journal: ANTRIAN_GATE_JOURNAL if set; else in the user's data directory on this
    PC's own disk (not next to the database: a SQLite file on a share that went away takes its folder with it),
    one file per gate station and database, so the scans go back into the database they were meant for."""
    env = os.environ if environ is None else environ
    if env.get(JOURNAL_ENV):
        return Path(env[JOURNAL_ENV]).expanduser()
    station_part = re.sub(r"[^A-Za-z0-9_.-]+", "_", station).strip("._") or "gate"
    name = f"gate-journal-{station_part}-{_database_key(database_url)}.jsonl"
    return Path(user_data_dir("antrian", appauthor=False)) / "journal" / name


def _database_key(database_url: str) -> str:
    """Eight hex digits naming the database (its URL without the password; a bare path made absolute)."""
    url = database_url.strip()
    if url and "://" not in url:
        url = "sqlite:///" + str(Path(url).expanduser().resolve())
    try:
        url = make_url(url).render_as_string(hide_password=True) if url else "sqlite:default"
    except Exception:  # noqa: BLE001 - not a URL SQLAlchemy reads: its own text names it
        pass
    return hashlib.sha256(url.encode()).hexdigest()[:8]
