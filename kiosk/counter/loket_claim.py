"""One loket, one PC: the counter opens its loket at start; when another running PC has it open, the officer
reads who and where, and may close, or ask a supervisor to take it over (that PC died or hangs).

`open_loket(config, db, runner, counter_name, interactive)` returns this PC's `StationClaim` on the loket, or
None when it was not opened (refused and closed; without a person to ask, the refusal goes to stderr).
"""

from __future__ import annotations

import logging
import os
import sys
from datetime import UTC
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from shared import clock
from shared.config import Config
from shared.db.errors import DatabaseError
from shared.palette import NAVY, RED, SLATE
from shared.qt.auth.supervisor_dialog import ask_supervisor
from shared.qt.tasks import TaskRunner
from shared.services import lokets
from shared.services.lokets import LoketTaken
from shared.services.staff import Action, Authority, StaffError
from shared.services.stations import StationClaim, this_host
from shared.text import Text

if TYPE_CHECKING:
    from shared.db.engine import Database

log = logging.getLogger(__name__)
TITLE = Text("Loket sudah dibuka", "Counter already open")
TAKE_OVER = Text("Ambil alih (supervisor)", "Take over (supervisor)")
CLOSE = Text("Tutup", "Close")
NOT_TAKEN = Text("Tidak diambil alih", "Not taken over")


class LoketTakenDialog(QDialog):
    """Who holds the loket, and the supervisor's way to take it over; `claim` once it is this PC's."""

    def __init__(self, config: Config, db: Database, runner: TaskRunner, counter_name: str, taken: LoketTaken,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.config, self.db, self.runner, self.counter_name = config, db, runner, counter_name
        self.claim: StationClaim | None = None
        self.supervisor_dialog: Any = None
        self.setWindowTitle(f"{counter_name}: {TITLE.line()}")
        self.setMinimumWidth(620)
        heading = QLabel(TITLE.lines())
        heading.setStyleSheet(f"color: {NAVY}; font-size: 22px; font-weight: 700;")
        self.text = QLabel(taken.text.lines())
        self.text.setWordWrap(True)
        self.text.setStyleSheet(f"color: {SLATE}; font-size: 16px;")
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {RED}; font-size: 16px; font-weight: 600;")
        self.take_over_button = QPushButton(TAKE_OVER.line())
        self.close_button = QPushButton(CLOSE.line())
        for button in (self.take_over_button, self.close_button):
            button.setMinimumHeight(44)
            button.setAutoDefault(False)
        self.take_over_button.clicked.connect(self._on_take_over_clicked)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.take_over_button)
        buttons.addWidget(self.close_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 20, 24, 18)
        column.setSpacing(12)
        for widget in (heading, self.text, self.problem):
            column.addWidget(widget)
        column.addLayout(buttons)

    def _on_take_over_clicked(self) -> None:
        self.supervisor_dialog = ask_supervisor(self, self.runner, self.db, self.config, Action.TAKE_OVER,
                                                self.config.station.name, None, self._take_over,
                                                subject=Text(self.counter_name), target=self.counter_name)

    def _take_over(self, authority: Authority) -> None:
        self.take_over_button.setEnabled(False)
        service = partial(lokets.take_over_loket, authority=authority, station=self.config.station.name)
        self.runner.db(service, self.config, self.counter_name, this_host(), os.getpid(), clock.now(UTC),
                       on_done=self._on_taken_over, on_error=self._on_take_over_failed)

    def _on_taken_over(self, claim: StationClaim) -> None:
        log.warning("%s taken over by this PC with a supervisor's authority", self.counter_name)
        self.claim = claim
        self.accept()

    def _on_take_over_failed(self, exc: BaseException) -> None:
        self.take_over_button.setEnabled(True)
        text = exc.text if isinstance(exc, (StaffError, DatabaseError)) else NOT_TAKEN + f" ({type(exc).__name__})"
        self.problem.setText(text.lines())


def open_loket(config: Config, db: Database, runner: TaskRunner, counter_name: str,
               interactive: bool) -> StationClaim | None:
    """This PC's hold on the loket, or None (refused: said on stderr, and in the dialog when a person is there)."""
    try:
        return lokets.open_for_counter(db, counter_name)
    except LoketTaken as taken:
        print(f"antrian-counter: {taken.text.line()}", file=sys.stderr, flush=True)
        log.error("loket refused: %s", taken.text.line(), extra={"console": False})
        if not interactive:
            return None
        dialog = LoketTakenDialog(config, db, runner, counter_name, taken)
        dialog.exec()
        return dialog.claim
