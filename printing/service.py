"""Printing a ticket: ask the printer, print the layout, ask again; the answer is a PrintOutcome.

No database here: the caller reads the ticket's view and records the job (`printing.jobs.print_now` for the CLI,
`shared.qt.print_chain.PrintChain` for the windows, both on their own db lane), so the printer thread never waits
on the database and the database never waits on paper.

Paper-out does not make python-escpos fail a print (the bytes are accepted into the printer's buffer), so the
status after printing decides whether the ticket counts as printed.
"""

from __future__ import annotations

import logging
import threading

from shared.config import Config
from shared.domain import TicketView
from shared.services.print_jobs import PRINTED, PRINTED_SHORT, PrintOutcome

from .connectors import Connector, PrinterSession, make_connector, os_fault
from .layout import Op, ticket_layout
from .status import PrinterFault, PrinterStatus

__all__ = ["PrintOutcome", "TicketPrinter", "failed_outcome"]

log = logging.getLogger(__name__)


class TicketPrinter:
    """One printer, one job at a time; safe to call from the printer-lane worker (or any thread)."""

    def __init__(self, config: Config, connector: Connector | None = None) -> None:
        self.config = config
        self.connector = connector or make_connector(config.printer)
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        """The printer's address, as the job record keeps it."""
        return self.connector.target.url

    def layout(self, view: TicketView) -> list[Op]:
        return ticket_layout(view, self.config.office.name, self.config.printer, self.config.office.tz)

    def print_view(self, view: TicketView, job_id: int | None = None) -> PrintOutcome:
        """Print the ticket it is handed. A printer fault never raises: it comes back as a failed outcome
        (`job_id` is carried along for the caller that records it)."""
        answers: list[PrinterStatus | None] = []
        with self._lock:
            try:
                session = self.connector.open()
                try:
                    output = _print_checked(session, self.layout(view), _job_name(view), answers)
                finally:
                    session.close()
            except Exception as exc:  # noqa: BLE001 - any failure must end as a failed, reprintable job
                outcome = failed_outcome(view.number, os_fault(exc), answers[-1] if answers else None, job_id)
                log.warning("ticket %s not printed: %s", view.number, outcome.record_reason)
                return outcome
        return _printed_outcome(view.number, answers[-1], job_id, output)

    def status(self) -> PrinterStatus | None:
        """The printer's answer now (None where the connector cannot answer); faults raise PrinterFault."""
        with self._lock:
            session = self.connector.open()
            try:
                return session.status()
            finally:
                session.close()

    def print_ops(self, ops: list[Op], name: str) -> str:
        """Any layout (the test page) through the same lock, connector and status checks; faults raise."""
        with self._lock:
            session = self.connector.open()
            try:
                return _print_checked(session, ops, name, [])
            finally:
                session.close()


def _job_name(view: TicketView) -> str:
    return f"{view.day.isoformat()}_{view.number}"


def _print_checked(
    session: PrinterSession, ops: list[Op], name: str, answers: list[PrinterStatus | None]
) -> str:
    """Status, print, status; each answer is appended to `answers` (the outcome shows the last one), and a
    fault before or after printing raises PrinterFault."""
    answers.append(session.status())
    _raise_fault(answers[-1], "before printing")
    output = session.print_ops(ops, name)
    answers.append(session.status())
    _raise_fault(answers[-1], "after printing")
    return output


def _raise_fault(status: PrinterStatus | None, when: str) -> None:
    if status is not None and status.fault:
        raise PrinterFault(status.fault, when)


def failed_outcome(
    number: str, fault: PrinterFault, status: PrinterStatus | None = None, job_id: int | None = None
) -> PrintOutcome:
    return PrintOutcome(
        False, number, fault.text, fault.short, fault.fault, status, job_id, detail=fault.detail
    )


def _printed_outcome(
    number: str, status: PrinterStatus | None, job_id: int | None, output: str
) -> PrintOutcome:
    warning = status.warning if status is not None else None
    if warning is None:
        return PrintOutcome(True, number, PRINTED, PRINTED_SHORT, None, status, job_id, output)
    message, short = PRINTED + ". " + warning.text, PRINTED_SHORT + ". " + warning.short
    return PrintOutcome(True, number, message, short, warning, status, job_id, output)
