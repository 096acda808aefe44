"""Print a ticket now, synchronously, for the CLI, tests and benches (the windows use shared.qt.print_chain).

Three steps, each on its own: one transaction reads the ticket and starts its job, the printer prints (no
database open meanwhile), one transaction records the outcome. Whatever happens, the job row says so: the gate's
"unprinted" list and a reprint by number pick it up, and the ticket keeps its number and place.
"""

from __future__ import annotations

from datetime import date, datetime

from shared.config import Config
from shared.db.engine import Database
from shared.services import print_jobs
from shared.services.print_jobs import PrintOutcome
from shared.services.staff import Actor, Authority

from .service import TicketPrinter


def print_now(
    db: Database,
    printer: TicketPrinter,
    config: Config,
    *,
    ticket_id: int | None = None,
    day: date | None = None,
    number: str | None = None,
    now: datetime | None = None,
    only_if_unprinted: bool = False,
    actor: Actor | None = None,
    authority: Authority | None = None,
) -> PrintOutcome:
    """Print (or reprint) one ticket, by `ticket_id` or by `day` and `number`. `only_if_unprinted` (the "print
    what did not print" buttons): a ticket that printed meanwhile is not printed twice. The job is `actor`'s; a
    second copy of a printed ticket needs a supervisor's `authority` (StaffError otherwise, nothing printed)."""
    who = {"actor": actor, "authority": authority}
    if ticket_id is not None:
        shown = str(ticket_id)
        start = db.run(print_jobs.reprint_by_id, config, ticket_id, printer.url, now, only_if_unprinted, **who)
    elif day is not None and number is not None:
        shown = f"{number} ({day.isoformat()})"
        start = db.run(print_jobs.reprint_by_number, config, day, number, printer.url, now, only_if_unprinted,
                       **who)
    else:
        raise ValueError("print_now needs ticket_id, or day and number")
    if start.view is None:
        return print_jobs.ticket_not_found(shown)
    if start.job is None:
        return print_jobs.already_printed(start.view.number)
    outcome = printer.print_view(start.view, start.job.id)
    db.run(print_jobs.record_outcome, start.job.id, outcome.ok, outcome.record_reason, now)
    return outcome
