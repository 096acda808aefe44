"""The gate's check-in flow: a code -> check_in on the db lane -> the result -> its tickets to the print chain.

Nothing here runs on the GUI thread except the hand-offs: decisions on the single db worker; printing through
`PrintChain` (db lane: record the job -> printer lane: print the view it is handed -> db lane: record the
outcome), so the printer thread never reads the database. Results come back through the runner's callbacks.

Every check-in and print is the signed-in officer's (`actor`, set by the window at sign-in; None on a fresh
install). While the window is locked (`locked`: the officer is away) no code reaches the database: the gate is
unattended, so nobody is admitted; the camera goes on behind the lock and the next code after unlock counts.
A late applicant is admitted only with a supervisor's `Authority` (`override`); a typed reason alone is nothing.

A scan the database could not take (`DatabaseError`: nothing was stored) goes into the gate's journal
(shared/services/journal.py) before the officer sees the system-error card; `replay_journal`, called when the
database answers again, writes the journal into the audit trail and then clears it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial

from PySide6.QtCore import QObject, Signal

from scanner.decode.debounce import Debouncer, SharedDebouncer
from shared.config import Config
from shared.db.errors import DatabaseError
from shared.domain import CheckinResult, Decision, TicketView
from shared.qt.print_chain import PrintChain, Printer
from shared.qt.tasks import TaskRunner
from shared.services.checkin import check_in
from shared.services.journal import Journal, ReplayReport, replay
from shared.services.print_jobs import PrintOutcome
from shared.services.staff import UNATTRIBUTED, Actor, Authority, StaffError
from shared.text import Text

from .print_report import PrintReport, printing

log = logging.getLogger(__name__)
CHECKIN_FAILED = Text("Check-in gagal", "Check-in failed")
NO_TICKET = Text("Tidak ada tiket yang dibuat.", "No ticket was issued.")
SCAN_AGAIN = Text("Pindai lagi.", "Scan again.")


class GateFlow(QObject):
    checkin_started = Signal(str, str)  # code, source
    checkin_finished = Signal(object)  # CheckinResult
    checkin_failed = Signal(object)  # Text
    print_updated = Signal(object)  # PrintReport
    scan_ignored = Signal(str)  # a repeat inside the debounce window
    scan_refused = Signal(str)  # a code while the window is locked: not checked, nobody admitted
    sign_in_needed = Signal()  # officers were registered while this gate ran without one
    journal_replayed = Signal(object)  # ReplayReport, after its entries left the journal

    def __init__(self, config: Config, runner: TaskRunner, printer: Printer | None, clock: Callable[[], datetime],
                 debouncer: Debouncer | None = None, printer_problem: Text | None = None,
                 journal: Journal | None = None, parent: QObject | None = None) -> None:
        """`printer`: a printing.service.TicketPrinter, or None when printer.url cannot be used (`printer_problem`
        says why; every print then fails with it and the tickets stay in the unprinted list). `journal`: where
        scans go that the database could not take (None: none are kept)."""
        super().__init__(parent)
        self.config = config
        self.runner = runner
        self.clock = clock
        self.debouncer = debouncer or SharedDebouncer(config.decoder.debounce_seconds)
        self.chain = PrintChain(runner, printer, config, printer_problem)
        self.journal = journal
        self.actor: Actor | None = None  # the officer signed in at this gate
        self.locked = False  # the officer is away: no admissions
        self._replaying = False
        self._replay_failed = False  # said once in the log until a replay works again

    # ---- input

    def submit_camera(self, text: str, symbology: str = "") -> None:
        """A camera code: the decode thread has already debounced it with the same debouncer."""
        self._check(text, "camera")

    def submit_typed(self, text: str, source: str = "keyboard") -> None:
        """A code from the hand scanner or the manual field: the same debounce as the camera."""
        if not text.strip():
            return
        if not self.debouncer.accept(text):
            self.scan_ignored.emit(text)
            return
        self._check(text, source)

    def override(self, code: str, authority: Authority) -> None:
        """A supervisor lets a late applicant in: the same check-in, with their authority and reason (audited)."""
        self._check(code, "override", authority)

    def _check(self, raw: str, source: str, authority: Authority | None = None) -> None:
        if self.locked:
            log.info("gate locked: a %s code was not checked", source)  # the code itself is an applicant's
            self.scan_refused.emit(raw)
            return
        self.checkin_started.emit(raw, source)
        c = self.config
        at = self.clock()
        override = authority.reason if authority else None
        service = partial(check_in, actor=self.actor, authority=authority)
        self.runner.db(service, c, raw, c.station.name, at, override, on_done=self._on_checkin_done,
                       on_error=lambda exc: self._on_checkin_error(exc, raw, source, at, override))

    def _on_checkin_done(self, result: CheckinResult) -> None:
        self.checkin_finished.emit(result)
        if result.decision is Decision.VALID:
            self.print_tickets(result.event_id, result.tickets)

    def _on_checkin_error(self, exc: BaseException, raw: str = "", source: str = "", at: datetime | None = None,
                          override: str | None = None) -> None:
        log.error("check-in failed: %r", exc)  # the SQL and its parameters go to the log, not on the screen
        if isinstance(exc, DatabaseError):
            self._keep(raw, source, at or self.clock(), override, exc)
            self.checkin_failed.emit(CHECKIN_FAILED + ": " + exc.text + ". " + NO_TICKET + " " + SCAN_AGAIN)
            return
        words = getattr(exc, "text", None)  # a refusal of the staff rules says what is missing, in both languages
        if isinstance(exc, StaffError) and words == UNATTRIBUTED:
            self.sign_in_needed.emit()
        if isinstance(words, Text):
            self.checkin_failed.emit(CHECKIN_FAILED + ": " + words)
            return
        self.checkin_failed.emit(Text(f"{CHECKIN_FAILED.id}: {exc}", f"{CHECKIN_FAILED.en}: {type(exc).__name__}: {exc}"))

    # ---- the journal of scans the database could not take

    def _keep(self, raw: str, source: str, at: datetime, override: str | None, exc: DatabaseError) -> None:
        if self.journal is None:
            return
        try:
            entry = self.journal.append(raw, self.config.station.name, at, source, exc.detail, override,
                                        self.actor.officer_id if self.actor else None)
        except OSError as error:  # the card still says no ticket was issued; the log says this scan is lost
            log.error("gate journal %s: scan %r not kept: %r", self.journal.path, raw[:80], error)
            return
        log.warning("gate journal: scan %s kept (%s) until the database is back", entry.id, source)

    def replay_journal(self) -> None:
        """The database answered: write the journal's scans into the audit trail, then clear them from it."""
        if self.journal is None or self._replaying or not self.journal.has_pending():
            return
        self._replaying = True
        self.runner.db(replay, self.journal, self.clock(), on_done=self._on_replay_done, on_error=self._on_replay_error)

    def _on_replay_done(self, report: ReplayReport) -> None:
        self._replaying = False
        try:
            left = self.journal.mark_done(report.ids) if self.journal is not None else 0
        except OSError as error:  # written already; the next replay finds the ids in the database and skips them
            log.error("gate journal %s: could not clear the written scans: %r", self.journal, error)
            return
        self._replay_failed = False
        log.info("gate journal: %d scan(s) written to the audit trail (%d were already there), %d left",
                 report.written, report.already, left)
        self.journal_replayed.emit(report)
        if left and report.ids:
            self.replay_journal()  # the next batch of a long outage's journal

    def _on_replay_error(self, exc: BaseException) -> None:
        self._replaying = False  # the journal stays as it is; the next good status read tries again
        if not self._replay_failed:
            self._replay_failed = True
            log.error("gate journal replay failed (the journal is kept; tried again after each status read): %r",
                      exc)

    # ---- printing

    def print_tickets(self, event_id: str, tickets: Iterable[TicketView]) -> None:
        """Print the tickets a check-in just issued: their views are in hand, nothing is read again."""
        views = tuple(tickets)
        for view in views:
            self.print_updated.emit(printing(event_id, view.number))
        self.chain.print_views(views, self.clock(), lambda outcome: self._on_printed(event_id, outcome),
                               actor=self.actor)

    def reprint(self, event_id: str, ticket_id: int, number: str, only_if_unprinted: bool = False,
                authority: Authority | None = None) -> None:
        """Print a ticket again (its view is read fresh on the db lane); `only_if_unprinted`: never twice.
        A ticket that printed already needs a supervisor's `authority` (Action.REPRINT)."""
        self.print_updated.emit(printing(event_id, number))
        self.chain.reprint(ticket_id, self.clock(), only_if_unprinted,
                           lambda outcome: self._on_printed(event_id, outcome), number=number,
                           actor=self.actor, authority=authority)

    def _on_printed(self, event_id: str, outcome: PrintOutcome) -> None:
        fault = str(outcome.fault) if outcome.fault is not None else None
        self.print_updated.emit(PrintReport(event_id, outcome.number, outcome.ok, outcome.message, outcome.short, fault))
