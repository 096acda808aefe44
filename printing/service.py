"""Printing a ticket end to end: record the job, ask the printer, print, ask again, record the outcome.

Paper-out does not make python-escpos fail a print (the bytes are accepted into the printer's buffer), so the
status after printing decides whether the ticket counts as printed. Whatever happens, the job row says so: the
gate's "unprinted" list and a reprint by number pick it up, and the ticket keeps its number and place.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from shared.config import Config
from shared.db.engine import Database
from shared.domain import TicketView
from shared.services import print_jobs

from .connectors import Connector, PrinterSession, make_connector, os_fault
from .layout import Op, ticket_layout
from .status import Fault, PrinterFault, PrinterStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    number: str
    message_id: str
    message_en: str
    fault: str | None = None  # a Fault value when not ok, or the warning (paper near end) when ok
    status: PrinterStatus | None = None  # the printer's answer after printing (before, if it never printed)
    job_id: int | None = None
    output: str = ""  # where it went: the printer URL or the preview PNG

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "number": self.number,
            "message_id": self.message_id,
            "message_en": self.message_en,
            "fault": self.fault,
            "status": self.status.as_dict() if self.status else None,
            "job_id": self.job_id,
            "output": self.output,
        }


PRINTED = ("Tiket tercetak", "Ticket printed")


class TicketPrinter:
    """One printer, one job at a time; safe to call from the print-lane worker (or any thread)."""

    def __init__(self, db: Database | None, config: Config, connector: Connector | None = None) -> None:
        """`db` may be None for status and test pages, which record nothing."""
        self.db = db
        self.config = config
        self.connector = connector or make_connector(config.printer)
        self._lock = threading.Lock()

    def layout(self, ticket: TicketView) -> list[Op]:
        return ticket_layout(ticket, self.config.office.name, self.config.printer, self.config.office.tz)

    def print_ticket(
        self, ticket: int | tuple[date, str], now: datetime | None = None, only_if_unprinted: bool = False
    ) -> PrintOutcome:
        """Print (or reprint) a ticket by id or by (day, number). `only_if_unprinted` (the "print what did not
        print" buttons): a ticket that printed meanwhile is not printed twice."""
        if self.db is None:
            raise ValueError("TicketPrinter needs a database to print tickets")
        with self._lock:
            view = self.db.run(print_jobs.ticket_view_for_print, self.config, ticket, now)
            if view is None:
                shown = ticket if isinstance(ticket, int) else f"{ticket[1]} ({ticket[0].isoformat()})"
                return _fault_outcome(
                    str(shown), PrinterFault(Fault.TICKET_NOT_FOUND, str(shown)), None, None
                )
            if only_if_unprinted and view.printed:
                return PrintOutcome(True, view.number, "Sudah tercetak", "Already printed")
            job = self.db.run(print_jobs.start_job, view.id, self.connector.target.url, now)
            outcome = self._attempt(view, job.id)
            self._record(outcome, now)
            return outcome

    def _attempt(self, view: TicketView, job_id: int) -> PrintOutcome:
        session: PrinterSession | None = None
        status: PrinterStatus | None = None
        try:
            session = self.connector.open()
            status = session.status()
            if status is not None and status.fault:
                raise PrinterFault(status.fault, "before printing")
            output = session.print_ops(self.layout(view), f"{view.day.isoformat()}_{view.number}")
            status = session.status()
            if status is not None and status.fault:
                raise PrinterFault(status.fault, "after printing")
        except Exception as exc:  # noqa: BLE001 - any failure must end as a recorded, reprintable job
            return _fault_outcome(view.number, os_fault(exc), status, job_id)
        finally:
            if session is not None:
                session.close()
        return _printed_outcome(view.number, status, job_id, output)

    def _record(self, outcome: PrintOutcome, now: datetime | None) -> None:
        if outcome.job_id is None or self.db is None:
            return
        if outcome.ok:
            note = f"{outcome.fault}: {outcome.message_en}" if outcome.fault else None
            self.db.run(print_jobs.mark_printed, outcome.job_id, note, now)
        else:
            reason = f"{outcome.fault}: {outcome.message_id} / {outcome.message_en}"
            self.db.run(print_jobs.mark_failed, outcome.job_id, reason, now)
            log.warning("ticket %s not printed: %s", outcome.number, reason)

    def status(self) -> PrinterStatus | None:
        """The printer's answer now (None where the connector cannot answer); faults raise PrinterFault."""
        with self._lock:
            session = self.connector.open()
            try:
                return session.status()
            finally:
                session.close()

    def print_ops(self, ops: list[Op], name: str) -> str:
        """Any layout (the test page) through the same lock, connector and status checks."""
        with self._lock:
            session = self.connector.open()
            try:
                before = session.status()
                if before is not None and before.fault:
                    raise PrinterFault(before.fault, "before printing")
                output = session.print_ops(ops, name)
                after = session.status()
                if after is not None and after.fault:
                    raise PrinterFault(after.fault, "after printing")
                return output
            finally:
                session.close()


def _fault_outcome(
    number: str, fault: PrinterFault, status: PrinterStatus | None, job_id: int | None
) -> PrintOutcome:
    detail = f" [{fault.detail}]" if fault.detail else ""
    return PrintOutcome(
        False, number, fault.message_id, fault.message_en + detail, fault.fault.value, status, job_id
    )


def _printed_outcome(number: str, status: PrinterStatus | None, job_id: int, output: str) -> PrintOutcome:
    if status is not None and status.warning:
        fault = PrinterFault(status.warning)
        return PrintOutcome(
            True,
            number,
            f"{PRINTED[0]}. {fault.message_id}",
            f"{PRINTED[1]}. {fault.message_en}",
            status.warning.value,
            status,
            job_id,
            output,
        )
    return PrintOutcome(True, number, PRINTED[0], PRINTED[1], None, status, job_id, output)
