"""Where every program writes its log: standard error and a rotating file in the user's log directory.

`setup_logging(role, station)` is called once at start by every role (`shared.qt.app.load_role`) and by the
`antrian` CLI, so all of them log the same way:
- each line carries the time, the role, the station, the level, the logger and the message;
- the file is `<log dir>/<role>.log`, rotated at `max_bytes`, with `backups` older files kept
  (`<role>.log.1`, …).
  The log dir is `platformdirs.user_log_dir("antrian")` (on Linux `~/.local/state/antrian/log`), or
  `ANTRIAN_LOG_DIR`. Several processes of one role on one PC (the demo's two counters) share the file: a
  process notices when another one has rotated it and reopens;
- a message repeated again and again (a camera retrying, a server down) is collapsed: the first one goes
  through, then "… repeated N times" at most every `repeat_seconds` while it keeps coming, and once more
  when a different message comes or the program ends;
- `ANTRIAN_LOG_LEVEL` (default INFO) sets the level. A log directory that cannot be written is one warning on
  standard error, never a reason not to start.
"""

from __future__ import annotations

import atexit
import logging
import logging.handlers
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

LOG_DIR_ENV = "ANTRIAN_LOG_DIR"
LEVEL_ENV = "ANTRIAN_LOG_LEVEL"
MAX_BYTES = 2_000_000
BACKUPS = 5
REPEAT_SECONDS = 60.0
FORMAT = "%(asctime)s %(role)s %(station)s %(levelname)s %(name)s: %(message)s"
QUIET_LOGGERS = ("alembic",)  # schema checks at start are not news

_lock = threading.RLock()
_installed: list[logging.Handler] = []
_context: _Context | None = None
_collapse: CollapseRepeats | None = None


def log_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """ANTRIAN_LOG_DIR, or the user's log directory for Antrian."""
    override = environ.get(LOG_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    from platformdirs import user_log_dir

    return Path(user_log_dir("antrian", appauthor=False))


def log_path(role: str, environ: Mapping[str, str] = os.environ) -> Path:
    return log_dir(environ) / f"{role}.log"


class _Context(logging.Filter):
    """Puts the role and the station on every record the handlers write (`set_station` changes it later)."""

    def __init__(self, role: str, station: str) -> None:
        super().__init__()
        self.role, self.station = role, station or "-"

    def filter(self, record: logging.LogRecord) -> bool:
        record.role, record.station = self.role, self.station
        return True


class CollapseRepeats(logging.Filter):
    """Lets the first of a run of identical messages through, then only "… repeated N times: <message>" at
    most every `seconds` while the run goes on, and once when a different message ends the run (or on
    `flush()`).

    One instance is added to every handler: it decides once per record (a second handler asking about the same
    record gets the same answer), and writes its summaries through `emit`, by default the record's own logger.
    "Identical" is the same logger, level and formatted message.
    """

    def __init__(self, seconds: float = REPEAT_SECONDS, clock: Callable[[], float] = time.monotonic,
                 emit: Callable[[logging.LogRecord], None] | None = None) -> None:
        super().__init__()
        self.seconds = seconds
        self._clock = clock
        self._emit = emit or (lambda record: logging.getLogger(record.name).handle(record))
        self._lock = threading.RLock()
        self._key: tuple[str, int, str] | None = None
        self._first: logging.LogRecord | None = None
        self._suppressed = 0
        self._since = 0.0  # when the last line of the current run was written

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "collapsed_summary", False):
            return True
        with self._lock:
            answers = record.__dict__.setdefault("collapse_answers", {})
            if id(self) not in answers:  # the first handler asks; the others get the same answer
                answers[id(self)] = self._decide(record)
            return answers[id(self)]

    def _decide(self, record: logging.LogRecord) -> bool:
        key = (record.name, record.levelno, record.getMessage())
        now = self._clock()
        if key == self._key:
            self._suppressed += 1
            if now - self._since < self.seconds:
                return False
            self._summarise()
            self._since = now
            return False
        self._summarise()
        self._key, self._first, self._suppressed, self._since = key, record, 0, now
        return True

    def flush(self) -> None:
        """Write the count of a run still going on (at exit)."""
        with self._lock:
            self._summarise()

    def _summarise(self) -> None:
        if not self._suppressed or self._first is None:
            return
        first, count = self._first, self._suppressed
        self._suppressed = 0
        summary = logging.LogRecord(first.name, first.levelno, first.pathname, first.lineno,
                                    "… repeated %d times: %s", (count, first.getMessage()), None)
        summary.collapsed_summary = True
        self._emit(summary)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is when a record comes (a test harness swaps it), like logging's own
    last-resort handler."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr


class SharedRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler that reopens its file when another process has rotated it away (several
    processes of one role on one PC write one file)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._reopen_if_rotated()
        except OSError:
            pass
        super().emit(record)

    def _reopen_if_rotated(self) -> None:
        if self.stream is None:
            return
        try:
            on_disk = os.stat(self.baseFilename)
        except FileNotFoundError:
            on_disk = None
        mine = os.fstat(self.stream.fileno())
        if on_disk is None or (on_disk.st_dev, on_disk.st_ino) != (mine.st_dev, mine.st_ino):
            self.stream.close()
            self.stream = self._open()


def _on_console(record: logging.LogRecord) -> bool:
    """`log.error(..., extra={"console": False})`: for the file only (the program said it on stderr)."""
    return bool(getattr(record, "console", True))


def _from_basic_config(handler: logging.Handler) -> bool:
    """A bare `logging.basicConfig()` handler (a library's): stderr, the default format."""
    formatter = handler.formatter
    return (type(handler) is logging.StreamHandler and formatter is not None
            and getattr(formatter, "_fmt", None) == logging.BASIC_FORMAT)


def _level(name: str | None, default: int) -> int:
    value = logging.getLevelName((name or "").strip().upper()) if name else default
    return value if isinstance(value, int) else default


def setup_logging(role: str, station: str = "", *, console: bool = True, console_level: int | None = None,
                  environ: Mapping[str, str] = os.environ, max_bytes: int = MAX_BYTES, backups: int = BACKUPS,
                  repeat_seconds: float = REPEAT_SECONDS) -> Path | None:
    """Log to standard error and to `<log dir>/<role>.log`; returns the file's path (None: no file, said once
    on stderr). Calling it again replaces what an earlier call installed (tests, a CLI run in-process)."""
    global _context, _collapse
    level = _level(environ.get(LEVEL_ENV), logging.INFO)
    with _lock:
        teardown()
        _context = _Context(role, station)
        _collapse = CollapseRepeats(repeat_seconds)
        formatter = logging.Formatter(FORMAT)
        handlers: list[logging.Handler] = []
        if console:
            stream = StderrHandler()
            stream.setLevel(max(level, console_level or level))
            stream.addFilter(_on_console)
            handlers.append(stream)
        path: Path | None = log_path(role, environ)
        problem = ""
        try:
            assert path is not None
            path.parent.mkdir(parents=True, exist_ok=True)
            handlers.append(SharedRotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups,
                                                      encoding="utf-8"))
            handlers[-1].setLevel(level)
        except OSError as exc:
            problem, path = f"{exc.__class__.__name__}: {exc}", None
        root = logging.getLogger()
        for stray in [h for h in root.handlers if _from_basic_config(h)]:
            root.removeHandler(stray)  # python-escpos calls logging.basicConfig() on import: no second stderr
        for handler in handlers:
            handler.setFormatter(formatter)
            handler.addFilter(_context)
            handler.addFilter(_collapse)
            root.addHandler(handler)
        _installed.extend(handlers)
        root.setLevel(min([h.level for h in handlers] or [level]))
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)
    if problem:
        logging.getLogger(__name__).warning("no log file (%s): %s", log_dir(environ), problem)
    return path


def set_station(station: str) -> None:
    """The station shown on every later line (a counter PC learns its loket after start)."""
    if _context is not None:
        _context.station = station or "-"


def teardown() -> None:
    """Remove and close what `setup_logging` installed (after writing a pending "repeated" count)."""
    global _collapse
    with _lock:
        if _collapse is not None:
            _collapse.flush()
            _collapse = None
        root = logging.getLogger()
        for handler in _installed:
            root.removeHandler(handler)
            handler.close()
        _installed.clear()


atexit.register(teardown)
