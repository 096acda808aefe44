"""Tickets to paper from a window: db lane (record the job) -> printer lane (print) -> db lane (record the
outcome) -> `on_update(PrintOutcome)` on the GUI thread.

The printer thread only prints: it never opens a database session, so a slow printer never holds the database
and a busy database never holds the printer. The printer is taken duck-typed (`printing` is a role-level package
this module may not import): anything with `url` (kept on the job row) and `print_view(view, job_id)` returning a
`PrintOutcome` that never raises for printer faults. The outcome type itself is in the Qt-free core
(`shared.services.print_jobs`), so the chain builds its own failed outcomes (no printer, a database error, a bug)
without a factory from `printing`.

Who prints is named on every job: `actor` (the signed-in officer; None on a fresh install or at the walk-in
kiosk) goes into `print_job.officer_id`; a second copy of a ticket that already printed also needs a supervisor's
`authority` for `Action.REPRINT` (the db lane refuses it otherwise, and the refusal is a failed outcome).

Whatever fails on any lane ends as a failed outcome handed to `on_update` (and logged), never lost. One exception:
when only recording the outcome failed, the printer's own outcome is delivered (if it printed, the applicant has
the paper); the job stays queued and turns up in the unprinted list after a while, so nothing is hidden.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import Any, Protocol

from shared.config import Config
from shared.domain import TicketView
from shared.qt.tasks import Lane, TaskRunner
from shared.services import print_jobs
from shared.services.print_jobs import PrintJobView, PrintOutcome, PrintStart
from shared.services.staff import Actor, Authority
from shared.text import Text

log = logging.getLogger(__name__)

NO_PRINTER = Text("Printer belum diatur", "No printer configured")
UNAVAILABLE = Text("Printer tidak tersedia", "Printer unavailable")
PRINT_FAILED = Text("Gagal mencetak", "Print failed")

OnUpdate = Callable[[PrintOutcome], None]


class Printer(Protocol):
    url: str

    def print_view(self, view: TicketView, job_id: int | None = None) -> PrintOutcome: ...


class PrintChain:
    """`printer` None (no printer configured, or printer.url unusable): every print ends as a failed outcome
    with `problem` (default "No printer configured") and fault "unavailable", and no job is recorded, so the
    tickets stay in the unprinted list."""

    def __init__(self, runner: TaskRunner, printer: Printer | None, config: Config, problem: Text | None = None):
        self.runner = runner
        self.printer = printer
        self.config = config
        self.problem = problem or NO_PRINTER

    def print_views(
        self, views: Iterable[TicketView], now: datetime, on_update: OnUpdate, *, actor: Actor | None = None
    ) -> None:
        """Print tickets just issued (check-in, walk-in), in order, each job recorded as `actor`'s. Without a
        printer, `on_update` is called before this returns."""
        start_job = partial(print_jobs.start_job, officer_id=actor.officer_id if actor else None)
        for view in views:
            if self.printer is None:
                on_update(self.unavailable(view.number))
                continue
            self._submit(
                view.number, on_update, self.runner.db, start_job, view.id, self.printer.url, now,
                on_done=lambda job, view=view: self._print(view, job, now, on_update),
            )

    def reprint(
        self, ticket_id: int, now: datetime, only_if_unprinted: bool, on_update: OnUpdate, number: str = "", *,
        actor: Actor | None = None, authority: Authority | None = None,
    ) -> None:
        """Print a ticket again by id (its view is read now: people ahead and the wait are current).
        `only_if_unprinted`: a ticket that printed meanwhile is not printed twice ("Already printed").
        `number`, when the caller knows it, names the ticket in an outcome that fails before its view is read.
        `actor` prints; `authority` is the supervisor's yes a ticket that already printed needs."""
        number = number or str(ticket_id)
        if self.printer is None:
            self._submit(
                number, on_update, self.runner.read, print_jobs.view_by_id, self.config, ticket_id, now,
                on_done=lambda view: on_update(self.unavailable(view.number if view else number)),
            )
            return
        reprint_by_id = partial(print_jobs.reprint_by_id, actor=actor, authority=authority)
        self._submit(
            number, on_update, self.runner.db, reprint_by_id, self.config, ticket_id,
            self.printer.url, now, only_if_unprinted,
            on_done=lambda start: self._on_reprint_started(number, start, now, on_update),
        )

    def unavailable(self, number: str) -> PrintOutcome:
        return PrintOutcome(False, number, self.problem, UNAVAILABLE, "unavailable")

    # ---- the steps

    def _on_reprint_started(self, number: str, start: PrintStart, now: datetime, on_update: OnUpdate) -> None:
        if start.view is None:
            on_update(print_jobs.ticket_not_found(number))
        elif start.job is None:
            on_update(print_jobs.already_printed(start.view.number))
        else:
            self._print(start.view, start.job, now, on_update)

    def _print(self, view: TicketView, job: PrintJobView, now: datetime, on_update: OnUpdate) -> None:
        assert self.printer is not None
        self._submit(
            view.number, on_update, self.runner.run, Lane.PRINTER, self.printer.print_view, view, job.id,
            on_done=lambda outcome: self._record(outcome, now, on_update),
            on_error=lambda exc: self._record(_failed(view.number, exc, job.id), now, on_update),
        )

    def _record(self, outcome: PrintOutcome, now: datetime, on_update: OnUpdate) -> None:
        def recorded(_job: PrintJobView) -> None:
            on_update(outcome)

        def not_recorded(exc: BaseException) -> None:
            # The paper is out (or the printer's own failure says why not); the job stays queued and turns
            # up in the unprinted list, so the outcome the officer sees is still the printer's.
            log.error("print of %s not recorded: %r", outcome.number, exc)
            on_update(outcome)

        self._submit(
            outcome.number, on_update, self.runner.db, print_jobs.record_outcome, outcome.job_id, outcome.ok,
            outcome.record_reason, now, on_done=recorded, on_error=not_recorded,
        )

    def _submit(
        self, number: str, on_update: OnUpdate, submit: Callable[..., Any], *args: Any,
        on_done: Callable[[Any], None], on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """One step on a lane. A step that raised, or could not be queued (the runner shut down, or has no
        database), goes to `on_error`, by default a failed outcome."""

        def failed(exc: BaseException) -> None:
            on_update(_failed(number, exc))

        handle = on_error or failed
        try:
            submit(*args, on_done=on_done, on_error=handle)
        except RuntimeError as exc:
            handle(exc)


def _failed(number: str, exc: BaseException, job_id: int | None = None) -> PrintOutcome:
    """A failure around the print (a bug, the database): the database's own words where it has them."""
    log.error("print of %s failed: %r", number, exc)
    text = getattr(exc, "text", None)
    message = PRINT_FAILED + ": " + text if isinstance(text, Text) else PRINT_FAILED + f": {exc}"
    return PrintOutcome(False, number, message, PRINT_FAILED, "error", job_id=job_id, detail=repr(exc))
