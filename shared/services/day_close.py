"""Closing time: the steps the office runs at the end of a day (`antrian day close`), one after another.

Each step is reported on its own; a step that fails is reported and the next one still runs (a full backup disk
must not keep the personal data of last month, and a purge that failed must not cost tonight's backup).
Steps now: the backup, then the privacy purge. Keep `close_day` a plain list of steps in order.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from shared.config import Config
from shared.db.engine import Database
from shared.db.errors import DatabaseError
from shared.text import Text

from .backup import BackupError, backup_database
from .privacy import purge_personal_data


@dataclass(frozen=True)
class DayCloseStep:
    name: str  # backup, privacy_purge
    title: Text
    ok: bool
    message: Text
    seconds: float
    result: Any = None  # the step's own report (BackupReport, PurgeReport), None when it failed

    def line(self) -> str:
        return f"{'OK' if self.ok else 'GAGAL / FAILED'} {self.title.line()}: {self.message.line()}"


@dataclass(frozen=True)
class DayCloseReport:
    day: date
    steps: tuple[DayCloseStep, ...]
    ok: bool  # every step succeeded

    def lines(self) -> list[str]:
        head = Text(f"Tutup hari {self.day:%d-%m-%Y}", f"Day close {self.day:%Y-%m-%d}")
        return [head.line()] + [f"  {step.line()}" for step in self.steps]


def close_day(db: Database, config: Config, day: date, now: datetime) -> DayCloseReport:
    """The day's closing steps in order, each reported, none stopped by another's failure."""
    steps = (
        _step("backup", Text("Cadangan", "Backup"), lambda: backup_database(db, config, now)),
        _step("privacy_purge", Text("Penyamaran data pribadi", "Personal data purge"),
              lambda: purge_personal_data(db, config, day)),
    )
    return DayCloseReport(day=day, steps=steps, ok=all(step.ok for step in steps))


def _step(name: str, title: Text, run: Callable[[], Any]) -> DayCloseStep:
    started = time.perf_counter()
    try:
        result = run()
    except BackupError as exc:
        return _failed(name, title, exc.text, started)
    except DatabaseError as exc:
        return _failed(name, title, exc.text + f" ({exc.detail})", started)
    except Exception as exc:  # any other failure of one step is reported; the next step still runs
        first = (str(exc).splitlines() or [""])[0][:300]
        return _failed(name, title, Text(f"{type(exc).__name__}: {first}"), started)
    return DayCloseStep(name=name, title=title, ok=True, message=result.message,
                        seconds=round(time.perf_counter() - started, 3), result=result)


def _failed(name: str, title: Text, message: Text, started: float) -> DayCloseStep:
    return DayCloseStep(name=name, title=title, ok=False, message=message,
                        seconds=round(time.perf_counter() - started, 3))
